/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/xxhash.h>: the kernel's xxh32() on libxxhash. */
#ifndef _PI_SHIM_LINUX_XXHASH_H
#define _PI_SHIM_LINUX_XXHASH_H

#include <linux/types.h>
#include <xxhash.h>

static inline u32 xxh32(const void *input, size_t length, u32 seed)
{
	return XXH32(input, length, seed);
}

#endif
