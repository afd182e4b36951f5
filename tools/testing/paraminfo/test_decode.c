// SPDX-License-Identifier: GPL-2.0
/*
 * test_decode - what the decoders of the machine-code proof say about
 * single instructions, against facts written here from the Intel SDM and
 * the Arm ARM: the registers each one writes (implicit ones included,
 * where capstone 4 alone misses some), the ones a rep-string instruction
 * has already changed while rip is still on it, which moves are copies and
 * of how many bytes, and how control leaves it. The AArch64 cases include
 * the LSE atomics and udf, which capstone 4 cannot decode at all.
 *
 * Writes may be over-approximated (that only proves less), never missed:
 * every register listed here must be in the decoder's set. Copies, kinds
 * and "here" sets are checked exactly. Prints KTAP; exit 1 on a failure.
 */
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "util.h"

/* DWARF x86-64 register numbers as bits. */
#define AX	(1u << 0)
#define DX	(1u << 1)
#define CX	(1u << 2)
#define BX	(1u << 3)
#define SI	(1u << 4)
#define DI	(1u << 5)
#define BP	(1u << 6)
#define SP	(1u << 7)
#define R11	(1u << 11)

#define ADDR	0x1000

struct pi_case {
	const char *what;
	unsigned char bytes[12];	/* x86-64 */
	uint32_t word;			/* AArch64: one 32-bit instruction */
	unsigned int len;
	int fails;		/* no instruction at all */
	unsigned int writes;	/* at least these */
	unsigned int here;	/* exactly these */
	int kind;
	uint64_t target;	/* JUMP, BRANCH, CALL */
	int is_copy;		/* then copy holds dst, src, width, swap */
	int copy[4];
};

static const struct pi_case x86_cases[] = {
	{
		.what = "rep movsb",
		.bytes = { 0xf3, 0xa4 },
		.len = 2,
		.writes = DI | SI | CX,
		.here = DI | SI | CX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "rep stosq",
		.bytes = { 0xf3, 0x48, 0xab },
		.len = 3,
		.writes = DI | CX,
		.here = DI | CX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "rep stosb",
		.bytes = { 0xf3, 0xaa },
		.len = 2,
		.writes = DI | CX,
		.here = DI | CX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "repne scasb",
		.bytes = { 0xf2, 0xae },
		.len = 2,
		.writes = DI | CX,
		.here = DI | CX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "movsb without rep: done in one step",
		.bytes = { 0xa4 },
		.len = 1,
		.writes = DI | SI,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "lodsb",
		.bytes = { 0xac },
		.len = 1,
		.writes = AX | SI,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cmpxchg %rdx,(%rsi) writes rax on failure",
		.bytes = { 0x48, 0x0f, 0xb1, 0x16 },
		.len = 4,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "lock cmpxchg",
		.bytes = { 0xf0, 0x48, 0x0f, 0xb1, 0x16 },
		.len = 5,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cmpxchg16b (%rdi)",
		.bytes = { 0x48, 0x0f, 0xc7, 0x0f },
		.len = 4,
		.writes = AX | DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "xadd %rax,(%rdi)",
		.bytes = { 0x48, 0x0f, 0xc1, 0x07 },
		.len = 4,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cpuid",
		.bytes = { 0x0f, 0xa2 },
		.len = 2,
		.writes = AX | BX | CX | DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "rdtsc",
		.bytes = { 0x0f, 0x31 },
		.len = 2,
		.writes = AX | DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "rdtscp",
		.bytes = { 0x0f, 0x01, 0xf9 },
		.len = 3,
		.writes = AX | DX | CX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "rdmsr",
		.bytes = { 0x0f, 0x32 },
		.len = 2,
		.writes = AX | DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "mul %rsi",
		.bytes = { 0x48, 0xf7, 0xe6 },
		.len = 3,
		.writes = AX | DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cqo",
		.bytes = { 0x48, 0x99 },
		.len = 2,
		.writes = DX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "enter $0x10,$0",
		.bytes = { 0xc8, 0x10, 0x00, 0x00 },
		.len = 4,
		.writes = BP | SP,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "leave",
		.bytes = { 0xc9 },
		.len = 1,
		.writes = BP | SP,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "xlat",
		.bytes = { 0xd7 },
		.len = 1,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "syscall",
		.bytes = { 0x0f, 0x05 },
		.len = 2,
		.writes = CX | R11,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "pop %rdi",
		.bytes = { 0x5f },
		.len = 1,
		.writes = DI,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "canary load mov %gs:0x28,%rax",
		.bytes = { 0x65, 0x48, 0x8b, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00 },
		.len = 9,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "canary load mov %gs:sym(%rip),%rax (Linux 6.15)",
		.bytes = { 0x65, 0x48, 0x8b, 0x05, 0x00, 0x00, 0x00, 0x00 },
		.len = 8,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cmova %rsi,%rdi: a write, not a copy",
		.bytes = { 0x48, 0x0f, 0x47, 0xfe },
		.len = 4,
		.writes = DI,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "mov %di,%ax: keeps rax's upper bytes, not a copy",
		.bytes = { 0x66, 0x89, 0xf8 },
		.len = 3,
		.writes = AX,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "mov %rdi,%rbx",
		.bytes = { 0x48, 0x89, 0xfb },
		.len = 3,
		.writes = BX,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 3, 5, 8, 0 },
	},
	{
		.what = "mov %edi,%ebx: the low four bytes",
		.bytes = { 0x89, 0xfb },
		.len = 2,
		.writes = BX,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 3, 5, 4, 0 },
	},
	{
		.what = "movzbl %dil,%eax: the low byte",
		.bytes = { 0x40, 0x0f, 0xb6, 0xc7 },
		.len = 4,
		.writes = AX,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 0, 5, 1, 0 },
	},
	{
		.what = "movslq %edi,%rdi: the low four bytes",
		.bytes = { 0x48, 0x63, 0xff },
		.len = 3,
		.writes = DI,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 5, 5, 4, 0 },
	},
	{
		.what = "xchg %rdi,%rsi",
		.bytes = { 0x48, 0x87, 0xfe },
		.len = 3,
		.writes = DI | SI,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 4, 5, 8, 1 },
	},
	{
		.what = "call rel32",
		.bytes = { 0xe8, 0x10, 0x00, 0x00, 0x00 },
		.len = 5,
		.kind = PI_INSN_CALL,
		.target = ADDR + 5 + 0x10,
	},
	{
		.what = "call *%rax",
		.bytes = { 0xff, 0xd0 },
		.len = 2,
		.kind = PI_INSN_ICALL,
	},
	{
		.what = "jmp *%rax",
		.bytes = { 0xff, 0xe0 },
		.len = 2,
		.kind = PI_INSN_IJUMP,
	},
	{
		.what = "jmp rel8",
		.bytes = { 0xeb, 0x10 },
		.len = 2,
		.kind = PI_INSN_JUMP,
		.target = ADDR + 2 + 0x10,
	},
	{
		.what = "je rel8",
		.bytes = { 0x74, 0x10 },
		.len = 2,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 2 + 0x10,
	},
	{
		.what = "loop rel8: a branch that writes rcx",
		.bytes = { 0xe2, 0xfe },
		.len = 2,
		.writes = CX,
		.kind = PI_INSN_BRANCH,
		.target = ADDR,
	},
	{
		.what = "jrcxz rel8",
		.bytes = { 0xe3, 0x10 },
		.len = 2,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 2 + 0x10,
	},
	{
		.what = "xbegin rel32: an abort goes to the target",
		.bytes = { 0xc7, 0xf8, 0x10, 0x00, 0x00, 0x00 },
		.len = 6,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 6 + 0x10,
	},
	{
		.what = "ret",
		.bytes = { 0xc3 },
		.len = 1,
		.kind = PI_INSN_RET,
	},
	{
		.what = "int3: padding, the path ends",
		.bytes = { 0xcc },
		.len = 1,
		.kind = PI_INSN_STOP,
	},
	{
		.what = "ud2: a WARN goes on after it",
		.bytes = { 0x0f, 0x0b },
		.len = 2,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "0x06 (push %es) is no instruction in 64-bit mode",
		.bytes = { 0x06 },
		.len = 1,
		.fails = 1,
		.kind = PI_INSN_NEXT,
	},
};

static const struct pi_case arm64_cases[] = {
	{
		.what = "cmp w0, #2 (subs wzr): writes no register",
		.word = 0x7100081f,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cmn x3, #1 (adds xzr): writes no register",
		.word = 0xb100047f,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "tst x4, #1 (ands xzr): writes no register",
		.word = 0xf240009f,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "subs x0, x1, #1: writes x0",
		.word = 0xf1000420,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "msr sp_el0, x1: writes no general-purpose register",
		.word = 0xd5184101,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "paciasp signs x30",
		.word = 0xd503233f,
		.len = 4,
		.writes = 1u << 30,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "autiasp authenticates x30",
		.word = 0xd50323bf,
		.len = 4,
		.writes = 1u << 30,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "pacia1716 signs x17",
		.word = 0xd503211f,
		.len = 4,
		.writes = 1u << 17,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "nop (hint #0) writes nothing",
		.word = 0xd503201f,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "stxr w2, x3, [x4]: the status register",
		.word = 0xc8027c83,
		.len = 4,
		.writes = 1u << 2,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldr x0, [sp], #16: the register and the base",
		.word = 0xf84107e0,
		.len = 4,
		.writes = 1u << 0 | 1u << 31,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "mov x0, x1",
		.word = 0xaa0103e0,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 0, 1, 8, 0 },
	},
	{
		.what = "mov w0, w1: the low four bytes",
		.word = 0x2a0103e0,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 0, 1, 4, 0 },
	},
	{
		.what = "sxtw x0, w1: the low four bytes",
		.word = 0x93407c20,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 0, 1, 4, 0 },
	},
	{
		.what = "uxtb w0, w1: the low byte",
		.word = 0x53001c20,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
		.is_copy = 1,
		.copy = { 0, 1, 1, 0 },
	},
	{
		.what = "ldr x0, [x1, #8]!: the base is written back",
		.word = 0xf8408c20,
		.len = 4,
		.writes = 1u << 0 | 1u << 1,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldp x29, x30, [sp], #16",
		.word = 0xa8c17bfd,
		.len = 4,
		.writes = 1u << 29 | 1u << 30,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "bl: a call that writes lr",
		.word = 0x94000010,
		.len = 4,
		.writes = 1u << 30,
		.kind = PI_INSN_CALL,
		.target = ADDR + 0x40,
	},
	{
		.what = "blr x1",
		.word = 0xd63f0020,
		.len = 4,
		.writes = 1u << 30,
		.kind = PI_INSN_ICALL,
	},
	{
		.what = "b",
		.word = 0x14000010,
		.len = 4,
		.kind = PI_INSN_JUMP,
		.target = ADDR + 0x40,
	},
	{
		.what = "b.eq",
		.word = 0x54000080,
		.len = 4,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 0x10,
	},
	{
		.what = "cbz x0",
		.word = 0xb4000080,
		.len = 4,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 0x10,
	},
	{
		.what = "tbz w0, #0",
		.word = 0x36000080,
		.len = 4,
		.kind = PI_INSN_BRANCH,
		.target = ADDR + 0x10,
	},
	{
		.what = "br x1",
		.word = 0xd61f0020,
		.len = 4,
		.kind = PI_INSN_IJUMP,
	},
	{
		.what = "ret",
		.word = 0xd65f03c0,
		.len = 4,
		.kind = PI_INSN_RET,
	},
	{
		.what = "brk #0x800: a WARN goes on after it",
		.word = 0xd4210000,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldxr x0, [x1]",
		.word = 0xc85f7c20,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "stxr w2, x0, [x1]: the status register",
		.word = 0xc8027c20,
		.len = 4,
		.writes = 1u << 2,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "hvc #0: SMCCC lets firmware write x0-x17",
		.word = 0xd4000002,
		.len = 4,
		.writes = 0x3ffff,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "smc #0",
		.word = 0xd4000003,
		.len = 4,
		.writes = 0x3ffff,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldadd x2, x0, [x1] (LSE)",
		.word = 0xf8220020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldaddal x2, x0, [x1] (LSE)",
		.word = 0xf8e20020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "stadd x2, [x1] (LSE, rt is xzr)",
		.word = 0xf822003f,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "swpal x2, x0, [x1] (LSE)",
		.word = 0xf8e28020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "cas x2, x0, [x1] writes x2 (LSE)",
		.word = 0xc8a27c20,
		.len = 4,
		.writes = 1u << 2,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "casal x2, x0, [x1] (LSE)",
		.word = 0xc8e2fc20,
		.len = 4,
		.writes = 1u << 2,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "casp x2, x3, x0, x1, [x4] writes x2 and x3 (LSE)",
		.word = 0x48227c80,
		.len = 4,
		.writes = 1u << 2 | 1u << 3,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "ldapr x0, [x1] (v8.3)",
		.word = 0xf8bfc020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "udf #0",
		.word = 0x00000000,
		.len = 4,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "add x0, x1, x2: a write, not a copy",
		.word = 0x8b020020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "csel x0, x1, x2, ne: a write, not a copy",
		.word = 0x9a821020,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "mov x0, sp: sp is no value",
		.word = 0x910003e0,
		.len = 4,
		.writes = 1u << 0,
		.kind = PI_INSN_NEXT,
	},
	{
		.what = "0xffffffff is no instruction",
		.word = 0xffffffff,
		.len = 4,
		.fails = 1,
		.kind = PI_INSN_NEXT,
	},
};

/* Runs @n cases on @a's decoder; returns how many failed. */
static unsigned int pi_run(const struct pi_arch *a, const struct pi_case *cases,
			   unsigned int n, unsigned int *num)
{
	void *dec = a->open();
	unsigned int i, failed = 0;

	for (i = 0; i < n; i++) {
		const struct pi_case *c = &cases[i];
		unsigned char b[12];
		struct pi_insn in;
		int rc, ok;

		memcpy(b, c->bytes, sizeof(b));
		if (a == &pi_arch_arm64) {
			b[0] = c->word;
			b[1] = c->word >> 8;
			b[2] = c->word >> 16;
			b[3] = c->word >> 24;
		}
		rc = a->decode(dec, b, c->len, ADDR, &in);
		if (c->fails)
			ok = rc != 0;
		else
			ok = !rc && in.len == c->len &&
			     (in.writes & c->writes) == c->writes &&
			     in.here == c->here && in.kind == c->kind &&
			     ((c->kind != PI_INSN_JUMP && c->kind != PI_INSN_BRANCH &&
			       c->kind != PI_INSN_CALL) || in.target == c->target) &&
			     (c->is_copy ?
			      in.copy_dst == c->copy[0] && in.copy_src == c->copy[1] &&
			      in.copy_width == c->copy[2] && in.swap == c->copy[3] :
			      in.copy_dst == -1);
		printf("%sok %u - %s: %s\n", ok ? "" : "not ", ++*num, a->name,
		       c->what);
		if (!ok && !rc)
			printf("# decoded: len %u writes %#x here %#x kind %u target %#llx copy %d<-%d w%u swap %u\n",
			       in.len, in.writes, in.here, in.kind,
			       (unsigned long long)in.target, in.copy_dst,
			       in.copy_src, in.copy_width, in.swap);
		failed += !ok;
	}
	a->close(dec);
	return failed;
}

int main(void)
{
	unsigned int num = 0, failed;

	printf("KTAP version 1\n1..%zu\n", ARRAY_SIZE(x86_cases) + ARRAY_SIZE(arm64_cases));
	failed = pi_run(&pi_arch_x86_64, x86_cases, ARRAY_SIZE(x86_cases), &num);
	failed += pi_run(&pi_arch_arm64, arm64_cases, ARRAY_SIZE(arm64_cases), &num);
	printf("# decode: %u passed, %u failed\n", num - failed, failed);
	return failed ? 1 : 0;
}
