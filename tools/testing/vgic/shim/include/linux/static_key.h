/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: static keys are plain flags. */
#ifndef _SHIM_LINUX_STATIC_KEY_H
#define _SHIM_LINUX_STATIC_KEY_H

struct static_key_false {
	int enabled;
};

#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name
#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name
#define static_branch_unlikely(k)	((k)->enabled)
#define static_branch_likely(k)		((k)->enabled)
#define static_branch_enable(k)		((k)->enabled = 1)
#define static_branch_disable(k)	((k)->enabled = 0)

#endif
