// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <signal.h>
#include <time.h>

#include "sink_thread.h"

void sink_thread__init_sync(pthread_mutex_t *lock, pthread_cond_t *cond)
{
	pthread_condattr_t ca;

	pthread_mutex_init(lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &ca);
	pthread_condattr_destroy(&ca);
}

int sink_thread__start(pthread_t *thread, bool *started, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int err;

	if (*started)
		return 0;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return -err;
	*started = true;
	return 0;
}
