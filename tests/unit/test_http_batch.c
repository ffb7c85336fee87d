// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The http(s) sink's request bodies and what each answer means for a batch. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "http_batch.h"
#include "sink_queue.h"
#include "util.h"

static void push_lines(struct sink_queue *q, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ASSERT_EQ(sink_queue__push(q, lines[i], strlen(lines[i])), 0, lines[i]);
}

static void test_fill(void)
{
	static const char *const lines[] = {"{\"a\":1}\n", "{\"b\":2}\n", "{\"c\":3}\n",
					    "{\"d\":4}\n"};
	struct sink_queue *q = sink_queue__new(4096);
	char body[64];
	size_t len, n;

	ASSERT_TRUE(q != NULL, "queue");
	if (!q)
		return;
	push_lines(q, lines, 4);
	/* At most max_msgs lines, back to back, oldest first. */
	n = http_batch__fill(q, body, sizeof(body), 3, &len);
	ASSERT_EQ(n, 3, "three of four lines");
	ASSERT_EQ(len, 24, "body length");
	ASSERT_TRUE(memcmp(body, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", 24) == 0,
		    "body is JSON lines");
	ASSERT_EQ(sink_queue__messages(q), 1, "the fourth waits");
	/* One per request (Falco events). */
	push_lines(q, lines, 2);
	n = http_batch__fill(q, body, sizeof(body), 1, &len);
	ASSERT_EQ(n, 1, "one event");
	ASSERT_TRUE(len == 8 && memcmp(body, "{\"d\":4}\n", 8) == 0, "the oldest");
	/* Only whole lines: what does not fit stays queued for the next body. */
	n = http_batch__fill(q, body, 12, 10, &len);
	ASSERT_EQ(n, 1, "one line fits in 12 bytes");
	ASSERT_EQ(sink_queue__messages(q), 1, "the other stays");
	n = http_batch__fill(q, body, 12, 10, &len);
	ASSERT_EQ(n, 1, "then the other");
	n = http_batch__fill(q, body, sizeof(body), 10, &len);
	ASSERT_TRUE(n == 0 && len == 0, "empty queue, empty body");
	sink_queue__free(q);
}

static void test_outcomes(void)
{
	static const struct {
		long status;
		enum http_outcome want;
	} cases[] = {
	    {200, HTTP_DELIVERED}, {202, HTTP_DELIVERED}, {204, HTTP_DELIVERED},
	    {408, HTTP_RETRY},	   {429, HTTP_RETRY},	  {500, HTTP_RETRY},
	    {503, HTTP_RETRY},	   {301, HTTP_REJECTED},  {400, HTTP_REJECTED},
	    {401, HTTP_REJECTED},  {404, HTTP_REJECTED},  {0, HTTP_REJECTED},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char what[32];

		snprintf(what, sizeof(what), "status %ld", cases[i].status);
		ASSERT_EQ(http_status__outcome(cases[i].status), cases[i].want, what);
	}
}

int main(void)
{
	test_fill();
	test_outcomes();
	return check_summary("http_batch");
}
