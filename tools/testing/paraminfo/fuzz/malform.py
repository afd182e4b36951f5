#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# malform.py - make malformed ELF files for test_malformed.sh
#
#   malform.py sections IN             print "NAME OFFSET SIZE" per section
#   malform.py extent IN SECTION OUT   the section's extent passes the end
#                                      of the file (sh_size grown), section
#                                      headers intact
#   malform.py offset IN SECTION OUT   the section's sh_offset points past
#                                      the end of the file
#   malform.py overwrite IN SECTION SEED OUT
#                                      1-16 random bytes of the section
#                                      overwritten, at random places; the
#                                      same SEED makes the same file
#   malform.py ehdr IN FIELD OUT       a broken ELF header: shoff (section
#                                      headers past the end), shnum (too
#                                      many), shstrndx (out of range),
#                                      shentsize (wrong)
#
# 64-bit little-endian ELF only, like the generator's input.
import random
import struct
import sys


def shdrs(d):
    shoff, = struct.unpack_from('<Q', d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
    strtab = struct.unpack_from('<IIQQQQIIQQ', d, shoff + shstrndx * shentsize)[4]
    out = {}
    for i in range(shnum):
        pos = shoff + i * shentsize
        s = struct.unpack_from('<IIQQQQIIQQ', d, pos)
        end = d.index(0, strtab + s[0])
        out[d[strtab + s[0]:end].decode()] = (pos, s[4], s[5], s[1])
    return out


def section(d, name):
    s = shdrs(d).get(name)
    if not s:
        sys.exit('malform.py: no section ' + name)
    return s


def main():
    cmd, src = sys.argv[1:3]
    d = bytearray(open(src, 'rb').read())
    if cmd == 'sections':
        for name, (pos, off, size, typ) in shdrs(d).items():
            # SHT_NOBITS (8) has no bytes in the file.
            if name and typ != 8:
                print(name, off, size)
        return
    if cmd == 'extent':
        pos, off, size, typ = section(d, sys.argv[3])
        struct.pack_into('<Q', d, pos + 0x20, len(d) - off + 4096)
    elif cmd == 'offset':
        pos, off, size, typ = section(d, sys.argv[3])
        struct.pack_into('<Q', d, pos + 0x18, len(d) + 64)
    elif cmd == 'overwrite':
        pos, off, size, typ = section(d, sys.argv[3])
        rnd = random.Random(int(sys.argv[4]))
        for _ in range(rnd.randint(1, 16)):
            d[off + rnd.randrange(size)] = rnd.randrange(256)
    elif cmd == 'ehdr':
        field = sys.argv[3]
        if field == 'shoff':
            struct.pack_into('<Q', d, 0x28, len(d) + 8)
        elif field == 'shnum':
            struct.pack_into('<H', d, 0x3c, 0xfeff)
        elif field == 'shstrndx':
            struct.pack_into('<H', d, 0x3e, 0xfeff)
        elif field == 'shentsize':
            struct.pack_into('<H', d, 0x3a, 32)
        else:
            sys.exit('malform.py: unknown field ' + field)
    else:
        sys.exit('usage: see malform.py')
    open(sys.argv[-1], 'wb').write(d)


main()
