/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The node's name, carried as `host` in JSON events, `hostname` in Falco's
 * format and syslog's HOSTNAME. In a pod gethostname(2) answers the pod's
 * name, so the DaemonSet passes the node's through the downward API
 * (NODE_NAME from spec.nodeName).
 */
#ifndef CTRWATCH_NODE_NAME_H
#define CTRWATCH_NODE_NAME_H

#include <stddef.h>

#define NODE_NAME_ENV "NODE_NAME"
#define NODE_NAME_MAX 253 /* a DNS name, as Kubernetes node names are */

enum node_name_source {
	NODE_NAME_FROM_FLAG = 0, /* --node-name */
	NODE_NAME_FROM_ENV,	 /* $NODE_NAME */
	NODE_NAME_FROM_HOSTNAME, /* gethostname(2) */
};

/*
 * --node-name (flag) when given, else $NODE_NAME (env) when set and not
 * empty, else gethostname(2), into out (at least NODE_NAME_MAX + 1 bytes).
 * 0, or -EINVAL when the chosen name is empty, longer than NODE_NAME_MAX or
 * holds anything but printable ASCII without spaces; the gethostname errno
 * when it fails.
 */
int node_name__resolve(const char *flag, const char *env, char *out, size_t len,
		       enum node_name_source *source);

/* "--node-name", "NODE_NAME" or "gethostname". */
const char *node_name_source__name(enum node_name_source source);

#endif /* CTRWATCH_NODE_NAME_H */
