/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * http:// and https:// outputs: events POSTed from the sink's own thread,
 * with libcurl (HTTP/1.1 keep-alive, TLS through GnuTLS, proxies from the
 * usual environment variables).
 *
 * JSON lines go in batches (Content-Type application/x-ndjson, up to
 * SINK_HTTP_BATCH_MSGS lines a request); Falco-format events go one per
 * request as application/json, which is what Falcosidekick's "/" reads. The
 * queue is bounded like the socket sinks'; a failed or retryable request
 * (408, 429, 5xx) is sent again after a capped exponential backoff, any other
 * status drops its batch, counted.
 */
#ifndef CTRWATCH_SINK_HTTP_H
#define CTRWATCH_SINK_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "tls_client.h"

struct sink;

#define SINK_HTTP_BATCH_MSGS 500
#define SINK_HTTP_TIMEOUT_MS 10000 /* one request, connection included */

struct sink_http_config {
	const char *name;	      /* metric label: "http" or "https" */
	const char *url;	      /* what is POSTed to, without ctrwatch's own options */
	bool one_per_request;	      /* Falco-format lines: one event a request */
	struct tls_client_config tls; /* https: ca, cert, key; the URL's host is verified */
	size_t queue_bytes;
	unsigned int drain_ms;
};

/* The sink, its thread not started (sink__start()); connects lazily. NULL and errno. */
struct sink *sink_http__new(const struct sink_http_config *cfg);

#endif /* CTRWATCH_SINK_HTTP_H */
