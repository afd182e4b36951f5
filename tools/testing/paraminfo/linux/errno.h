/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/errno.h>: the uapi error numbers. */
#include_next <linux/errno.h>
