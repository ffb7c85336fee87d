/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A total deadline per connection: an idle timeout never fires on a client
 * that sends one byte every few seconds, so each tracked socket gets a fixed
 * time to finish its request and response, counted from its accept (or from
 * the end of its previous request). A sweeper thread shuts overdue sockets
 * down with shutdown(2), never close(2): the owner (libmicrohttpd) still
 * closes the descriptor itself, and removes it from here before it does, so
 * a number reused by a later accept is never touched.
 */
#ifndef CTRWATCH_CONN_DEADLINE_H
#define CTRWATCH_CONN_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

struct conn_deadline;
struct conn_deadline_slot;

/*
 * Tracks up to max sockets, each cut limit_ms after its start; the sweeper
 * looks every limit_ms / 20 (at least 50 ms). NULL + errno (EINVAL, ENOMEM,
 * or pthread_create's error).
 */
struct conn_deadline *conn_deadline__new(size_t max, unsigned int limit_ms);

/*
 * Starts the clock of fd. NULL when every slot is taken: the socket is then
 * shut down at once (fail closed), and the caller keeps owning fd.
 */
struct conn_deadline_slot *conn_deadline__add(struct conn_deadline *d, int fd);

/* A request completed: the next one gets the whole limit again. */
void conn_deadline__restart(struct conn_deadline *d, struct conn_deadline_slot *slot);

/* Before the owner closes the socket. slot may be NULL. */
void conn_deadline__remove(struct conn_deadline *d, struct conn_deadline_slot *slot);

/* Sockets cut by the deadline (or refused a slot) so far. */
uint64_t conn_deadline__cut(struct conn_deadline *d);

/* Stops the sweeper. Accepts NULL. */
void conn_deadline__free(struct conn_deadline *d);

#endif /* CTRWATCH_CONN_DEADLINE_H */
