// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * stdout / append-to-file sink with a writer thread of its own, so that a
 * slow disk or a slow pipe reader never holds up the consumer (and with it
 * the ring buffer and every other output): the consumer copies the line into
 * a bounded queue (sink_queue.c) or drops and counts it when the queue is
 * full, and the thread writes whole batches.
 *
 * Accounting: a line is "delivered" once its last byte was written, "dropped"
 * when the queue refused it, a write failed, or it was still queued (or cut)
 * at the drain deadline. A failed write to a regular file is rolled back with
 * ftruncate, so the file ends on a line boundary. On a pipe, socket or
 * terminal the thread waits for room with poll() and writes at most PIPE_BUF
 * at a time, which such a descriptor takes without blocking: a reader that
 * stops reading delays the thread, never past the drain deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "render_json.h"
#include "sink.h"
#include "sink_queue.h"
#include "sink_thread.h"
#include "util.h"

#define BATCH_BYTES (256 * 1024)
#define BATCH_MAX_MSGS 4096
#define POLL_SLICE_MS 250 /* how late a waiting thread sees a stop */
/*
 * At the drain deadline a line already partly written gets this long to
 * finish, so that a reader that still reads does not see it cut.
 */
#define LINE_GRACE_MS 250
/*
 * The consumer wakes the thread once per this many lines, and at each flush
 * (the end of every ring-buffer batch). Waking it whenever the queue was empty
 * cost a futex wake per line behind a fast output (/dev/null, a page-cache
 * file): the thread empties the queue before the next line arrives.
 */
#define WAKE_EVERY_LINES 256

_Static_assert(BATCH_BYTES >= RENDER_JSON_LINE_MAX + 1, "a batch holds the longest line");

struct file_sink {
	struct sink base;
	char *path; /* NULL for stdout */
	unsigned int drain_ms;

	pthread_mutex_t lock;
	pthread_cond_t cond;	    /* a line was queued, a reopen or a stop was asked */
	struct sink_queue *q;	    /* under lock */
	int next_fd;		    /* under lock: a reopened file the thread switches to, or -1 */
	bool stopping;		    /* under lock */
	_Atomic int64_t stop_at_ns; /* CLOCK_MONOTONIC drain deadline; 0 while running */
	pthread_t thread;
	bool started;	  /* consumer thread: start() ran */
	bool joined;	  /* consumer thread: close() ran */
	size_t not_woken; /* consumer thread: lines queued since the thread was last woken */

	/* The writer thread's once started, the consumer's before. */
	int fd;
	bool regular; /* fd_is_regular(fd): writes never wait for a reader */
	char *batch;
	size_t batch_len;
	size_t msg_end[BATCH_MAX_MSGS]; /* end offset of each line in batch */
	size_t n_msgs;
};

/*
 * Writes to fd never wait for a reader: a regular file, or the null device
 * (one write per batch instead of a poll and a write per PIPE_BUF).
 */
static bool fd_is_regular(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return false;
	return S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3));
}

/* ---- consumer side ---- */

static int file_sink_write(struct sink *sink, const char *line, size_t len)
{
	struct file_sink *fs = (struct file_sink *)sink;
	int err = -ESHUTDOWN;
	bool behind;

	if (!fs->joined) {
		pthread_mutex_lock(&fs->lock);
		err = sink_queue__push(fs->q, line, len);
		if (err == 0 && ++fs->not_woken >= WAKE_EVERY_LINES) {
			fs->not_woken = 0;
			pthread_cond_signal(&fs->cond);
		}
		behind = fs->regular && sink_queue__bytes(fs->q) > sink_queue__capacity(fs->q) / 2;
		pthread_mutex_unlock(&fs->lock);
		/*
		 * A file or /dev/null never waits for a reader: a writer half a queue
		 * behind is short of CPU (the consumer and a flood of calls hold both
		 * of a small host's), not stuck. Give it the CPU rather than drop its
		 * lines later; the consumer does not wait for it, so a stalled disk
		 * still costs only this output its lines.
		 */
		if (behind)
			sched_yield();
	}
	if (err < 0)
		sink->dropped++;
	return err;
}

/* The end of a batch: the thread writes what the batch queued. */
static int file_sink_flush(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;

	if (fs->joined || !fs->not_woken)
		return 0;
	pthread_mutex_lock(&fs->lock);
	fs->not_woken = 0;
	pthread_cond_signal(&fs->cond);
	pthread_mutex_unlock(&fs->lock);
	return 0;
}

/*
 * O_NOFOLLOW: the daemon opens its output as root, and a symlink planted at
 * the path (in a log directory others can write, or after a rotation) would
 * make it append to whatever file the link names. ELOOP refuses it.
 */
static int file_sink_open(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0640);
}

/* SIGHUP: the thread switches to the new file between two batches. */
static int file_sink_reopen(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;
	int fd, old;

	if (!fs->path)
		return 0;
	fd = file_sink_open(fs->path);
	if (fd < 0)
		return -errno;
	if (!fs->started) {
		close(fs->fd);
		fs->fd = fd;
		fs->regular = fd_is_regular(fd);
		return 0;
	}
	pthread_mutex_lock(&fs->lock);
	old = fs->next_fd;
	fs->next_fd = fd;
	pthread_cond_signal(&fs->cond);
	pthread_mutex_unlock(&fs->lock);
	if (old >= 0)
		close(old);
	return 0;
}

/* ---- writer thread ---- */

/* Milliseconds until the drain deadline (at least 0), or -1 while not stopping. */
static int ms_to_deadline(const struct file_sink *fs, int64_t extra_ns)
{
	int64_t at = fs->stop_at_ns, left;

	if (!at)
		return -1;
	left = at + extra_ns - clock__now_ns(CLOCK_MONOTONIC);
	return left <= 0 ? 0 : (int)((left + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC);
}

/*
 * Waits until fd takes a write. 0, -ETIME when the deadline (plus `extra_ns`)
 * passed, or the poll error.
 */
static int wait_writable(struct file_sink *fs, int64_t extra_ns)
{
	for (;;) {
		struct pollfd pfd = {.fd = fs->fd, .events = POLLOUT};
		int left = ms_to_deadline(fs, extra_ns), n;

		if (left == 0)
			return -ETIME;
		n = poll(&pfd, 1, left < 0 || left > POLL_SLICE_MS ? POLL_SLICE_MS : left);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			return 0; /* writable, or an error the write will report */
	}
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A regular file (or /dev/null): the whole batch, a partial write rolled back. */
static void write_batch_regular(struct file_sink *fs)
{
	struct stat st;
	bool sized = fstat(fs->fd, &st) == 0;
	int err = write_all(fs->fd, fs->batch, fs->batch_len);

	if (err == 0) {
		fs->base.delivered += fs->n_msgs;
		return;
	}
	fs->base.dropped += fs->n_msgs;
	/* Best effort: if even the rollback fails there is nothing better to do. */
	if (sized && ftruncate(fs->fd, st.st_size) < 0)
		fs->base.error = -EIO;
}

/*
 * A pipe, socket or terminal: PIPE_BUF at a time when poll() says there is
 * room. At the deadline the lines not begun are dropped; a line begun gets
 * LINE_GRACE_MS more, then is dropped too (the reader sees it cut).
 */
static void write_batch_stream(struct file_sink *fs)
{
	size_t sent = 0, done = 0; /* bytes written; lines wholly written */

	while (done < fs->n_msgs) {
		size_t line_start = done ? fs->msg_end[done - 1] : 0;
		bool mid_line = sent > line_start;
		size_t chunk = fs->batch_len - sent;
		ssize_t n;
		int err;

		err = wait_writable(fs, mid_line ? LINE_GRACE_MS * NSEC_PER_MSEC : 0);
		if (err < 0)
			break;
		if (chunk > PIPE_BUF)
			chunk = PIPE_BUF;
		n = write(fs->fd, fs->batch + sent, chunk);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break; /* EPIPE (the reader is gone), EIO: the rest is dropped */
		}
		sent += (size_t)n;
		while (done < fs->n_msgs && fs->msg_end[done] <= sent) {
			done++;
			fs->base.delivered++;
		}
		if (done && fs->msg_end[done - 1] == sent && ms_to_deadline(fs, 0) == 0)
			break; /* on a line boundary at the deadline */
	}
	fs->base.dropped += fs->n_msgs - done;
}

/* Moves whole lines from the queue into the empty batch. Under lock. */
static void fill_batch(struct file_sink *fs)
{
	fs->n_msgs = sink_queue__pop_batch(fs->q, fs->batch, BATCH_BYTES, BATCH_MAX_MSGS,
					   fs->msg_end, &fs->batch_len);
}

static void *file_sink_thread(void *arg)
{
	struct file_sink *fs = arg;

	for (;;) {
		pthread_mutex_lock(&fs->lock);
		while (sink_queue__messages(fs->q) == 0 && !fs->stopping && fs->next_fd < 0)
			pthread_cond_wait(&fs->cond, &fs->lock);
		if (fs->next_fd >= 0) {
			close(fs->fd);
			fs->fd = fs->next_fd;
			fs->next_fd = -1;
			fs->regular = fd_is_regular(fs->fd);
		}
		if (fs->stopping &&
		    (sink_queue__messages(fs->q) == 0 || ms_to_deadline(fs, 0) == 0)) {
			pthread_mutex_unlock(&fs->lock);
			break;
		}
		fill_batch(fs);
		pthread_mutex_unlock(&fs->lock);
		if (fs->n_msgs == 0)
			continue;
		if (fs->regular)
			write_batch_regular(fs);
		else
			write_batch_stream(fs);
	}
	/* What the drain did not reach is dropped, so delivered + dropped == emitted. */
	pthread_mutex_lock(&fs->lock);
	fs->base.dropped += sink_queue__messages(fs->q);
	while (sink_queue__pop(fs->q, fs->batch, BATCH_BYTES) > 0)
		;
	pthread_mutex_unlock(&fs->lock);
	return NULL;
}

static int file_sink_start(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;

	return sink_thread__start(&fs->thread, &fs->started, file_sink_thread, fs);
}

static void file_sink_close(struct sink *sink, int64_t deadline_ns)
{
	struct file_sink *fs = (struct file_sink *)sink;

	if (fs->joined)
		return;
	fs->joined = true;
	if (!fs->started) {
		/* Never started (start-up failed later): what was queued is dropped. */
		fs->base.dropped += sink_queue__messages(fs->q);
		return;
	}
	if (!deadline_ns)
		deadline_ns =
		    clock__now_ns(CLOCK_MONOTONIC) + (int64_t)fs->drain_ms * NSEC_PER_MSEC;
	pthread_mutex_lock(&fs->lock);
	fs->stopping = true;
	fs->stop_at_ns = deadline_ns;
	pthread_cond_signal(&fs->cond);
	pthread_mutex_unlock(&fs->lock);
	pthread_join(fs->thread, NULL);
}

static void file_sink_destroy(struct file_sink *fs)
{
	if (fs->next_fd >= 0)
		close(fs->next_fd);
	if (fs->path && fs->fd >= 0)
		close(fs->fd);
	sink_queue__free(fs->q);
	free(fs->batch);
	free(fs->path);
	free(fs);
}

static void file_sink_free(struct sink *sink)
{
	struct file_sink *fs = (struct file_sink *)sink;

	file_sink_close(sink, 0);
	pthread_cond_destroy(&fs->cond);
	pthread_mutex_destroy(&fs->lock);
	file_sink_destroy(fs);
}

static const struct sink_ops file_sink_ops = {
    .start = file_sink_start,
    .write = file_sink_write,
    .flush = file_sink_flush,
    .reopen = file_sink_reopen,
    .close = file_sink_close,
    .free = file_sink_free,
};

struct sink *sink_file__new(const char *path, const struct sink_options *o)
{
	struct file_sink *fs = calloc(1, sizeof(*fs));
	int err = ENOMEM;

	if (!fs)
		return NULL;
	fs->base.ops = &file_sink_ops;
	fs->fd = STDOUT_FILENO;
	fs->next_fd = -1;
	fs->drain_ms = o && o->drain_ms ? o->drain_ms : SINK_DEFAULT_DRAIN_MS;
	strcpy(fs->base.name, path ? "file" : "stdout");
	fs->batch = malloc(BATCH_BYTES);
	fs->q = sink_queue__new(o && o->queue_bytes ? o->queue_bytes : SINK_DEFAULT_QUEUE_BYTES);
	if (path) {
		fs->path = strdup(path);
		fs->fd = fs->path ? file_sink_open(path) : -1;
		if (fs->fd < 0)
			err = fs->path ? errno : ENOMEM;
	}
	if (!fs->batch || !fs->q || fs->fd < 0) {
		file_sink_destroy(fs);
		errno = err;
		return NULL;
	}
	fs->regular = fd_is_regular(fs->fd);
	sink_thread__init_sync(&fs->lock, &fs->cond);
	return &fs->base;
}
