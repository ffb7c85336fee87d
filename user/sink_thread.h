/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the threaded sinks (sink_file.c, sink_net.c, sink_http.c) do alike
 * with their writer thread: the lock and condition variable it shares with
 * the consumer, and how it starts.
 */
#ifndef CTRWATCH_SINK_THREAD_H
#define CTRWATCH_SINK_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/*
 * The mutex and condition variable between the consumer and the writer.
 * Timed waits on cond use CLOCK_MONOTONIC: a clock step must stretch neither
 * a backoff nor a drain deadline.
 */
void sink_thread__init_sync(pthread_mutex_t *lock, pthread_cond_t *cond);

/*
 * Starts fn(arg) once: nothing to do when *started, else the thread is
 * created and *started set. The thread starts with every signal blocked
 * (signals are the consumer's business). 0 or a negative errno.
 */
int sink_thread__start(pthread_t *thread, bool *started, void *(*fn)(void *), void *arg);

#endif /* CTRWATCH_SINK_THREAD_H */
