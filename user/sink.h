/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Where rendered event lines go. A sink takes whole lines ("...\n") and either
 * delivers a line whole or drops it and counts it: never a partial line.
 */
#ifndef CTRWATCH_SINK_H
#define CTRWATCH_SINK_H

#include <stddef.h>
#include <stdint.h>

struct sink;

struct sink_ops {
	/* Queue or write one line; 0, or a negative errno when the line was dropped. */
	int (*write)(struct sink *sink, const char *line, size_t len);
	/* Push buffered lines out; called when the consumer goes idle and at exit. */
	int (*flush)(struct sink *sink);
	/* Reopen the destination (SIGHUP, after logrotate); NULL if meaningless. */
	int (*reopen)(struct sink *sink);
	void (*free)(struct sink *sink);
};

struct sink {
	const struct sink_ops *ops;
	char name[32]; /* metric label: "stdout", "file", ... */
	/* Written by the consumer thread, read by the metrics thread. */
	_Atomic uint64_t delivered;
	_Atomic uint64_t dropped;
};

/* Appends to `path`, or writes to stdout when path is NULL. NULL + errno on failure. */
struct sink *sink_file__new(const char *path);

static inline int sink__write(struct sink *sink, const char *line, size_t len)
{
	return sink->ops->write(sink, line, len);
}

static inline int sink__flush(struct sink *sink)
{
	return sink->ops->flush ? sink->ops->flush(sink) : 0;
}

static inline int sink__reopen(struct sink *sink)
{
	return sink->ops->reopen ? sink->ops->reopen(sink) : 0;
}

static inline void sink__free(struct sink *sink)
{
	if (sink)
		sink->ops->free(sink);
}

#endif /* CTRWATCH_SINK_H */
