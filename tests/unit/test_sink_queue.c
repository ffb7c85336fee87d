// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The bounded queue: FIFO order, the byte budget, wrap-around, refusals. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sink_queue.h"

#include "util.h" /* ARRAY_SIZE */

/* One step: push a message of `len` bytes filled with `fill`, or pop one. */
struct step {
	char op; /* 'u' push, 'o' pop */
	size_t len;
	char fill;
	long want;	  /* push: 0 or -errno; pop: the length popped (0 empty) or -errno */
	size_t want_msgs; /* messages queued after the step */
};

struct qcase {
	const char *name;
	size_t capacity;
	struct step steps[12];
	size_t n_steps;
};

static const struct qcase cases[] = {
    {"fifo order and budget",
     64,
     {{'u', 10, 'a', 0, 1},
      {'u', 20, 'b', 0, 2},
      {'o', 0, 'a', 10, 1},
      {'o', 0, 'b', 20, 0},
      {'o', 0, 0, 0, 0}},
     5},
    /* 64 bytes: 4 + 28 twice fills it exactly; one byte more is refused. */
    {"exactly full, then refused",
     64,
     {{'u', 28, 'a', 0, 1},
      {'u', 28, 'b', 0, 2},
      {'u', 1, 'c', -ENOBUFS, 2},
      {'o', 0, 'a', 28, 1},
      {'u', 1, 'c', 0, 2},
      {'o', 0, 'b', 28, 1},
      {'o', 0, 'c', 1, 0}},
     7},
    {"wraps around the end",
     40,
     {{'u', 10, 'a', 0, 1},
      {'u', 10, 'b', 0, 2},
      {'o', 0, 'a', 10, 1},
      /* tail at 28: this one's header fits, its body wraps to offset 0 */
      {'u', 10, 'c', 0, 2},
      {'o', 0, 'b', 10, 1},
      {'u', 15, 'd', 0, 2},
      {'o', 0, 'c', 10, 1},
      {'o', 0, 'd', 15, 0}},
     8},
    {"a message larger than the queue can never fit",
     32,
     {{'u', 29, 'a', -EMSGSIZE, 0}, {'u', 28, 'a', 0, 1}, {'u', 0, 'x', -EINVAL, 1}},
     3},
};

static void run_case(const struct qcase *c)
{
	struct sink_queue *q = sink_queue__new(c->capacity);
	char in[256], out[256];

	ASSERT_TRUE(q != NULL, c->name);
	if (!q)
		return;
	for (size_t i = 0; i < c->n_steps; i++) {
		const struct step *s = &c->steps[i];
		long got;

		if (s->op == 'u') {
			memset(in, s->fill, s->len);
			got = sink_queue__push(q, in, s->len);
		} else {
			memset(out, 0, sizeof(out));
			got = sink_queue__pop(q, out, sizeof(out));
			if (got > 0) {
				size_t same = 0;

				while (same < (size_t)got && out[same] == s->fill)
					same++;
				ASSERT_EQ(same, got, c->name);
			}
		}
		ASSERT_EQ(got, s->want, c->name);
		ASSERT_EQ(sink_queue__messages(q), s->want_msgs, c->name);
	}
	sink_queue__free(q);
}

/*
 * The accounting the sinks rely on: with a queue nobody empties, every push
 * either queues or is refused, and queued + refused = offered; the bytes in
 * use never exceed the capacity.
 */
static void test_drop_accounting(void)
{
	struct sink_queue *q = sink_queue__new(4096);
	size_t offered = 0, refused = 0;
	char msg[300];

	memset(msg, 'x', sizeof(msg));
	for (size_t i = 0; i < 100; i++) {
		size_t len = 50 + (i * 37) % 250;

		offered++;
		if (sink_queue__push(q, msg, len) == -ENOBUFS)
			refused++;
		ASSERT_TRUE(sink_queue__bytes(q) <= sink_queue__capacity(q), "budget held");
	}
	ASSERT_EQ(sink_queue__messages(q) + refused, offered, "queued + refused = offered");
	ASSERT_TRUE(refused > 0, "a full queue refuses");
	ASSERT_EQ(sink_queue__pop(q, msg, 10), -ENOSPC, "pop into a small buffer refused");
	ASSERT_TRUE(sink_queue__messages(q) > 0, "refused pop leaves the message");
	sink_queue__free(q);
	ASSERT_TRUE(sink_queue__new(4) == NULL && errno == EINVAL, "capacity below overhead");
	sink_queue__free(NULL);
}

/* A writer's batch: whole messages back to back, each one's end, within both limits. */
static void test_pop_batch(void)
{
	struct sink_queue *q = sink_queue__new(4096);
	size_t msg_end[4], len = 0, n;
	char buf[64];

	ASSERT_EQ(sink_queue__pop_batch(q, buf, sizeof(buf), 4, msg_end, &len), 0, "empty: none");
	ASSERT_EQ(len, 0, "empty: no bytes");
	ASSERT_EQ(sink_queue__push(q, "aaaa\n", 5), 0, "push a");
	ASSERT_EQ(sink_queue__push(q, "bb\n", 3), 0, "push b");
	ASSERT_EQ(sink_queue__push(q, "cccccc\n", 7), 0, "push c");
	n = sink_queue__pop_batch(q, buf, 10, 4, msg_end, &len);
	ASSERT_EQ(n, 2, "c does not fit in what is left of 10 bytes");
	ASSERT_EQ(len, 8, "a and b");
	ASSERT_EQ(msg_end[0], 5, "a ends at 5");
	ASSERT_EQ(msg_end[1], 8, "b ends at 8");
	ASSERT_TRUE(memcmp(buf, "aaaa\nbb\n", 8) == 0, "back to back, in order");
	ASSERT_EQ(sink_queue__messages(q), 1, "c left in the queue");
	ASSERT_EQ(sink_queue__push(q, "d\n", 2), 0, "push d");
	n = sink_queue__pop_batch(q, buf, sizeof(buf), 1, NULL, &len);
	ASSERT_EQ(n, 1, "max_msgs 1, no msg_end");
	ASSERT_EQ(len, 7, "c alone");
	ASSERT_EQ(sink_queue__pop_batch(q, buf, 1, 4, msg_end, &len), 0,
		  "a message larger than cap stays");
	ASSERT_EQ(sink_queue__messages(q), 1, "d still queued");
	sink_queue__free(q);
}

int main(void)
{
	test_pop_batch();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	test_drop_accounting();
	return check_summary("sink_queue");
}
