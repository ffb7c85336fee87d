// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "capability.h"
#include "privs.h"

struct cap_sets {
	uint64_t effective, permitted, inheritable;
};

static int cap_get(struct cap_sets *out)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {{0}};

	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	out->effective = data[0].effective | (uint64_t)data[1].effective << 32;
	out->permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
	out->inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	return 0;
}

static int cap_set(const struct cap_sets *in)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {
	    {(uint32_t)in->effective, (uint32_t)in->permitted, (uint32_t)in->inheritable},
	    {(uint32_t)(in->effective >> 32), (uint32_t)(in->permitted >> 32),
	     (uint32_t)(in->inheritable >> 32)},
	};

	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	return 0;
}

/* Capabilities this kernel knows: PR_CAPBSET_READ fails with EINVAL past the last one. */
static unsigned int cap_count(void)
{
	unsigned int n = 0;

	while (n < 64 && prctl(PR_CAPBSET_READ, n, 0, 0, 0) >= 0)
		n++;
	return n;
}

int privs__read(struct privs_state *out)
{
	struct cap_sets sets;
	unsigned int n = cap_count();
	int err, nnp;

	err = cap_get(&sets);
	if (err < 0)
		return err;
	*out = (struct privs_state){
	    .effective = sets.effective,
	    .permitted = sets.permitted,
	    .inheritable = sets.inheritable,
	};
	for (unsigned int cap = 0; cap < n; cap++) {
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0)
			out->bounding |= PRIVS_CAP(cap);
		/* EINVAL before Linux 4.3 (no ambient set): nothing can be in it. */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) > 0)
			out->ambient |= PRIVS_CAP(cap);
	}
	nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	if (nnp < 0)
		return -errno;
	out->no_new_privs = nnp == 1;
	return 0;
}

int privs__try_without(uint64_t caps, int (*fn)(void *ctx), void *ctx)
{
	struct cap_sets saved, lowered;
	int err, ret;

	err = cap_get(&saved);
	if (err < 0)
		return err;
	lowered = saved;
	lowered.effective &= ~caps;
	err = cap_set(&lowered);
	if (err < 0)
		return err;
	ret = fn(ctx);
	err = cap_set(&saved);
	return err < 0 ? err : ret;
}

int privs__thread_count(void)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	dir = opendir("/proc/self/task");
	if (!dir)
		return -errno;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

int privs__drop(uint64_t keep)
{
	struct cap_sets sets;
	struct privs_state got;
	unsigned int n = cap_count();
	int err, threads;

	threads = privs__thread_count();
	if (threads < 0)
		return threads;
	if (threads != 1)
		return -EBUSY;
	err = cap_get(&sets);
	if (err < 0)
		return err;
	keep &= sets.permitted;

	/* Before the capset: without CAP_SETPCAP in the effective set the bounding set stays. */
	for (unsigned int cap = 0; cap < n; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0 &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return -errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -errno;
	sets = (struct cap_sets){.effective = keep, .permitted = keep, .inheritable = 0};
	err = cap_set(&sets);
	if (err < 0)
		return err;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;

	/* Trust what the kernel reports, not what we asked for. */
	err = privs__read(&got);
	if (err < 0)
		return err;
	if (got.effective != keep || got.permitted != keep || got.inheritable || got.bounding ||
	    got.ambient || !got.no_new_privs)
		return -EPERM;
	return 0;
}

int privs__format(uint64_t caps, char *buf, size_t len)
{
	static const struct capability_list_style style = {.separator = ",", .lower_case = true};

	if (!caps)
		return snprintf(buf, len, "none");
	return (int)capability__join(caps, &style, buf, len);
}
