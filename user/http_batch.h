/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the http(s):// sink sends in one request and what it makes of the
 * answer, apart from any I/O so that both are unit-tested.
 */
#ifndef CTRWATCH_HTTP_BATCH_H
#define CTRWATCH_HTTP_BATCH_H

#include <stddef.h>

struct sink_queue;

enum http_outcome {
	HTTP_DELIVERED, /* 2xx: the receiver took the batch */
	HTTP_RETRY,	/* 408, 429, 5xx: the same batch again after a backoff */
	HTTP_REJECTED,	/* any other status: sending it again cannot help, it is dropped */
};

enum http_outcome http_status__outcome(long status);

/*
 * Moves whole messages from q into buf, oldest first, while they fit in cap
 * and fewer than max_msgs are taken: the request body, messages back to back
 * (JSON lines keep their '\n'). Returns how many were moved; *len is the
 * body's length. A message larger than cap would stay in the queue: the
 * sink refuses such lines before they are queued.
 */
size_t http_batch__fill(struct sink_queue *q, char *buf, size_t cap, size_t max_msgs, size_t *len);

#endif /* CTRWATCH_HTTP_BATCH_H */
