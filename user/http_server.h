/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The /metrics and /healthz endpoint (libmicrohttpd, on its own thread).
 * A scrape only loads atomics and calls the metrics providers: it never takes a
 * lock the consumer holds, so a slow or hostile client cannot stall the ring
 * buffer consumer.
 */
#ifndef CTRWATCH_HTTP_SERVER_H
#define CTRWATCH_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "error.h"

struct metrics;
struct http_server;
struct web_config;

/* For main's error message on a bad --metrics-addr (the default is in options.h). */
#define HTTP_SERVER_ADDR_USAGE "HOST:PORT, [IPV6]:PORT or :PORT (every IPv4 address), or off"

/* Limits against abusive clients (slowloris, header floods, connection floods). */
#define HTTP_SERVER_MAX_CONNECTIONS 128
/*
 * Per client address, below the global limit so that one client never holds
 * every slot: a scraper, a probe and a person share the rest. 48 leaves a
 * single client room for 40 stalled connections plus a scrape of its own.
 */
#define HTTP_SERVER_MAX_PER_CLIENT 48
#define HTTP_SERVER_TIMEOUT_S 5		    /* idle or incomplete request */
#define HTTP_SERVER_CONN_MEMORY (16 * 1024) /* request line + headers per connection */
/*
 * Total time a connection gets to send its request and receive the answer
 * (from accept, or from the end of its previous request): the idle timeout
 * never fires on a client that trickles a byte every few seconds.
 */
#define HTTP_SERVER_DEADLINE_S 10

/*
 * /healthz readiness: 0 when ready, else a negative errno with a reason in why.
 * Runs on the HTTP thread.
 */
typedef int (*http_health_fn)(void *ctx, struct ctw_error *why);

/* What the endpoint answers with, both called on the HTTP thread. */
struct http_source {
	void *ctx;
	/* /metrics: malloc'd exposition text (the server frees it), or a negative errno (500). */
	int (*metrics)(void *ctx, char **text, size_t *len);
	http_health_fn health; /* /healthz: 200 on 0, else 503 with why */
};

/*
 * Parses "HOST:PORT", "[IPV6]:PORT" or ":PORT" (port 1-65535, nothing else
 * around). HOST is an IPv4 address or a name, resolved here to its first
 * address (/etc/hosts, then DNS); ":PORT" is every IPv4 address (0.0.0.0).
 * 0, -EINVAL for a malformed address, or -ENXIO for a name that does not
 * resolve.
 */
int http_addr__parse(const char *addr, struct sockaddr_storage *out, socklen_t *out_len);

/*
 * Binds and listens on addr, serving nothing yet: start-up binds before it
 * loads BPF (a port in use fails first) and serves after the privilege drop.
 * The socket fd, or -EINVAL for a bad address, or the bind(2)/listen(2)
 * error (-EADDRINUSE, -EADDRNOTAVAIL, ...).
 */
int http_listener__open(const char *addr);

/*
 * Serves on a socket from http_listener__open() on a thread of its own, with
 * what a --web-config file asks (web_config.h): TLS with its certificate and
 * key, and basic authentication of every request but /healthz's (401 with a
 * WWW-Authenticate challenge when missing or wrong). web may be NULL; it is
 * copied and need not outlive the call. Takes fd (closed on failure too).
 * NULL + errno: ENOMEM/EAGAIN when libmicrohttpd cannot start, EINVAL for a
 * socket that is none or a certificate or key that GnuTLS refuses.
 */
struct http_server *http_server__serve(int fd, struct metrics *m, http_health_fn health,
				       void *health_ctx, const struct web_config *web);

/* http_server__serve() answering from source (copied) instead of a metrics module. */
struct http_server *http_server__serve_source(int fd, const struct http_source *source,
					      const struct web_config *web);

/* Connections shut down by HTTP_SERVER_DEADLINE_S (or with no deadline slot free). */
uint64_t http_server__cut_by_deadline(struct http_server *srv);

/*
 * Binds addr and starts serving on a thread of its own (the two above). health may be NULL:
 * metrics__health(m) then decides. NULL + errno on failure: EINVAL for a bad
 * address, the bind(2)/listen(2) errno (EADDRINUSE, EACCES, EADDRNOTAVAIL), or
 * ENOMEM/EAGAIN when libmicrohttpd cannot start.
 */
struct http_server *http_server__new(const char *addr, struct metrics *m, http_health_fn health,
				     void *health_ctx);
/*
 * http_server__new() with a web config, as http_server__serve() takes it.
 * EINVAL also for a certificate or key that GnuTLS refuses.
 */
struct http_server *http_server__new_web(const char *addr, struct metrics *m, http_health_fn health,
					 void *health_ctx, const struct web_config *web);
/* Stops the thread (in-flight responses are cut) and closes the socket. */
void http_server__free(struct http_server *srv);

#endif /* CTRWATCH_HTTP_SERVER_H */
