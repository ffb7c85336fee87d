/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A FIFO of whole messages bounded in bytes: the queue between the consumer
 * and a threaded sink. Pure (no locking, no I/O) so that its accounting is
 * unit-tested; the sink holds its own mutex around every call.
 *
 * Each message costs its length plus SINK_QUEUE_OVERHEAD bytes of the budget,
 * so "4M" bounds the memory really held whatever the message sizes.
 */
#ifndef CTRWATCH_SINK_QUEUE_H
#define CTRWATCH_SINK_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define SINK_QUEUE_OVERHEAD 4 /* the length prefix stored with each message */

struct sink_queue;

/* A queue holding at most `capacity` bytes (messages + overhead). NULL and errno. */
struct sink_queue *sink_queue__new(size_t capacity);
void sink_queue__free(struct sink_queue *q);

/*
 * Appends a copy of msg. -ENOBUFS when it does not fit now (the caller drops
 * and counts it), -EMSGSIZE when it could never fit, -EINVAL for len 0.
 */
int sink_queue__push(struct sink_queue *q, const void *msg, size_t len);

/*
 * Removes the oldest message into buf. Returns its length, 0 when the queue is
 * empty, or -ENOSPC (message left in place) when buf is smaller than it.
 */
long sink_queue__pop(struct sink_queue *q, void *buf, size_t buf_len);

/*
 * Moves whole messages from q into buf, oldest first and back to back, while
 * they fit in cap and fewer than max_msgs are taken: a writer thread's batch.
 * When msg_end is not NULL (max_msgs entries), msg_end[i] is where message i
 * ends in buf. Returns how many were moved; *len is the bytes used. A
 * message larger than cap stays in the queue (the sinks refuse such lines
 * before they are queued).
 */
size_t sink_queue__pop_batch(struct sink_queue *q, void *buf, size_t cap, size_t max_msgs,
			     size_t *msg_end, size_t *len);

/* Length of the oldest message, 0 when empty. */
size_t sink_queue__peek_len(const struct sink_queue *q);

size_t sink_queue__messages(const struct sink_queue *q);
size_t sink_queue__bytes(const struct sink_queue *q); /* budget in use */
size_t sink_queue__capacity(const struct sink_queue *q);

#endif /* CTRWATCH_SINK_QUEUE_H */
