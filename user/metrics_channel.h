/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one interface between the unprivileged HTTP process and the collector:
 * a SOCK_STREAM socketpair carrying one request at a time.
 *
 *   request  1 byte: METRICS_CHANNEL_OP_METRICS or METRICS_CHANNEL_OP_HEALTH
 *   reply    struct metrics_channel_reply (host byte order: both ends are one
 *            binary on one host), then `length` bytes of body:
 *              metrics: status 0 and the exposition text, or a negative errno
 *                       and no body (the endpoint answers 500)
 *              health:  status 0 and no body (200), or metrics__health()'s
 *                       negative errno and its reason (503)
 *
 * Nothing else crosses: the HTTP process cannot name a file, a map or a
 * metric, only ask for one of the two answers. A reply longer than
 * METRICS_CHANNEL_MAX_BODY is never sent (the collector sends -EFBIG instead)
 * and is refused by the reader.
 */
#ifndef CTRWATCH_METRICS_CHANNEL_H
#define CTRWATCH_METRICS_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct metrics;

#define METRICS_CHANNEL_OP_METRICS 1
#define METRICS_CHANNEL_OP_HEALTH 2
/* Sent once by the collector when it serves: the HTTP process starts accepting then. */
#define METRICS_CHANNEL_GO 0x47
/* 4 MiB: a full exposition is ~100 KiB; 40 times that is a bug, not a scrape. */
#define METRICS_CHANNEL_MAX_BODY (4u << 20)

struct metrics_channel_reply {
	uint32_t op; /* the request's op, echoed */
	int32_t status;
	uint32_t length;
};

/* The collector's side: a thread answering on fd from metrics m. */
struct metrics_channel_server;

/*
 * Starts the answering thread (takes fd, closed by __free), then sends
 * METRICS_CHANNEL_GO. health decides /healthz as http_health_fn does.
 * NULL + errno.
 */
struct metrics_channel_server *
metrics_channel_server__start(int fd, struct metrics *m,
			      int (*health)(void *ctx, struct ctw_error *why), void *health_ctx);
/* Stops the thread and closes fd. Accepts NULL. */
void metrics_channel_server__free(struct metrics_channel_server *s);

/*
 * The HTTP process's side: sends op on fd and reads the reply. 0 with *status
 * and the body (malloc'd, NUL-terminated, *len bytes without the NUL), or a
 * negative errno: -EPIPE when the collector is gone, -EPROTO for a reply that
 * is not one (wrong op, over METRICS_CHANNEL_MAX_BODY). Not thread-safe.
 */
int metrics_channel__ask(int fd, uint8_t op, int32_t *status, char **body, size_t *len);

/* Blocks until METRICS_CHANNEL_GO: 0, or -EPIPE/-EPROTO. */
int metrics_channel__wait_go(int fd);

#endif /* CTRWATCH_METRICS_CHANNEL_H */
