// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "http_child.h"
#include "http_server.h"
#include "metrics_channel.h"
#include "privs.h"

/* Exit statuses of the HTTP process, read by the collector's log line. */
#define CHILD_EXIT_SANDBOX 70 /* a step of the privilege drop failed */
#define CHILD_EXIT_SERVE 71   /* libmicrohttpd did not start */
#define CHILD_EXIT_CHANNEL 72 /* the collector stopped answering */

/* The HTTP thread's view of the channel; one request at a time. */
struct channel_client {
	int fd;
	volatile sig_atomic_t broken; /* read by the main thread, which then exits */
};

static int ask_metrics(void *ctx, char **text, size_t *len)
{
	struct channel_client *cc = ctx;
	int32_t status;
	int err;

	err = metrics_channel__ask(cc->fd, METRICS_CHANNEL_OP_METRICS, &status, text, len);
	if (err < 0) {
		cc->broken = 1;
		return err;
	}
	if (status < 0) {
		free(*text);
		return status;
	}
	return 0;
}

static int ask_health(void *ctx, struct ctw_error *why)
{
	struct channel_client *cc = ctx;
	int32_t status;
	char *body;
	size_t len;
	int err;

	err = metrics_channel__ask(cc->fd, METRICS_CHANNEL_OP_HEALTH, &status, &body, &len);
	if (err < 0) {
		cc->broken = 1;
		return ctw_error__set(why, -err, "metrics channel: %s", strerror(-err));
	}
	if (status < 0)
		snprintf(why->msg, sizeof(why->msg), "%s", body);
	free(body);
	return status;
}

/* Every descriptor but 0-2, keep_a and keep_b. */
static int close_others(int keep_a, int keep_b)
{
	int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a;

	if (lo < 3)
		return -EBADF;
	if ((lo > 3 && close_range(3, (unsigned int)lo - 1, 0) < 0) ||
	    (hi > lo + 1 && close_range((unsigned int)lo + 1, (unsigned int)hi - 1, 0) < 0) ||
	    close_range((unsigned int)hi + 1, ~0u, 0) < 0)
		return -errno;
	return 0;
}

static int null_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

/*
 * The order matters: the bounding set needs CAP_SETPCAP and the id changes
 * CAP_SETUID/CAP_SETGID, so those go first; the id change then clears the
 * permitted and effective sets (no SECBIT_KEEP_CAPS), and resets the
 * parent-death signal and dumpable flag, so those come last.
 */
static int sandbox(pid_t parent, int listen_fd, int channel_fd)
{
	struct privs_state got;
	int err;

	err = null_stdio();
	if (err == 0)
		err = close_others(listen_fd, channel_fd);
	if (err == 0)
		err = privs__drop(PRIVS_CAP(CAP_SETUID) | PRIVS_CAP(CAP_SETGID));
	if (err < 0)
		return err;
	if (setgroups(0, NULL) < 0 ||
	    setresgid(HTTP_CHILD_GID, HTTP_CHILD_GID, HTTP_CHILD_GID) < 0 ||
	    setresuid(HTTP_CHILD_UID, HTTP_CHILD_UID, HTTP_CHILD_UID) < 0)
		return -errno;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return -errno;
	/* The collector may have died before the signal was armed. */
	if (getppid() != parent)
		return -ESRCH;
	err = privs__read(&got);
	if (err < 0)
		return err;
	if (got.effective || got.permitted || got.inheritable || got.bounding || got.ambient ||
	    !got.no_new_privs || getuid() != HTTP_CHILD_UID || getegid() != HTTP_CHILD_GID)
		return -EPERM;
	return 0;
}

static void child_main(pid_t parent, int listen_fd, int channel_fd, const struct web_config *web)
{
	struct channel_client cc = {.fd = channel_fd};
	struct http_source source = {.ctx = &cc, .metrics = ask_metrics, .health = ask_health};
	struct http_server *srv;

	int32_t result;

	signal(SIGPIPE, SIG_IGN);
	result = sandbox(parent, listen_fd, channel_fd);
	/* The collector waits for this, so that a failed drop is a start-up error. */
	if (send(channel_fd, &result, sizeof(result), MSG_NOSIGNAL) != sizeof(result) || result)
		_exit(CHILD_EXIT_SANDBOX);
	if (metrics_channel__wait_go(channel_fd) < 0)
		_exit(CHILD_EXIT_CHANNEL);
	srv = http_server__serve_source(listen_fd, &source, web);
	if (!srv)
		_exit(CHILD_EXIT_SERVE);
	/*
	 * The parent-death signal is not enough: the kernel sends it with the
	 * dying collector's rights, and without CAP_KILL uid 0 may not signal
	 * uid 65534. The collector's end of the channel closes when it dies (or
	 * stops), which poll reports here. A broken channel cannot be
	 * resynchronised either: end, and let the collector decide.
	 */
	while (!cc.broken && getppid() == parent) {
		struct pollfd p = {.fd = channel_fd, .events = POLLRDHUP};

		if (poll(&p, 1, 1000) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
			break;
	}
	_exit(CHILD_EXIT_CHANNEL);
}

/* The child's sandbox() result: 0, its negative errno, or -ECHILD when it died first. */
static int wait_sandboxed(struct http_child *child)
{
	int32_t result;
	ssize_t n;

	do
		n = recv(child->channel_fd, &result, sizeof(result), MSG_WAITALL);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(result))
		return -ECHILD;
	return result > 0 ? -EPROTO : result;
}

int http_child__spawn(struct http_child *child, int listen_fd, const struct web_config *web)
{
	pid_t parent = getpid();
	int sv[2], err;

	child->pid = 0;
	child->channel_fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		err = -errno;
		close(listen_fd);
		return err;
	}
	child->pid = fork();
	if (child->pid < 0) {
		err = -errno;
		child->pid = 0;
		close(sv[0]);
		close(sv[1]);
		close(listen_fd);
		return err;
	}
	if (child->pid == 0) {
		close(sv[0]);
		child_main(parent, listen_fd, sv[1], web);
	}
	close(sv[1]);
	close(listen_fd);
	child->channel_fd = sv[0];
	err = wait_sandboxed(child);
	if (err < 0)
		http_child__stop(child);
	return err;
}

bool http_child__exited(struct http_child *child, int *status)
{
	if (child->pid <= 0 || waitpid(child->pid, status, WNOHANG) != child->pid)
		return false;
	child->pid = 0;
	return true;
}

void http_child__stop(struct http_child *child)
{
	int status;

	if (child->channel_fd >= 0) {
		close(child->channel_fd);
		child->channel_fd = -1;
	}
	if (child->pid <= 0)
		return;
	/* Fails (EPERM) once the collector has dropped CAP_KILL: the closed channel ends it. */
	kill(child->pid, SIGKILL);
	for (int i = 0; i < HTTP_CHILD_STOP_MS / 10; i++) {
		if (waitpid(child->pid, &status, WNOHANG) == child->pid)
			break;
		usleep(10 * 1000);
	}
	child->pid = 0;
}
