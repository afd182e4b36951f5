# SPDX-License-Identifier: GPL-2.0
"""What check_e2e.py expects of each case of lib/test_paraminfo.c and
test_paraminfo_mod.ko, per architecture: the values it must print, the
reasons it may print instead, the registers they come from; the cases
/init runs, and the test functions that must not be cloned."""

REASONS = {
    '<not in a register here>', '<passed on the stack>', '<floating point>',
    '<optimized out>', '<entry value only>', '<in memory>',
    '<computed or constant>', '<split in pieces>', '<in a vector register>',
    '<untrusted DWARF>', '<undecodable location>',
    '<reassigned in this function>', '<not provable from the code>',
    '<passed by reference>',
}
# Per architecture (a run directory's "arch" file; x86_64 when absent):
# the callee-saved and argument registers by the names the kernel prints.
ARCHES = {
    'x86_64': {'callee_saved': {'rbx', 'rbp', 'r12', 'r13', 'r14', 'r15'},
               'abi_regs': ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9']},
    'arm64': {'callee_saved': {'x%d' % i for i in range(19, 29)},
              'abi_regs': ['x%d' % i for i in range(8)]},
}

# What each case is for, beyond "every printed value is right".
#   value:  parameters that must print a value
#   reason: parameters that must print a reason (set: one of these)
#   entry_regs / callee_saved: the value must come from that kind of register
#   stack:  at least this many values must come from stack slots
#   fault:  the parameter that must carry "<-- fault address"
#   none:   the function has no parameters
#   byref:  the parameter passed by reference: its copy's address or
#           <passed by reference>, never a value
#   overwritten: {parameter: register} that run-time patching overwrote
#           after entry; every value printed must be the argument
CASES = {
    'entry': {'value': 'a b c d e p', 'entry_regs': 'a b c d e p'},
    'callee_saved': {'value': 'a b c', 'callee_saved': 'a b c'},
    'unused': {'value': 'c', 'reason': {'unused': None}},
    'struct_arg': {'value': 'z', 'reason': {'w': None}},
    'seven': {'value': 'a b c d e f', 'entry_regs': 'a b c d e',
              'reason': {'seven': {'<passed on the stack>'}}},
    'many': {'value': 'a b c d e f', 'entry_regs': 'a b c d e f',
             'reason': {n: {'<passed on the stack>'} for n in 'ghij'}},
    'big': {'value': 'after', 'reason': {'big': {'<passed on the stack>'}}},
    'spill': {'value': 'a b c d e f', 'stack': 4},
    # lib/test_paraminfo_chain.c: the leaf of a call chain; e2e_callers.py
    # checks the callers' blocks.
    'chain': {'value': 'x'},
    'chainoops': {'value': 'p', 'fault': 'p'},
    'noparams': {'none': True},
    'clone': {'value': 'a c', 'reason': {'dead': None}},
    'alt': {'overwritten': {'b': 'rsi', 'd': 'rcx'}},
    'oops': {'value': 'p', 'fault': 'p'},
    # test_paraminfo_mod.ko: its own table, its .init.text during init.
    'modinit': {'value': 'a b p', 'entry_regs': 'a b p'},
    'modwarn': {'value': 'a b c d p', 'entry_regs': 'a b c d p'},
    'modclone': {'value': 'a c', 'reason': {'dead': None}},
    'modoops': {'value': 'p', 'fault': 'p'},
    # lib/test_paraminfo_loop.c's WARN loop on the second CPU, while the module
    # is loaded and unloaded 200 times.
    'warnloop': {'value': 'a b'},
    'smp': {'value': 'a b', 'entry_regs': 'a b'},
    'sysrq': {'value': 'a b c state', 'interrupted': r'^sysrq: Show Regs$'},
    'nmi': {'value': 'a b c state', 'interrupted': r'^NMI backtrace for cpu \d+$'},
    'softlockup': {'value': 'a b c state',
                   'interrupted': r'^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s!'},
}
# arm64 (AAPCS64): eight argument registers, x0-x7; a struct over 16 bytes
# is passed by reference, as the address of a copy: never its value. gcc
# zero-extends u8 and u16 arguments in place on entry ("and w3, w3,
# #0xffff"), which keeps their value (entry's d and e, seven's c and d).
CASES_ARM64 = dict(CASES, **{
    'seven': {'value': 'a b c d e f seven',
              'entry_regs': 'a b c d e f seven'},
    'many': {'value': 'a b c d e f g h', 'entry_regs': 'a b c d e f g h',
             'reason': {n: {'<passed on the stack>'} for n in 'ij'}},
    'big': {'value': 'after', 'byref': 'big'},
    'alt': {'overwritten': {'b': 'x1', 'd': 'x3'}},
})
CASES_OF = {'x86_64': CASES, 'arm64': CASES_ARM64}
# The WARN cases, in the order e2e/init triggers them.
WARN_CASES = ['entry', 'callee_saved', 'unused', 'struct_arg', 'seven',
              'noparams', 'clone', 'alt', 'many', 'big', 'spill', 'chain', 'smp']
# The cases whose regs come from an interrupt, not a trap.
INTERRUPTED_CASES = ['sysrq', 'nmi', 'softlockup']
UNCLONED = ['pi_test_spin', 'pi_test_entry', 'pi_test_callee_saved', 'pi_test_unused',
            'pi_test_struct_arg', 'pi_test_seven', 'pi_test_noparams',
            'pi_test_oops', 'pi_test_smp0', 'pi_test_smp1', 'pi_test_alt',
            'pi_test_many', 'pi_test_big', 'pi_test_spill']
# The module cases.
MOD_CASES = ['modinit', 'modwarn', 'modclone', 'modoops', 'warnloop']
