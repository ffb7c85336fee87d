/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Where rendered event lines go. A sink takes whole lines ("...\n") and either
 * delivers a line whole or drops it and counts it: never a partial line.
 */
#ifndef CTRWATCH_SINK_H
#define CTRWATCH_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctw_error;
struct render_input;
struct sink;

/* Outputs one collector writes to: --output given this many times, or the config's outputs:. */
#define SINK_MAX_OUTPUTS 8

struct sink_ops {
	/*
	 * Optional: start the sink's writer thread. Called once, after the
	 * privilege drop (capabilities are per thread); lines written before are
	 * queued. 0 or a negative errno.
	 */
	int (*start)(struct sink *sink);
	/* Queue or write one line; 0, or a negative errno when the line was dropped. */
	int (*write)(struct sink *sink, const char *line, size_t len);
	/* Push buffered lines out; called when the consumer goes idle and at exit. */
	int (*flush)(struct sink *sink);
	/* Reopen the destination (SIGHUP, after logrotate); NULL if meaningless. */
	int (*reopen)(struct sink *sink);
	/*
	 * Optional: like write, with the event behind the line, for sinks whose
	 * framing needs more than the line (syslog PRI and MSGID, journal fields).
	 * `ev` is only valid during the call.
	 */
	int (*write_event)(struct sink *sink, const struct render_input *ev, const char *line,
			   size_t len);
	/*
	 * Optional: stop taking lines, drain until deadline_ns (CLOCK_MONOTONIC;
	 * 0: now + the sink's drain time) and count what is left as dropped, so
	 * that the counters are final. Nothing may be written afterwards. free()
	 * closes a sink that was not closed.
	 */
	void (*close)(struct sink *sink, int64_t deadline_ns);
	void (*free)(struct sink *sink);
};

struct sink {
	const struct sink_ops *ops;
	char name[32]; /* metric label: "stdout", "file", ... */
	/*
	 * emitted: lines handed to sink__write*() (consumer thread). delivered:
	 * written whole to the destination (for sockets: accepted whole by the
	 * kernel). dropped: refused (full queue, line too large) or abandoned
	 * (write error, undrained at exit). Once a sink is freed,
	 * delivered + dropped == emitted; while it runs the difference is in flight.
	 * Written by the consumer and sink threads, read by the metrics thread.
	 */
	_Atomic uint64_t emitted;
	_Atomic uint64_t delivered;
	_Atomic uint64_t dropped;
	/*
	 * Threaded sinks: 0 while the destination takes lines, else the negative
	 * errno of the last failure (connect refused, peer gone). Written by the
	 * sink thread, read by the consumer, which logs the changes.
	 */
	_Atomic int error;
};

/* What sink__from_uri() needs beyond the URI. */
struct sink_options {
	size_t queue_bytes;   /* bounded queue of the threaded sinks; 0: SINK_DEFAULT_QUEUE_BYTES */
	const char *hostname; /* syslog HOSTNAME; NULL: "-" */
	unsigned int drain_ms; /* how long close()/free() wait for a queue to drain; 0: default */
	bool falco_lines;      /* lines are Falco events: http(s) POSTs each alone */
};

/* As large as the default ring buffer: the consumer drains it in bursts of up to 100 ms. */
#define SINK_DEFAULT_QUEUE_BYTES (16u << 20)
#define SINK_DEFAULT_DRAIN_MS 5000
#define SINK_URI_USAGE                                                                             \
	"stdout, file:PATH, PATH, tcp://HOST:PORT, tls://HOST:PORT, unix:PATH, syslog, "           \
	"syslog:unix:PATH, syslog+udp://HOST:PORT, syslog+tcp://HOST:PORT, "                       \
	"syslog+tls://HOST:PORT, journal or journal:PATH, http://HOST[:PORT][/PATH], "             \
	"https://HOST[:PORT][/PATH], optionally followed by "                                      \
	"?queue=SIZE&facility=NAME&ca=FILE&cert=FILE&key=FILE&server_name=NAME"

/*
 * The sink a URI names (the list above; docs in ctrwatch --help). Files are
 * opened here; threaded sinks start their thread in sink__start() and connect
 * lazily, so a receiver that is not up yet is not an error. NULL and errno:
 * EINVAL for a malformed URI (with a message in err, when not NULL), or the
 * error opening a file.
 */
struct sink *sink__from_uri(const char *uri, const struct sink_options *o, struct ctw_error *err);

/*
 * What start-up would refuse about `uri`, without opening or starting
 * anything: 0, or a negative errno with a one-line message in err (-EINVAL for
 * a malformed URI; for a file, the error that opening it for appending would
 * meet: missing directory, no write permission). Sockets connect lazily, so
 * for them only the URI is checked.
 */
int sink__check_uri(const char *uri, struct ctw_error *err);

/*
 * A sink's `error` in words: strerror(), except for the errnos the TLS and
 * HTTP outputs give a meaning of their own (EKEYREJECTED: the peer's
 * certificate failed verification; EBADMSG: an HTTP receiver refused a batch).
 */
const char *sink__strerror(int err);

/*
 * Appends to `path` (opened here), or writes to stdout when path is NULL,
 * from a writer thread started by sink__start(), through a bounded queue
 * (o->queue_bytes). o may be NULL. NULL + errno on failure.
 */
struct sink *sink_file__new(const char *path, const struct sink_options *o);

/*
 * Makes sink->name (a metric label) unique among others[0..n) by appending
 * "-2", "-3", ...: two tcp:// outputs become "tcp" and "tcp-2".
 */
void sink__unique_name(struct sink *sink, struct sink *const *others, size_t n);

static inline int sink__start(struct sink *sink)
{
	return sink->ops->start ? sink->ops->start(sink) : 0;
}

static inline int sink__write(struct sink *sink, const char *line, size_t len)
{
	sink->emitted++;
	return sink->ops->write(sink, line, len);
}

/* sink__write(), giving the sink the event too (the pipeline's path). */
static inline int sink__write_event(struct sink *sink, const struct render_input *ev,
				    const char *line, size_t len)
{
	if (!sink->ops->write_event)
		return sink__write(sink, line, len);
	sink->emitted++;
	return sink->ops->write_event(sink, ev, line, len);
}

static inline int sink__flush(struct sink *sink)
{
	return sink->ops->flush ? sink->ops->flush(sink) : 0;
}

static inline int sink__reopen(struct sink *sink)
{
	return sink->ops->reopen ? sink->ops->reopen(sink) : 0;
}

/*
 * Final counters: drain until deadline_ns (CLOCK_MONOTONIC, 0: the sink's
 * own drain time) and stop the thread; flush a sink without one.
 */
static inline void sink__close_by(struct sink *sink, int64_t deadline_ns)
{
	if (sink->ops->close)
		sink->ops->close(sink, deadline_ns);
	else
		sink__flush(sink);
}

static inline void sink__close(struct sink *sink)
{
	sink__close_by(sink, 0);
}

static inline void sink__free(struct sink *sink)
{
	if (sink)
		sink->ops->free(sink);
}

#endif /* CTRWATCH_SINK_H */
