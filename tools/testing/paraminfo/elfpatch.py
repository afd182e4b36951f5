#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# elfpatch.py IN SECTION OFFSET HEXBYTES OUT
#
# Copy a 64-bit little-endian ELF, overwriting bytes at OFFSET inside the
# named section (or at a file offset when SECTION is "-"). Used to make
# malformed inputs for the generator's bad-input tests.
import struct
import sys


def section_offset(d, wanted):
    shoff, = struct.unpack_from('<Q', d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)

    def shdr(i):
        return struct.unpack_from('<IIQQQQIIQQ', d, shoff + i * shentsize)

    strtab = shdr(shstrndx)[4]
    for i in range(shnum):
        s = shdr(i)
        end = d.index(0, strtab + s[0])
        if d[strtab + s[0]:end].decode() == wanted:
            return s[4]
    sys.exit('elfpatch.py: no section ' + wanted)


def main():
    src, sec, off, hexb, out = sys.argv[1:6]
    d = bytearray(open(src, 'rb').read())
    base = 0 if sec == '-' else section_offset(d, sec)
    b = bytes.fromhex(hexb)
    pos = base + int(off, 0)
    d[pos:pos + len(b)] = b
    open(out, 'wb').write(d)


main()
