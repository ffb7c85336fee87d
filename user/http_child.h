/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The metrics endpoint in a process of its own. The collector keeps uid 0
 * and CAP_SYS_PTRACE after start-up; the code that parses requests from the
 * network (libmicrohttpd, GnuTLS, basic authentication) runs instead in a
 * child forked before BPF is loaded, which
 *   - keeps the listening socket, its end of the metrics channel
 *     (metrics_channel.h) and stderr; every other descriptor is closed and
 *     stdin/stdout are /dev/null;
 *   - empties its bounding set, clears its supplementary groups, takes
 *     HTTP_CHILD_UID/HTTP_CHILD_GID (which leaves every capability set empty),
 *     sets no_new_privs and is not dumpable (no ptrace, no core);
 *   - dies with the collector: when the collector's end of the channel
 *     closes, when getppid() changes, or by PR_SET_PDEATHSIG where the
 *     kernel may deliver it;
 *   - serves only after the collector sends METRICS_CHANNEL_GO, as the
 *     endpoint did before: connections wait in the backlog until then.
 * Any failure in it ends it; the collector then stops (http_child__exited).
 */
#ifndef CTRWATCH_HTTP_CHILD_H
#define CTRWATCH_HTTP_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

struct web_config;

/* nobody/nogroup on Debian, and the overflow ids of the kernel. */
#define HTTP_CHILD_UID 65534
#define HTTP_CHILD_GID 65534

struct http_child {
	pid_t pid;
	int channel_fd; /* the collector's end, for metrics_channel_server__start() */
};

/*
 * Forks the HTTP process serving listen_fd with web (may be NULL). Call while
 * the process has one thread and the capabilities to change its ids
 * (CAP_SETUID, CAP_SETGID, CAP_SETPCAP). Takes listen_fd (closed here in the
 * collector, also on failure). Returns once the child reports its privilege
 * drop: 0, the errno of the step that failed there (-EPERM without CAP_SETUID),
 * or -ECHILD when it died first.
 */
int http_child__spawn(struct http_child *child, int listen_fd, const struct web_config *web);

/*
 * Whether the HTTP process has ended (reaped here); *status then holds its
 * wait status.
 */
bool http_child__exited(struct http_child *child, int *status);

/* How long http_child__stop() waits for the HTTP process to end. */
#define HTTP_CHILD_STOP_MS 2000

/*
 * Ends the HTTP process: closes channel_fd if still held here (the process
 * ends when its channel closes: see http_child.c), SIGKILL where allowed,
 * and reaps it within HTTP_CHILD_STOP_MS. Call after the channel server is
 * freed. Accepts pid 0.
 */
void http_child__stop(struct http_child *child);

#endif /* CTRWATCH_HTTP_CHILD_H */
