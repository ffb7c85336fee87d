// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Raw bytes as an HTTP request to the real /metrics and /healthz endpoint
 * (libmicrohttpd's parser, then our handler) on a loopback port, one
 * connection per input. Checks: whatever comes back is an HTTP/1.x status
 * line with a status the endpoint uses, and the server answers a well-formed
 * request after every input (it neither crashed nor wedged). A request left
 * incomplete is held by the server until its timeout (HTTP_SERVER_TIMEOUT_S),
 * as it should be: the harness stops waiting for it after 200 ms, or a run
 * would do one such input every 5 s.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fuzz.h"
#include "http_server.h"
#include "metrics.h"

static struct sockaddr_in addr;

static int start(void)
{
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(any);
	char text[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* A port the kernel says is free, given to the server by number. */
	if (fd < 0 || bind(fd, (struct sockaddr *)&any, len) || getsockname(fd, (void *)&any, &len))
		abort();
	close(fd);
	snprintf(text, sizeof(text), "127.0.0.1:%d", ntohs(any.sin_port));
	if (!http_server__new(text, metrics__new(), NULL, NULL))
		abort();
	addr = any;
	return 0;
}

/* Sends data, half-closes, returns the answer's length (into buf, NUL-terminated). */
static size_t exchange(const void *data, size_t size, char *buf, size_t cap, long wait_ms)
{
	struct timeval tv = {.tv_sec = wait_ms / 1000, .tv_usec = (wait_ms % 1000) * 1000};
	size_t got = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	FUZZ_CHECK(fd >= 0, "socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect: %s",
		   strerror(errno));
	if (size)
		(void)!send(fd, data, size, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	while (got + 1 < cap) {
		ssize_t n = recv(fd, buf + got, cap - 1 - got, 0);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started = -1;
	static const char probe[] = "GET /healthz HTTP/1.0\r\n\r\n";
	char buf[65536];
	size_t n;

	if (started < 0)
		started = start();
	n = exchange(data, size, buf, sizeof(buf), 200);
	if (n) {
		int status = 0;

		FUZZ_CHECK(sscanf(buf, "HTTP/1.%*1[01] %3d ", &status) == 1, "answer: %.80s", buf);
		FUZZ_CHECK(status == 200 || status == 400 || status == 404 || status == 405 ||
			       status == 413 || status == 414 || status == 431 || status == 500 ||
			       status == 501 || status == 503 || status == 505,
			   "status %d", status);
	}
	n = exchange(probe, sizeof(probe) - 1, buf, sizeof(buf), 10000);
	if (n == 0) {
		/*
		 * The inputs the harness gave up on are held until the server's
		 * timeout and may fill HTTP_SERVER_MAX_PER_CLIENT (every input
		 * comes from 127.0.0.1): the limit doing its job. Past the
		 * timeout the server must answer again.
		 */
		sleep(HTTP_SERVER_TIMEOUT_S + 1);
		n = exchange(probe, sizeof(probe) - 1, buf, sizeof(buf), 10000);
	}
	FUZZ_CHECK(n > 0 && strncmp(buf, "HTTP/1.", 7) == 0, "server gone after the input");
	return 0;
}
