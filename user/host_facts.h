/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The host's namespaces, read once at start, that the classifier compares events against. */
#ifndef CTRWATCH_HOST_FACTS_H
#define CTRWATCH_HOST_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../bpf/events.h"

/* Facts about the host that events are compared against. */
struct host_facts {
	/* namespaces of PID 1 on the host; a 0 field is unknown and never matches */
	struct ctw_namespaces init_ns;
	/*
	 * /proc/1/ns was unreadable and the collector's own namespaces were used:
	 * right when the collector runs in the host's namespaces (hostPID, host mount).
	 */
	bool init_ns_from_self;
};

/*
 * Fills out->init_ns from <proc_root>/1/ns/{mnt,pid,net,user,uts,ipc,cgroup}
 * ("/proc", or e.g. "/host/proc" in a DaemonSet). When PID 1's links cannot
 * be read (EACCES: PID 1 may be undumpable or in another user namespace), it
 * falls back to <proc_root>/self/ns and sets out->init_ns_from_self: right
 * only when the collector runs in the host's namespaces. A namespace type the
 * kernel lacks stays 0 (never matches). Returns 0 or a negative errno when
 * neither could be read.
 */
int host_facts__read(const char *proc_root, struct host_facts *out);

/* "mnt:[4026531841]" → 4026531841; -EINVAL unless link is "<type>:[<number>]". */
int host_facts__parse_ns_link(const char *link, const char *type, uint32_t *inum);

#endif /* CTRWATCH_HOST_FACTS_H */
