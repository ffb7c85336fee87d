// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A byte ring: each message is stored as a 4-byte length then its bytes, and
 * either may wrap around the end of the buffer. Keeping messages in one
 * allocation made once means the consumer never calls malloc per event.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sink_queue.h"

struct sink_queue {
	size_t cap;
	size_t head; /* offset of the oldest message */
	size_t used; /* bytes in use, overhead included */
	size_t n;    /* messages */
	unsigned char *buf;
};

struct sink_queue *sink_queue__new(size_t capacity)
{
	struct sink_queue *q;

	if (capacity <= SINK_QUEUE_OVERHEAD) {
		errno = EINVAL;
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->buf = malloc(capacity);
	if (!q->buf) {
		free(q);
		errno = ENOMEM;
		return NULL;
	}
	q->cap = capacity;
	return q;
}

void sink_queue__free(struct sink_queue *q)
{
	if (!q)
		return;
	free(q->buf);
	free(q);
}

/* Copies len bytes in at ring offset off, wrapping. */
static void ring_put(struct sink_queue *q, size_t off, const void *src, size_t len)
{
	size_t first = q->cap - off < len ? q->cap - off : len;

	memcpy(q->buf + off, src, first);
	memcpy(q->buf, (const unsigned char *)src + first, len - first);
}

static void ring_get(const struct sink_queue *q, size_t off, void *dst, size_t len)
{
	size_t first = q->cap - off < len ? q->cap - off : len;

	memcpy(dst, q->buf + off, first);
	memcpy((unsigned char *)dst + first, q->buf, len - first);
}

int sink_queue__push(struct sink_queue *q, const void *msg, size_t len)
{
	size_t need = len + SINK_QUEUE_OVERHEAD, tail;
	uint32_t len32 = (uint32_t)len;

	if (len == 0)
		return -EINVAL;
	if (len > UINT32_MAX || need > q->cap)
		return -EMSGSIZE;
	if (need > q->cap - q->used)
		return -ENOBUFS;
	tail = (q->head + q->used) % q->cap;
	ring_put(q, tail, &len32, sizeof(len32));
	ring_put(q, (tail + SINK_QUEUE_OVERHEAD) % q->cap, msg, len);
	q->used += need;
	q->n++;
	return 0;
}

size_t sink_queue__peek_len(const struct sink_queue *q)
{
	uint32_t len32;

	if (q->n == 0)
		return 0;
	ring_get(q, q->head, &len32, sizeof(len32));
	return len32;
}

long sink_queue__pop(struct sink_queue *q, void *buf, size_t buf_len)
{
	size_t len = sink_queue__peek_len(q);

	if (len == 0)
		return 0;
	if (len > buf_len)
		return -ENOSPC;
	ring_get(q, (q->head + SINK_QUEUE_OVERHEAD) % q->cap, buf, len);
	q->head = (q->head + SINK_QUEUE_OVERHEAD + len) % q->cap;
	q->used -= SINK_QUEUE_OVERHEAD + len;
	q->n--;
	if (q->n == 0)
		q->head = 0; /* keeps later messages contiguous more often */
	return (long)len;
}

size_t sink_queue__pop_batch(struct sink_queue *q, void *buf, size_t cap, size_t max_msgs,
			     size_t *msg_end, size_t *len)
{
	size_t n = 0;

	*len = 0;
	while (n < max_msgs) {
		size_t next = sink_queue__peek_len(q);
		long got;

		if (next == 0 || next > cap - *len)
			break;
		got = sink_queue__pop(q, (char *)buf + *len, cap - *len);
		if (got <= 0)
			break;
		*len += (size_t)got;
		if (msg_end)
			msg_end[n] = *len;
		n++;
	}
	return n;
}

size_t sink_queue__messages(const struct sink_queue *q)
{
	return q->n;
}

size_t sink_queue__bytes(const struct sink_queue *q)
{
	return q->used;
}

size_t sink_queue__capacity(const struct sink_queue *q)
{
	return q->cap;
}
