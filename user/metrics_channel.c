// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics.h"
#include "metrics_channel.h"

struct metrics_channel_server {
	int fd;
	pthread_t thread;
	struct metrics *metrics;
	int (*health)(void *ctx, struct ctw_error *why);
	void *health_ctx;
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int reply(int fd, uint8_t op, int32_t status, const char *body, size_t len)
{
	struct metrics_channel_reply hdr = {.op = op, .status = status, .length = (uint32_t)len};
	int err;

	if (len > METRICS_CHANNEL_MAX_BODY) {
		hdr.status = -EFBIG;
		hdr.length = 0;
		len = 0;
	}
	err = write_all(fd, &hdr, sizeof(hdr));
	if (err == 0 && len)
		err = write_all(fd, body, len);
	return err;
}

static int answer(struct metrics_channel_server *s, uint8_t op)
{
	struct ctw_error why = {""};
	char *text = NULL;
	size_t len = 0;
	int err;

	switch (op) {
	case METRICS_CHANNEL_OP_METRICS:
		err = metrics__render(s->metrics, &text, &len);
		if (err < 0)
			return reply(s->fd, op, err, NULL, 0);
		err = reply(s->fd, op, 0, text, len);
		free(text);
		return err;
	case METRICS_CHANNEL_OP_HEALTH:
		err = s->health(s->health_ctx, &why);
		if (err == 0)
			return reply(s->fd, op, 0, NULL, 0);
		return reply(s->fd, op, err, why.msg, strnlen(why.msg, sizeof(why.msg) - 1));
	default:
		return reply(s->fd, op, -EINVAL, NULL, 0);
	}
}

static void *serve_main(void *arg)
{
	struct metrics_channel_server *s = arg;
	uint8_t op;

	/* Ends when the HTTP process is gone or __free shuts the socket down. */
	while (read_all(s->fd, &op, 1) == 0)
		if (answer(s, op) < 0)
			break;
	return NULL;
}

struct metrics_channel_server *
metrics_channel_server__start(int fd, struct metrics *m,
			      int (*health)(void *ctx, struct ctw_error *why), void *health_ctx)
{
	struct metrics_channel_server *s;
	uint8_t go = METRICS_CHANNEL_GO;
	int err;

	if (fd < 0 || !m || !health) {
		err = EINVAL;
		goto err_close;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		err = ENOMEM;
		goto err_close;
	}
	*s = (struct metrics_channel_server){
	    .fd = fd, .metrics = m, .health = health, .health_ctx = health_ctx};
	err = pthread_create(&s->thread, NULL, serve_main, s);
	if (err) {
		free(s);
		goto err_close;
	}
	err = write_all(fd, &go, 1);
	if (err < 0) {
		metrics_channel_server__free(s);
		errno = -err;
		return NULL;
	}
	return s;
err_close:
	if (fd >= 0)
		close(fd);
	errno = err;
	return NULL;
}

void metrics_channel_server__free(struct metrics_channel_server *s)
{
	if (!s)
		return;
	shutdown(s->fd, SHUT_RDWR); /* wakes the thread's recv */
	pthread_join(s->thread, NULL);
	close(s->fd);
	free(s);
}

int metrics_channel__ask(int fd, uint8_t op, int32_t *status, char **body, size_t *len)
{
	struct metrics_channel_reply hdr;
	char *buf;
	int err;

	err = write_all(fd, &op, 1);
	if (err == 0)
		err = read_all(fd, &hdr, sizeof(hdr));
	if (err < 0)
		return err;
	if (hdr.op != op || hdr.length > METRICS_CHANNEL_MAX_BODY || hdr.status > 0)
		return -EPROTO;
	buf = malloc((size_t)hdr.length + 1);
	if (!buf)
		return -ENOMEM;
	err = read_all(fd, buf, hdr.length);
	if (err < 0) {
		free(buf);
		return err;
	}
	buf[hdr.length] = '\0';
	*status = hdr.status;
	*body = buf;
	*len = hdr.length;
	return 0;
}

int metrics_channel__wait_go(int fd)
{
	uint8_t go;
	int err = read_all(fd, &go, 1);

	if (err < 0)
		return err;
	return go == METRICS_CHANNEL_GO ? 0 : -EPROTO;
}
