# SPDX-License-Identifier: GPL-2.0
#
# paraminfo: host build, demo and tests.
#
#   make demo    generate the model for the embedded fixture and show it
#   make check   every test (host tests first, slow real-vmlinux tests last)
#   make e2e     the kernel end to end in QEMU, x86-64 and arm64 (part of
#                make check, last; make e2e runs every arm64 encoding too)
#   make fuzz    libFuzzer on each decoder, FUZZ_RUNS (10 million) executions each
#   make sanitize    the generator under ASan/UBSan on the real vmlinux too
#   make bench   table sizes and lookup latency per encoding on the real vmlinux
#   make bench-callers   the printer path of a ten-frame trace, per encoding
#   make bench-gen   generator time/RSS against pahole on the real vmlinux
#   make bench-decode    decode_oops time against the number of dumps in a log
#   make bench-modules   modules' tables: bytes per function, time per module build
#   make measure-entry-values    what call-site parameters could add where DWARF
#                says "entry value", and what storing them would cost, on the
#                real vmlinux files (build/entry-values.txt)

BUILD	?= build
CC	?= gcc
CFLAGS	?= -O2 -g
PI_CFLAGS := -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
	'-D__printf(a,b)=__attribute__((format(printf,a,b)))' \
	-Iinclude $(shell pkg-config --cflags libdw libelf capstone 2>/dev/null)
PI_LIBS	:= $(shell pkg-config --libs libdw libelf capstone 2>/dev/null || \
	     echo -ldw -lelf -lcapstone) -lxxhash

T	:= tools/testing/paraminfo
DEPS_BUILD := gcc make pkg-config libdw-dev libelf-dev libxxhash-dev libcapstone-dev \
	python3 bc binutils gcc-aarch64-linux-gnu
DEPS_REAL  := dwarves bpftool llvm
# The AArch64 fixture and the qemu-user it runs in (test_oracle_arm64.sh).
DEPS_ARM64 := gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu \
	qemu-user
CC_ARM64 ?= aarch64-linux-gnu-gcc

DECODE_OOPS_SRCS := scripts/paraminfo/decode_oops.c scripts/paraminfo/oopsblock.c
GEN_SRCS := $(filter-out $(DECODE_OOPS_SRCS),$(wildcard scripts/paraminfo/*.c))
GEN_OBJS := $(GEN_SRCS:scripts/paraminfo/%.c=$(BUILD)/gen/%.o)
GEN	:= $(BUILD)/gen_paraminfo

# The offline decoder: the generator's reader and proof, the flat encoder,
# and the kernel's decoder and printer compiled unchanged (stand-in headers).
DECODE_OOPS := $(BUILD)/decode_oops
DECODE_OOPS_KSRCS := kernel/paraminfo/core.c kernel/paraminfo/stream.c \
	kernel/paraminfo/print.c kernel/paraminfo/decode_flat.c kernel/paraminfo/decode_unwind.c

# The host harness: kernel decoders compiled unchanged with stand-in headers,
# under ASan and UBSan like tools/testing/radix-tree.
HARNESS	:= $(BUILD)/pi_harness
HARNESS_SRCS := $(T)/harness.c kernel/paraminfo/core.c kernel/paraminfo/stream.c \
	kernel/paraminfo/print.c kernel/paraminfo/callers.c kernel/paraminfo/modtable.c \
	$(wildcard kernel/paraminfo/decode_*.c) scripts/paraminfo/dump.c scripts/paraminfo/model.c \
	scripts/paraminfo/util.c scripts/paraminfo/elfsym.c scripts/paraminfo/kallsyms.c scripts/paraminfo/abi.c \
	scripts/paraminfo/abi_x86_64.c scripts/paraminfo/abi_arm64.c scripts/paraminfo/types.c \
	scripts/paraminfo/kmod.c scripts/paraminfo/elfrel.c scripts/paraminfo/dwarf.c scripts/paraminfo/decl.c \
	scripts/paraminfo/loc.c
HARNESS_CFLAGS := -O1 -g -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
	-fno-sanitize-recover=all -I$(T) -Iinclude -Iscripts/paraminfo \
	'-D__printf(a,b)=__attribute__((format(printf,a,b)))'

# Stack ranges through the encoders, the kernel decoders and the printer,
# on models built in C; sanitized like the harness.
STACK_TEST := $(BUILD)/test_stack
STACK_TEST_SRCS := $(T)/test_stack.c $(T)/test_stack_print.c $(T)/test_stack_bad.c \
	$(filter-out $(T)/harness.c,$(HARNESS_SRCS)) $(wildcard scripts/paraminfo/encode_*.c) \
	scripts/paraminfo/encoders.c scripts/paraminfo/stream.c

# The lookup benchmark: the same decoders, optimised, no sanitizers.
BENCH	:= $(BUILD)/bench
BENCH_SRCS := $(T)/bench.c kernel/paraminfo/core.c kernel/paraminfo/stream.c \
	$(wildcard kernel/paraminfo/decode_*.c)

# The printer path of a ten-frame trace: the decoders, print.c and callers.c.
BENCH_CALLERS := $(BUILD)/bench_callers
BENCH_CALLERS_SRCS := $(T)/bench_callers.c kernel/paraminfo/core.c \
	kernel/paraminfo/stream.c kernel/paraminfo/print.c kernel/paraminfo/callers.c \
	$(wildcard kernel/paraminfo/decode_*.c)

# The accuracy oracle: single-steps fixture functions under ptrace.
ORACLE	:= $(BUILD)/oracle

# The machine-code decoder against instruction facts from the Intel SDM.
DECODE_TEST := $(BUILD)/test_decode
DECODE_SRCS := $(T)/test_decode.c scripts/paraminfo/insn.c \
	scripts/paraminfo/insn_x86_64.c scripts/paraminfo/insn_arm64.c \
	scripts/paraminfo/patch.c \
	scripts/paraminfo/elfsym.c scripts/paraminfo/kallsyms.c scripts/paraminfo/util.c

# What DWARF's call-site parameters could add (issue 13 item 4): a
# measurement against gen_paraminfo --dump, libdw only.
ENTRYVAL := $(BUILD)/entryval
ENTRYVAL_SRCS := $(T)/entryval.c $(T)/entryval_dwarf.c

# The decoders' libFuzzer targets (clang, ASan+UBSan); rebuilt when the
# decoders change, since test_fuzz.sh runs them in make check.
FUZZ	:= $(BUILD)/fuzz/fuzz_flat $(BUILD)/fuzz/fuzz_pool $(BUILD)/fuzz/fuzz_delta
FUZZ_RUNS ?= 10000000

FIXTURE_SRCS := $(wildcard $(T)/fixtures/*.c)
FIXTURES := $(BUILD)/fixtures/default-O2 $(BUILD)/fixtures/default-O1 \
	$(BUILD)/fixtures/default-Os $(BUILD)/fixtures/default-O0
FIXTURES_ARM64 := $(BUILD)/fixtures/arm64-O2 $(BUILD)/fixtures/arm64-O1 \
	$(BUILD)/fixtures/arm64-Os

.PHONY: all deps deps-arm64 demo check check-host check-real e2e bench bench-callers bench-gen bench-decode \
	bench-modules measure-entry-values \
	fuzz sanitize clean

all: $(GEN) $(HARNESS) $(DECODE_OOPS)

deps:
	@$(T)/install-deps.sh $(DEPS_BUILD)

deps-arm64:
	@$(T)/install-deps.sh $(DEPS_ARM64)

$(BUILD)/gen/%.o: scripts/paraminfo/%.c $(wildcard scripts/paraminfo/*.h include/linux/paraminfo*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PI_CFLAGS) -c -o $@ $<

$(GEN): $(GEN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(PI_LIBS)

$(DECODE_OOPS): $(DECODE_OOPS_SRCS) $(DECODE_OOPS_KSRCS) scripts/paraminfo/oopsblock.h \
		$(filter-out $(BUILD)/gen/main.o,$(GEN_OBJS)) \
		$(wildcard include/linux/paraminfo*.h $(T)/linux/*.h)
	$(CC) $(CFLAGS) $(PI_CFLAGS) -I$(T) -Iscripts/paraminfo -o $@ \
		$(DECODE_OOPS_SRCS) $(DECODE_OOPS_KSRCS) \
		$(filter-out $(BUILD)/gen/main.o,$(GEN_OBJS)) $(PI_LIBS)

# The embedded default fixture: several C files linked into one program.
$(BUILD)/fixtures/default-%: $(FIXTURE_SRCS) $(wildcard $(T)/fixtures/*.h) | deps
	@mkdir -p $(@D)
	$(CC) -$* -g -fno-pie -no-pie -o $@ $(FIXTURE_SRCS)

# The same fixture for AArch64, static so that qemu-aarch64 runs it without
# an arm64 root; the AArch64 accuracy oracle single-steps it there.
$(BUILD)/fixtures/arm64-%: $(FIXTURE_SRCS) $(wildcard $(T)/fixtures/*.h) | deps-arm64
	@mkdir -p $(@D)
	$(CC_ARM64) -$* -g -static -fno-pie -no-pie -o $@ $(FIXTURE_SRCS)

$(HARNESS): $(HARNESS_SRCS) $(wildcard include/linux/*.h $(T)/linux/*.h scripts/paraminfo/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(HARNESS_CFLAGS) -o $@ $(HARNESS_SRCS) -lxxhash -ldw -lelf

$(STACK_TEST): $(STACK_TEST_SRCS) $(T)/test_stack.h \
		$(wildcard include/linux/*.h $(T)/linux/*.h scripts/paraminfo/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(HARNESS_CFLAGS) -o $@ $(STACK_TEST_SRCS) -lxxhash -ldw -lelf

$(DECODE_TEST): $(DECODE_SRCS) $(wildcard scripts/paraminfo/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PI_CFLAGS) -Iscripts/paraminfo -o $@ $(DECODE_SRCS) $(PI_LIBS)

$(ENTRYVAL): $(ENTRYVAL_SRCS) $(T)/entryval.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PI_CFLAGS) '-D__noreturn=__attribute__((__noreturn__))' -o $@ \
		$(ENTRYVAL_SRCS) $(shell pkg-config --libs libdw libelf 2>/dev/null || echo -ldw -lelf)

$(ORACLE): $(T)/oracle.c $(T)/oracle_dump.c $(T)/oracle_unwind.c $(T)/oracle.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -Wno-unused-parameter -o $@ $(T)/oracle.c $(T)/oracle_dump.c $(T)/oracle_unwind.c -ldw -lelf

demo: $(GEN) $(HARNESS) $(BUILD)/fixtures/default-O2
	@$(T)/demo.sh $(GEN) $(BUILD)

check: $(GEN) $(HARNESS) $(DECODE_OOPS) $(ORACLE) $(DECODE_TEST) $(STACK_TEST) $(ENTRYVAL) \
		$(FIXTURES) $(FIXTURES_ARM64) $(FUZZ)
	@$(T)/install-deps.sh $(DEPS_REAL)
	@PI_NEED_ARM64=1 $(T)/run-tests.sh all $(GEN) $(BUILD)

check-host: $(GEN) $(HARNESS) $(DECODE_OOPS) $(ORACLE) $(DECODE_TEST) $(STACK_TEST) $(ENTRYVAL) \
		$(FIXTURES) $(FIXTURES_ARM64) $(FUZZ)
	@PI_NEED_ARM64=1 $(T)/run-tests.sh host $(GEN) $(BUILD)

check-real: $(GEN) $(HARNESS) $(DECODE_OOPS)
	@$(T)/install-deps.sh $(DEPS_REAL)
	@$(T)/run-tests.sh real $(GEN) $(BUILD)

# The kernel end to end: Debian's linux-source-6.1 with paraminfo applied,
# built once per encoding (cached in ~/.cache/paraminfo/kernel), booted in
# QEMU, every WARN/oops case and KUnit checked. Last: it is the slowest.
# make check runs x86-64's three encodings, arm64's delta and
# linux-source-6.12's delta on x86-64; make e2e the full matrix (arm64's
# three encodings and its baseline too).
e2e: $(GEN) $(HARNESS) $(DECODE_OOPS)
	@PARAMINFO_E2E_FULL=1 $(T)/run-tests.sh e2e $(GEN) $(BUILD)

$(BENCH): $(BENCH_SRCS) $(T)/bench_load.h $(wildcard include/linux/paraminfo*.h $(T)/linux/*.h) | deps
	$(CC) -O2 -g -Wall -Wextra -Wno-unused-parameter -I$(T) -Iinclude \
		'-Dnoinline=__attribute__((noinline))' -o $@ $(BENCH_SRCS) -lxxhash

$(BENCH_CALLERS): $(BENCH_CALLERS_SRCS) $(T)/bench_load.h $(wildcard include/linux/paraminfo*.h $(T)/linux/*.h) | deps
	$(CC) -O2 -g -Wall -Wextra -Wno-unused-parameter -I$(T) -Iinclude \
		'-Dnoinline=__attribute__((noinline))' -o $@ $(BENCH_CALLERS_SRCS) -lxxhash

# The reference vmlinux's tables, then ten callers' blocks, timed.
bench-callers: $(GEN) $(BENCH_CALLERS)
	@v=$$($(T)/fetch-vmlinux.sh x86_64) && for e in flat pool delta; do \
		$(GEN) --encoding=$$e --format=bin -o $(BUILD)/bench-callers-$$e.bin $$v || exit 1; \
	done && $(BENCH_CALLERS) $(BUILD)/bench-callers-flat.bin \
		$(BUILD)/bench-callers-pool.bin $(BUILD)/bench-callers-delta.bin

bench: $(GEN) $(BENCH)
	@$(T)/bench.sh $(GEN) $(BUILD)

# Hardening (Documentation/admin-guide/paraminfo-hardening.rst).
$(FUZZ) &: $(T)/fuzz/fuzz_decoder.c $(T)/fuzz/fuzz.sh kernel/paraminfo/core.c \
		kernel/paraminfo/stream.c kernel/paraminfo/print.c kernel/paraminfo/callers.c kernel/paraminfo/modtable.c \
		$(wildcard kernel/paraminfo/decode_*.c include/linux/paraminfo*.h $(T)/linux/*.h)
	@$(T)/fuzz/fuzz.sh build $(BUILD)

fuzz: $(GEN) $(FIXTURES) $(STACK_TEST) $(FUZZ)
	@$(T)/fuzz/fuzz.sh seeds $(GEN) $(BUILD)
	@for e in flat pool delta; do \
		$(T)/fuzz/fuzz.sh run $(BUILD) $$e -runs=$(FUZZ_RUNS) || exit 1; \
	done

sanitize: $(GEN) $(HARNESS) $(FIXTURES)
	@$(T)/install-deps.sh $(DEPS_REAL) valgrind
	@$(T)/run-tests.sh sanitize $(GEN) $(BUILD)

bench-gen: $(GEN)
	@$(T)/install-deps.sh $(DEPS_REAL) time
	@$(T)/bench-gen.sh $(GEN)

bench-modules: $(GEN)
	@$(T)/bench-modules.sh $(GEN) $(BUILD)

measure-entry-values: $(GEN) $(ENTRYVAL)
	@$(T)/measure-entry-values.sh $(GEN) $(ENTRYVAL) $(BUILD)/entry-values.txt

bench-decode: $(DECODE_OOPS)
	@$(T)/install-deps.sh binutils binutils-aarch64-linux-gnu
	@$(T)/bench_decode.py $(DECODE_OOPS) $(BUILD)

clean:
	rm -rf $(BUILD)
