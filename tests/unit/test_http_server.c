// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --metrics-addr parsing, and the endpoint's answers over a loopback socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "http_server.h"
#include "web_config.h"
#include "metrics.h"

static void test_parse(void)
{
	static const struct {
		const char *addr;
		int err;
		int family;
		int port;
	} cases[] = {
	    {"127.0.0.1:7847", 0, AF_INET, 7847},
	    {"0.0.0.0:1", 0, AF_INET, 1},
	    {"10.1.2.3:65535", 0, AF_INET, 65535},
	    {"[::1]:9464", 0, AF_INET6, 9464},
	    {"[::]:80", 0, AF_INET6, 80},
	    {"[fe80::1]:8080", 0, AF_INET6, 8080},
	    {"127.0.0.1", -EINVAL, 0, 0},
	    {"127.0.0.1:", -EINVAL, 0, 0},
	    {"127.0.0.1:0", -EINVAL, 0, 0},
	    {"127.0.0.1:65536", -EINVAL, 0, 0},
	    {"127.0.0.1:123456", -EINVAL, 0, 0},
	    {"127.0.0.1:+80", -EINVAL, 0, 0},
	    {"127.0.0.1: 80", -EINVAL, 0, 0},
	    {"127.0.0.1:80 ", -EINVAL, 0, 0},
	    {"127.0.0.1:0x50", -EINVAL, 0, 0},
	    {":7847", 0, AF_INET, 7847},
	    {":0", -EINVAL, 0, 0},
	    {"localhost:", -EINVAL, 0, 0},
	    {"-bad:7847", -EINVAL, 0, 0},
	    {"a b:7847", -EINVAL, 0, 0},
	    {"256.0.0.1:7847", -EINVAL, 0, 0},
	    {"::1:7847", -EINVAL, 0, 0},
	    {"[::1]7847", -EINVAL, 0, 0},
	    {"[::1]:", -EINVAL, 0, 0},
	    {"[]:7847", -EINVAL, 0, 0},
	    {"[127.0.0.1]:7847", -EINVAL, 0, 0},
	    {"[::1:7847", -EINVAL, 0, 0},
	    {"[fe80::1%eth0]:80", -EINVAL, 0, 0},
	    {"off", -EINVAL, 0, 0},
	    {"", -EINVAL, 0, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_storage ss;
		socklen_t len = 0;
		int err = http_addr__parse(cases[i].addr, &ss, &len);

		ASSERT_EQ(err, cases[i].err, cases[i].addr);
		if (err || cases[i].err)
			continue;
		ASSERT_EQ(ss.ss_family, cases[i].family, cases[i].addr);
		if (ss.ss_family == AF_INET) {
			ASSERT_EQ(ntohs(((struct sockaddr_in *)&ss)->sin_port), cases[i].port,
				  cases[i].addr);
			ASSERT_EQ(len, sizeof(struct sockaddr_in), cases[i].addr);
		} else {
			ASSERT_EQ(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port), cases[i].port,
				  cases[i].addr);
			ASSERT_EQ(len, sizeof(struct sockaddr_in6), cases[i].addr);
		}
	}
	ASSERT_EQ(http_addr__parse(NULL, NULL, NULL), -EINVAL, "NULL address");

	/* A name, as --help's HOST:PORT promises (from /etc/hosts: no DNS query in a test). */
	{
		struct sockaddr_storage ss;
		socklen_t len = 0;
		bool loopback = false;

		ASSERT_EQ(http_addr__parse("localhost:7847", &ss, &len), 0,
			  "localhost:7847 resolves");
		if (ss.ss_family == AF_INET)
			loopback = ((struct sockaddr_in *)&ss)->sin_addr.s_addr ==
				       htonl(INADDR_LOOPBACK) &&
				   ntohs(((struct sockaddr_in *)&ss)->sin_port) == 7847;
		else if (ss.ss_family == AF_INET6)
			loopback = IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&ss)->sin6_addr) &&
				   ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) == 7847;
		ASSERT_TRUE(loopback, "localhost:7847 is the loopback address, port 7847");
	}
}

/* Sends a raw request and returns the whole answer (the server closes or we time out). */
static char *exchange(int port, const char *request)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct timeval tv = {.tv_sec = 5};
	size_t len = 0, cap = 1 << 16;
	char *buf = calloc(1, cap);
	int fd;

	if (!buf)
		return NULL;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    write(fd, request, strlen(request)) != (ssize_t)strlen(request)) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (len < cap - 1) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return buf;
}

static int ephemeral_port(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_serve(void)
{
	static const struct {
		const char *request;
		const char *status_line;
		const char *body_has; /* NULL: not checked */
	} cases[] = {
	    {"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 ",
	     "# TYPE ctrwatch_events_total counter"},
	    /* MHD answers an HTTP/1.0 request as 1.1, which RFC 9110 allows. */
	    {"GET /metrics?x=1 HTTP/1.0\r\n\r\n", "HTTP/1.1 200 ",
	     "Content-Type: text/plain; version=0.0.4; charset=utf-8"},
	    {"HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 ",
	     NULL},
	    {"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 503 ",
	     "consumer not running"},
	    {"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 404 ", NULL},
	    {"GET /metricsx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 404 ",
	     NULL},
	    {"POST /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
	     "3\r\n\r\nabc",
	     "HTTP/1.1 405 ", "Allow: GET, HEAD"},
	    {"DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 405 ",
	     NULL},
	    /* Not HTTP at all: MHD closes the connection without an answer. */
	    {"GARBAGE\r\n\r\n", "", NULL},
	};
	struct metrics *m = metrics__new();
	struct http_server *srv, *dup;
	int port = ephemeral_port();
	char addr[32], *resp;

	ASSERT_TRUE(m && port > 0, "metrics and a free port");
	if (!m || port <= 0)
		goto out;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	errno = 0;
	ASSERT_TRUE(http_server__new("127.0.0.1", m, NULL, NULL) == NULL && errno == EINVAL,
		    "a bad address fails with EINVAL");
	srv = http_server__new(addr, m, NULL, NULL);
	ASSERT_TRUE(srv != NULL, "server starts on a free loopback port");
	if (!srv)
		goto out;
	errno = 0;
	dup = http_server__new(addr, m, NULL, NULL);
	ASSERT_TRUE(dup == NULL && errno == EADDRINUSE, "a taken port fails with EADDRINUSE");
	http_server__free(dup);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		resp = exchange(port, cases[i].request);
		if (cases[i].status_line[0])
			ASSERT_TRUE(starts_with(resp, cases[i].status_line), cases[i].request);
		else
			ASSERT_TRUE(resp && resp[0] == '\0', cases[i].request);
		if (cases[i].body_has)
			ASSERT_TRUE(resp && strstr(resp, cases[i].body_has), cases[i].body_has);
		free(resp);
	}
	/* HEAD: headers only. */
	resp = exchange(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	ASSERT_TRUE(resp && !strstr(resp, "# HELP"), "HEAD has no body");
	free(resp);

	metrics__add_program(m, "handle_x", METRICS_MECH_TRACEPOINT, true);
	metrics__set_consumer_running(m, true);
	resp = exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	ASSERT_TRUE(starts_with(resp, "HTTP/1.1 200 ") && strstr(resp, "\r\n\r\nok\n"),
		    "healthz 200 ok once ready");
	free(resp);
	metrics__set_shutting_down(m);
	resp = exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	ASSERT_TRUE(starts_with(resp, "HTTP/1.1 503 ") && strstr(resp, "shutting down\n"),
		    "healthz 503 while shutting down");
	free(resp);
	http_server__free(srv);
	http_server__free(NULL);
out:
	metrics__free(m);
}

/* basic_auth_users (--web-config): 401 with a challenge unless the password is right. */
static void test_basic_auth(void)
{
	static const char ok[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				 "Authorization: Basic YWxpY2U6czNjcmV0\r\n\r\n"; /* alice:s3cret */
	static const char wrong[] =
	    "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Authorization: Basic YWxpY2U6d3Jvbmc=\r\n\r\n"; /* alice:wrong */
	static const char none[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	static const char probe[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct web_config wc = {.n_users = 1};
	struct metrics *m = metrics__new();
	struct http_server *srv = NULL;
	int port = ephemeral_port();
	char addr[32], *resp;

	wc.users[0].name = "alice";
	wc.users[0].hash = "$2y$05$GEL3d/DP9qxRlgjQyOkDB.wDQhFYdG/VyzsxL76j3HsKgOHcrMFsG";
	ASSERT_TRUE(m && port > 0, "metrics and a free port");
	if (!m || port <= 0)
		goto out;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	srv = http_server__new_web(addr, m, NULL, NULL, &wc);
	ASSERT_TRUE(srv != NULL, "server with basic auth starts");
	if (!srv)
		goto out;
	resp = exchange(port, ok);
	ASSERT_TRUE(starts_with(resp, "HTTP/1.1 200 ") && strstr(resp, "# HELP"),
		    "right password: 200 and the metrics");
	free(resp);
	resp = exchange(port, wrong);
	ASSERT_TRUE(starts_with(resp, "HTTP/1.1 401 ") && !strstr(resp, "# HELP"),
		    "wrong password: 401, no metrics");
	ASSERT_TRUE(resp && strstr(resp, "WWW-Authenticate: Basic realm=\"ctrwatch\""),
		    "401 carries the challenge");
	free(resp);
	resp = exchange(port, none);
	ASSERT_TRUE(starts_with(resp, "HTTP/1.1 401 "), "no credentials: 401");
	free(resp);
	/* The kubelet's probes carry no credentials; /healthz says only ready or not. */
	resp = exchange(port, probe);
	ASSERT_TRUE(resp && !starts_with(resp, "HTTP/1.1 401 ") && starts_with(resp, "HTTP/1.1 "),
		    "/healthz answers without credentials");
	free(resp);
out:
	http_server__free(srv);
	metrics__free(m);
}

int main(void)
{
	test_parse();
	test_basic_auth();
	test_serve();
	return check_summary("http_server");
}
