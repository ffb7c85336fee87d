// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Indexed by capability number, literally rather than from <linux/capability.h>:
 * the build host's headers may be older than the kernels we watch.
 */
#include <ctype.h>
#include <stdio.h>

#include "capability.h"

static const char *const cap_names[CAPABILITY_BITS] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
    /*
     * Bits no kernel has named yet: spelled out so that every bit of a mask has a
     * static name and decoding a mask never needs a buffer.
     */
    "CAP_41",
    "CAP_42",
    "CAP_43",
    "CAP_44",
    "CAP_45",
    "CAP_46",
    "CAP_47",
    "CAP_48",
    "CAP_49",
    "CAP_50",
    "CAP_51",
    "CAP_52",
    "CAP_53",
    "CAP_54",
    "CAP_55",
    "CAP_56",
    "CAP_57",
    "CAP_58",
    "CAP_59",
    "CAP_60",
    "CAP_61",
    "CAP_62",
    "CAP_63",
};

_Static_assert(sizeof(cap_names) / sizeof(cap_names[0]) == CAPABILITY_BITS, "a name per bit");

const char *capability__name(unsigned int cap)
{
	return cap < CAPABILITY_BITS ? cap_names[cap] : NULL;
}

size_t capability__names(uint64_t mask, const char **names, size_t max)
{
	size_t count = 0;

	for (unsigned int cap = 0; cap < CAPABILITY_BITS; cap++) {
		if (!(mask & (1ull << cap)))
			continue;
		if (count < max)
			names[count] = cap_names[cap];
		count++;
	}
	return count;
}

/*
 * Appends s at buf + off when it fits, a cut copy when it does not; returns its
 * length either way, so that the caller's total is the length of the whole list.
 */
static size_t append(char *buf, size_t len, size_t off, const char *s)
{
	int k = snprintf(off < len ? buf + off : NULL, off < len ? len - off : 0, "%s", s);

	return k > 0 ? (size_t)k : 0;
}

size_t capability__join(uint64_t mask, const struct capability_list_style *style, char *buf,
			size_t len)
{
	unsigned int shown = 0, more = 0;
	char text[32];
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	for (unsigned int cap = 0; cap < CAPABILITY_BITS; cap++) {
		const char *name = cap_names[cap];

		if (!(mask & (1ull << cap)))
			continue;
		if (style->max_shown && shown == style->max_shown) {
			more++;
			continue;
		}
		if (style->lower_case) {
			size_t i;

			for (i = 0; name[i] && i < sizeof(text) - 1; i++)
				text[i] = (char)tolower((unsigned char)name[i]);
			text[i] = '\0';
			name = text;
		}
		if (shown++)
			off += append(buf, len, off, style->separator);
		off += append(buf, len, off, name);
	}
	if (more) {
		snprintf(text, sizeof(text), " and %u more", more);
		off += append(buf, len, off, text);
	}
	return off;
}
