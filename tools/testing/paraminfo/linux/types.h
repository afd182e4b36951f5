/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/types.h>: the uapi one plus u8..u64. */
#ifndef _PI_SHIM_LINUX_TYPES_H
#define _PI_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#endif
