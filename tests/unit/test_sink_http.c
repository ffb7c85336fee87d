// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The http sink against a minimal HTTP/1.1 server on a loopback socket: it
 * answers 503 to the first request and 200 afterwards (or 400 to all), so
 * that retries, batching, one-event requests and the accounting are seen.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "sink.h"
#include "util.h"

struct server {
	int listen_fd;
	int port;
	int status_after_first; /* 200, or 400 to refuse everything */
	int requests;		/* answered, the 503 included */
	int max_lines;		/* most lines in one request body */
	int lines;		/* lines in bodies answered 200 */
	char content_type[64];
};

/* One request on fd: 1 answered, 0 connection closed. */
static int serve_one(struct server *srv, int fd)
{
	char buf[1 << 16], *end, *cl;
	size_t have = 0, need;
	int status, n_lines = 0;

	for (;;) {
		ssize_t n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0);

		if (n <= 0)
			return 0;
		have += (size_t)n;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end)
			break;
	}
	cl = strcasestr(buf, "Content-Length:");
	need = (size_t)(end + 4 - buf) + (cl ? strtoul(cl + 15, NULL, 10) : 0);
	while (have < need && have < sizeof(buf) - 1) {
		ssize_t n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0);

		if (n <= 0)
			return 0;
		have += (size_t)n;
	}
	buf[have] = '\0';
	{
		char *ct = strcasestr(buf, "Content-Type: ");

		if (ct)
			snprintf(srv->content_type, sizeof(srv->content_type), "%.*s",
				 (int)strcspn(ct + 14, "\r"), ct + 14);
	}
	for (char *p = end + 4; *p; p++)
		n_lines += *p == '\n';
	if (end[4] && buf[have - 1] != '\n')
		n_lines++; /* one document without a newline */
	status = srv->requests++ == 0 ? 503 : srv->status_after_first;
	if (status == 200) {
		srv->lines += n_lines;
		if (n_lines > srv->max_lines)
			srv->max_lines = n_lines;
	}
	snprintf(buf, sizeof(buf), "HTTP/1.1 %d X\r\nContent-Length: 2\r\n\r\nok", status);
	return send(fd, buf, strlen(buf), MSG_NOSIGNAL) > 0;
}

static void *server_main(void *arg)
{
	struct server *srv = arg;
	int fd;

	while ((fd = accept(srv->listen_fd, NULL, NULL)) >= 0) {
		while (serve_one(srv, fd))
			;
		close(fd);
	}
	return NULL;
}

static int server_start(struct server *srv, pthread_t *t)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);

	srv->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv->listen_fd < 0 || bind(srv->listen_fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(srv->listen_fd, 4) || getsockname(srv->listen_fd, (struct sockaddr *)&sin, &len))
		return -errno;
	srv->port = ntohs(sin.sin_port);
	return pthread_create(t, NULL, server_main, srv) ? -EAGAIN : 0;
}

static void server_stop(struct server *srv, pthread_t t)
{
	shutdown(srv->listen_fd, SHUT_RDWR);
	close(srv->listen_fd);
	pthread_join(t, NULL);
}

static struct sink *open_sink(const struct server *srv, bool falco)
{
	struct sink_options o = {.falco_lines = falco, .drain_ms = 3000};
	struct ctw_error err = {""};
	struct sink *s;
	char uri[64];

	snprintf(uri, sizeof(uri), "http://127.0.0.1:%d/in", srv->port);
	s = sink__from_uri(uri, &o, &err);
	if (s && sink__start(s) < 0) {
		sink__free(s);
		return NULL;
	}
	return s;
}

static void test_batches_with_retry(void)
{
	struct server srv = {.status_after_first = 200};
	struct sink *s;
	pthread_t t;

	ASSERT_EQ(server_start(&srv, &t), 0, "server");
	s = open_sink(&srv, false);
	ASSERT_TRUE(s != NULL, "http sink");
	if (s) {
		for (int i = 0; i < 50; i++)
			sink__write(s, "{\"n\":1}\n", 8);
		sink__close(s); /* drains: the 503 is retried after a backoff */
		ASSERT_EQ(s->delivered, 50, "every line delivered after the retry");
		ASSERT_EQ(s->dropped, 0, "nothing dropped");
		sink__free(s);
	}
	server_stop(&srv, t);
	ASSERT_EQ(srv.lines, 50, "the server got 50 lines");
	ASSERT_TRUE(srv.requests >= 2, "a 503, then success");
	ASSERT_TRUE(srv.max_lines > 1, "lines batched");
	ASSERT_STR_EQ(srv.content_type, "application/x-ndjson", "JSON lines content type");
}

static void test_falco_one_per_request(void)
{
	struct server srv = {.status_after_first = 200};
	struct sink *s;
	pthread_t t;

	ASSERT_EQ(server_start(&srv, &t), 0, "server");
	s = open_sink(&srv, true);
	ASSERT_TRUE(s != NULL, "http sink (falco)");
	if (s) {
		for (int i = 0; i < 5; i++)
			sink__write(s, "{\"rule\":\"r\"}\n", 13);
		sink__close(s);
		ASSERT_EQ(s->delivered, 5, "five events delivered");
		sink__free(s);
	}
	server_stop(&srv, t);
	ASSERT_EQ(srv.requests, 6, "a 503, then one request per event");
	ASSERT_EQ(srv.max_lines, 1, "one event a request");
	ASSERT_STR_EQ(srv.content_type, "application/json", "JSON content type");
}

static void test_refused_dropped(void)
{
	struct server srv = {.status_after_first = 400};
	struct sink *s;
	pthread_t t;

	ASSERT_EQ(server_start(&srv, &t), 0, "server");
	s = open_sink(&srv, true);
	ASSERT_TRUE(s != NULL, "http sink");
	if (s) {
		for (int i = 0; i < 3; i++)
			sink__write(s, "{}\n", 3);
		sink__close(s);
		ASSERT_EQ(s->delivered, 0, "nothing delivered");
		ASSERT_EQ(s->dropped, 3, "a 400 drops, counted, without endless retries");
		ASSERT_EQ(s->error, -EBADMSG, "the sink says the receiver refused");
		sink__free(s);
	}
	server_stop(&srv, t);
}

/* Start-up failed after the outputs were made: a sink never started drops what it queued. */
static void test_never_started(void)
{
	struct ctw_error err = {""};
	struct sink *s = sink__from_uri("http://127.0.0.1:1/in", NULL, &err);

	ASSERT_TRUE(s != NULL, "http sink made");
	if (!s)
		return;
	ASSERT_EQ(sink__write(s, "{}\n", 3), 0, "queued before start");
	ASSERT_EQ(sink__write(s, "{}\n", 3), 0, "queued before start");
	sink__close(s);
	ASSERT_EQ(s->emitted, 2, "emitted");
	ASSERT_EQ(s->delivered, 0, "nothing delivered");
	ASSERT_EQ(s->dropped, 2, "both counted as dropped");
	sink__free(s);
}

int main(void)
{
	test_never_started();
	test_batches_with_retry();
	test_falco_one_per_request();
	test_refused_dropped();
	return check_summary("sink_http");
}
