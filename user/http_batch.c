// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "http_batch.h"
#include "sink_queue.h"

enum http_outcome http_status__outcome(long status)
{
	if (status >= 200 && status <= 299)
		return HTTP_DELIVERED;
	/* Timeouts, rate limits and server trouble pass; the receiver asks to be retried. */
	if (status == 408 || status == 429 || (status >= 500 && status <= 599))
		return HTTP_RETRY;
	return HTTP_REJECTED;
}

size_t http_batch__fill(struct sink_queue *q, char *buf, size_t cap, size_t max_msgs, size_t *len)
{
	return sink_queue__pop_batch(q, buf, cap, max_msgs, NULL, len);
}
