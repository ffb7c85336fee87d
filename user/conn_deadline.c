// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "conn_deadline.h"
#include "util.h"

struct conn_deadline_slot {
	int fd; /* -1: free */
	bool cut;
	int64_t due_ns; /* CLOCK_MONOTONIC */
};

struct conn_deadline {
	pthread_mutex_t lock; /* slots, stop; held across shutdown(2) so a remove waits for it */
	pthread_cond_t wake;
	pthread_t sweeper;
	bool stop;
	int64_t limit_ns;
	int64_t period_ns;
	uint64_t cut;
	size_t n;
	struct conn_deadline_slot slots[];
};

static void sweep(struct conn_deadline *d, int64_t now)
{
	for (size_t i = 0; i < d->n; i++) {
		struct conn_deadline_slot *s = &d->slots[i];

		if (s->fd < 0 || s->cut || now < s->due_ns)
			continue;
		/* The owner sees EOF/errors on its next read or write and closes it. */
		shutdown(s->fd, SHUT_RDWR);
		s->cut = true;
		d->cut++;
	}
}

static void *sweeper_main(void *arg)
{
	struct conn_deadline *d = arg;

	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		int64_t next = clock__now_ns(CLOCK_MONOTONIC) + d->period_ns;
		struct timespec ts = {.tv_sec = next / NSEC_PER_SEC,
				      .tv_nsec = next % NSEC_PER_SEC};

		pthread_cond_timedwait(&d->wake, &d->lock, &ts);
		if (!d->stop)
			sweep(d, clock__now_ns(CLOCK_MONOTONIC));
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct conn_deadline *conn_deadline__new(size_t max, unsigned int limit_ms)
{
	struct conn_deadline *d;
	pthread_condattr_t attr;
	int err;

	if (!max || !limit_ms) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d) + max * sizeof(d->slots[0]));
	if (!d)
		return NULL;
	d->n = max;
	for (size_t i = 0; i < max; i++)
		d->slots[i].fd = -1;
	d->limit_ns = (int64_t)limit_ms * NSEC_PER_MSEC;
	d->period_ns =
	    d->limit_ns / 20 > 50 * NSEC_PER_MSEC ? d->limit_ns / 20 : 50 * NSEC_PER_MSEC;
	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&d->wake, &attr);
	pthread_condattr_destroy(&attr);
	err = pthread_create(&d->sweeper, NULL, sweeper_main, d);
	if (err) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		errno = err;
		return NULL;
	}
	return d;
}

struct conn_deadline_slot *conn_deadline__add(struct conn_deadline *d, int fd)
{
	struct conn_deadline_slot *slot = NULL;

	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->n && !slot; i++)
		if (d->slots[i].fd < 0)
			slot = &d->slots[i];
	if (slot) {
		slot->fd = fd;
		slot->cut = false;
		slot->due_ns = clock__now_ns(CLOCK_MONOTONIC) + d->limit_ns;
	} else {
		/* Untracked would mean unbounded: refuse it instead. */
		shutdown(fd, SHUT_RDWR);
		d->cut++;
	}
	pthread_mutex_unlock(&d->lock);
	return slot;
}

void conn_deadline__restart(struct conn_deadline *d, struct conn_deadline_slot *slot)
{
	if (!slot)
		return;
	pthread_mutex_lock(&d->lock);
	slot->due_ns = clock__now_ns(CLOCK_MONOTONIC) + d->limit_ns;
	pthread_mutex_unlock(&d->lock);
}

void conn_deadline__remove(struct conn_deadline *d, struct conn_deadline_slot *slot)
{
	if (!slot)
		return;
	pthread_mutex_lock(&d->lock);
	slot->fd = -1;
	pthread_mutex_unlock(&d->lock);
}

uint64_t conn_deadline__cut(struct conn_deadline *d)
{
	uint64_t n;

	pthread_mutex_lock(&d->lock);
	n = d->cut;
	pthread_mutex_unlock(&d->lock);
	return n;
}

void conn_deadline__free(struct conn_deadline *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->sweeper, NULL);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
