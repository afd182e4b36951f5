/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the little of <linux/kernel.h> paraminfo uses. */
#ifndef _PI_SHIM_LINUX_KERNEL_H
#define _PI_SHIM_LINUX_KERNEL_H

#include <limits.h>
#include <stdio.h>
#include <linux/types.h>

#define U32_MAX		((u32)~0U)
#define U16_MAX		((u16)~0U)
#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))
#define BIT(n)		(1UL << (n))
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif
