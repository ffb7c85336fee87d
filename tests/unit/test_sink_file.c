// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The threaded file sink (no root): every line reaches a file whole; a FIFO
 * nobody reads makes its queue drop and count while the consumer never
 * waits, and a file output next to it still gets every line; the drain
 * deadline bounds close(); SIGHUP's reopen loses nothing; a sink never
 * started counts what it queued as dropped. And it never writes through a
 * symbolic link planted at its path: not at start, not on the reopen SIGHUP
 * asks for after a rotation.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "sink.h"
#include "sink_uri.h"
#include "util.h"

static char tmpdir[64];
static char out_path[PATH_MAX], victim_path[PATH_MAX];

static int64_t now_ms(void)
{
	return clock__now_ns(CLOCK_MONOTONIC) / NSEC_PER_MSEC;
}

static size_t make_line(char *buf, size_t i)
{
	return (size_t)snprintf(buf, 128, "{\"seq\":%zu,\"pad\":\"%040zu\"}\n", i, i);
}

/* Lines in path, and whether each is line i in order. */
static size_t check_file_lines(const char *path, size_t want, bool *in_order)
{
	char line[256], expect[256];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	*in_order = f != NULL;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		make_line(expect, n);
		if (strcmp(line, expect) != 0)
			*in_order = false;
		n++;
	}
	fclose(f);
	*in_order = *in_order && n == want;
	return n;
}

static void test_file_gets_every_line(void)
{
	struct sink_options so = {.drain_ms = 5000};
	char path[128], line[128];
	struct sink *s;
	size_t total = 20000;
	bool in_order;

	snprintf(path, sizeof(path), "%s/all.jsonl", tmpdir);
	s = sink_file__new(path, &so);
	ASSERT_TRUE(s != NULL, "file sink");
	if (!s)
		return;
	ASSERT_STR_EQ(s->name, "file", "name");
	ASSERT_EQ(sink__start(s), 0, "started");
	for (size_t i = 0; i < total; i++)
		ASSERT_EQ(sink__write(s, line, make_line(line, i)), 0, "queued");
	sink__close(s);
	ASSERT_EQ(s->emitted, total, "emitted");
	ASSERT_EQ(s->delivered, total, "delivered");
	ASSERT_EQ(s->dropped, 0, "dropped");
	ASSERT_EQ(check_file_lines(path, total, &in_order), total, "lines in the file");
	ASSERT_TRUE(in_order, "every line whole and in order");
	sink__free(s);
	unlink(path);
}

/*
 * The consumer wakes the writer once per batch of lines or at flush: a few
 * lines and a flush reach the file while the sink stays open.
 */
static void test_flush_wakes_writer(void)
{
	char path[128], line[128];
	struct sink *s;
	size_t total = 3, got = 0;
	bool in_order;

	snprintf(path, sizeof(path), "%s/flush.jsonl", tmpdir);
	s = sink_file__new(path, NULL);
	ASSERT_TRUE(s != NULL, "file sink");
	if (!s)
		return;
	ASSERT_EQ(sink__start(s), 0, "started");
	for (size_t i = 0; i < total; i++)
		ASSERT_EQ(sink__write(s, line, make_line(line, i)), 0, "queued");
	ASSERT_EQ(sink__flush(s), 0, "flush");
	for (int tries = 0; tries < 200 && got < total; tries++) {
		got = check_file_lines(path, total, &in_order);
		if (got < total)
			usleep(10 * 1000);
	}
	ASSERT_EQ(got, total, "the lines are written before close");
	sink__close(s);
	ASSERT_EQ(s->delivered, total, "delivered");
	sink__free(s);
	unlink(path);
}

/*
 * A FIFO whose reader never reads beside a file: the FIFO's queue fills and
 * drops (counted), the consumer's writes return at once, the file gets every
 * line, and close() returns by the deadline with delivered + dropped = emitted.
 */
static void test_stalled_fifo_isolated(void)
{
	struct sink_options so = {.queue_bytes = 64 * 1024, .drain_ms = 5000};
	char fifo[128], path[128], line[128];
	struct sink *slow, *fast;
	size_t total = 50000;
	int64_t t0, write_ms, close_ms;
	bool in_order;
	int rfd;

	snprintf(fifo, sizeof(fifo), "%s/slow.fifo", tmpdir);
	snprintf(path, sizeof(path), "%s/fast.jsonl", tmpdir);
	ASSERT_EQ(mkfifo(fifo, 0600), 0, "mkfifo");
	rfd = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader that never reads */
	ASSERT_TRUE(rfd >= 0, "fifo reader");
	slow = sink_file__new(fifo, &so);
	fast = sink_file__new(path, NULL);
	ASSERT_TRUE(slow && fast, "two sinks");
	if (!slow || !fast)
		return;
	ASSERT_EQ(sink__start(slow), 0, "slow started");
	ASSERT_EQ(sink__start(fast), 0, "fast started");
	t0 = now_ms();
	for (size_t i = 0; i < total; i++) {
		size_t len = make_line(line, i);

		sink__write(slow, line, len);
		ASSERT_EQ(sink__write(fast, line, len), 0, "fast output takes every line");
	}
	write_ms = now_ms() - t0;
	ASSERT_TRUE(write_ms < 2000, "the consumer never waits for the stalled reader");
	sink__close(fast);
	t0 = now_ms();
	sink__close_by(slow, clock__now_ns(CLOCK_MONOTONIC) + 300 * NSEC_PER_MSEC);
	close_ms = now_ms() - t0;
	ASSERT_TRUE(close_ms < 300 + 250 + 300, "close returns by the deadline (+ line grace)");
	ASSERT_EQ(fast->delivered, total, "fast: every line delivered");
	ASSERT_EQ(check_file_lines(path, total, &in_order), total, "fast: lines in the file");
	ASSERT_TRUE(in_order, "fast: whole and in order");
	ASSERT_EQ(slow->emitted, total, "slow: emitted");
	ASSERT_EQ(slow->delivered + slow->dropped, slow->emitted, "slow: delivered + dropped");
	ASSERT_TRUE(slow->dropped > 0, "slow: the full queue dropped, counted");
	ASSERT_TRUE(slow->delivered > 0 && slow->delivered < total, "slow: the pipe took some");
	sink__free(slow);
	sink__free(fast);
	close(rfd);
	unlink(fifo);
	unlink(path);
}

/* The rename-then-SIGHUP of logrotate: the two files hold every line once. */
static void test_reopen(void)
{
	char path[128], rotated[160], line[128];
	struct sink *s;
	size_t total = 10000, n1, n2;
	bool in_order;

	snprintf(path, sizeof(path), "%s/rot.jsonl", tmpdir);
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	s = sink_file__new(path, NULL);
	ASSERT_TRUE(s != NULL && sink__start(s) == 0, "file sink");
	if (!s)
		return;
	for (size_t i = 0; i < total; i++) {
		if (i == total / 2) {
			ASSERT_EQ(rename(path, rotated), 0, "rename");
			ASSERT_EQ(sink__reopen(s), 0, "reopen");
		}
		sink__write(s, line, make_line(line, i));
	}
	sink__close(s);
	n1 = check_file_lines(rotated, 0, &in_order);
	n2 = check_file_lines(path, 0, &in_order);
	ASSERT_EQ(n1 + n2, total, "the two files hold every line");
	ASSERT_TRUE(n2 > 0, "the new file is written after the reopen");
	ASSERT_EQ(s->delivered, total, "delivered");
	sink__free(s);
	unlink(path);
	unlink(rotated);
}

static void test_never_started(void)
{
	char path[128];
	struct sink *s;
	struct stat st;

	snprintf(path, sizeof(path), "%s/never.jsonl", tmpdir);
	s = sink_file__new(path, NULL);
	ASSERT_TRUE(s != NULL, "made");
	if (!s)
		return;
	ASSERT_EQ(stat(path, &st), 0, "the file is created when the sink is made");
	ASSERT_EQ(sink__write(s, "{}\n", 3), 0, "queued");
	sink__close(s);
	ASSERT_EQ(s->dropped, 1, "dropped when never started");
	ASSERT_EQ(sink__write(s, "{}\n", 3), -ESHUTDOWN, "refused after close");
	ASSERT_EQ(s->delivered + s->dropped, s->emitted, "delivered + dropped = emitted");
	sink__free(s);
	unlink(path);
}

static void test_open_error(void)
{
	errno = 0;
	ASSERT_TRUE(sink_file__new("/nonexistent-dir/x.jsonl", NULL) == NULL && errno == ENOENT,
		    "a missing directory: NULL, ENOENT");
}

static off_t size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void write_victim(void)
{
	FILE *f = fopen(victim_path, "w");

	fputs("precious\n", f);
	fclose(f);
}

static void test_symlink_at_start(void)
{
	struct ctw_error err = {""};
	struct sink *s;

	write_victim();
	ASSERT_EQ(symlink(victim_path, out_path), 0, "plant the link");
	errno = 0;
	s = sink_file__new(out_path, NULL);
	ASSERT_TRUE(s == NULL, "a link at the output path is refused");
	ASSERT_EQ(errno, ELOOP, "with ELOOP");
	ASSERT_EQ(sink__check_uri(out_path, &err), -ELOOP, "the preflight check refuses it too");
	ASSERT_TRUE(strstr(err.msg, "symbolic link") != NULL, "and says why");
	ASSERT_EQ(size_of(victim_path), 9, "the link's target is untouched");
	unlink(out_path);
}

static void test_symlink_on_reopen(void)
{
	struct sink *s;
	const char line[] = "{\"a\":1}\n";

	write_victim();
	s = sink_file__new(out_path, NULL);
	ASSERT_TRUE(s != NULL, "a plain path opens");
	if (!s)
		return;
	ASSERT_EQ(sink__start(s), 0, "started");
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write");
	ASSERT_EQ(sink__flush(s), 0, "flush");
	/* A rotation moved the file away and someone put a link in its place. */
	ASSERT_EQ(unlink(out_path), 0, "rotate away");
	ASSERT_EQ(symlink(victim_path, out_path), 0, "plant the link");
	ASSERT_EQ(sink__reopen(s), -ELOOP, "reopen refuses the link");
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write after the refused reopen");
	sink__close(s); /* the writer thread has written everything it will */
	ASSERT_EQ(s->delivered, 2, "both lines went to the file kept open");
	ASSERT_EQ(size_of(victim_path), 9, "nothing reached the link's target");
	sink__free(s);
	unlink(out_path);
}

static void test_plain_reopen(void)
{
	struct sink *s = sink_file__new(out_path, NULL);
	const char line[] = "{\"b\":2}\n";

	ASSERT_TRUE(s != NULL, "open");
	if (!s)
		return;
	ASSERT_EQ(sink__start(s), 0, "started");
	ASSERT_EQ(unlink(out_path), 0, "rotate away");
	ASSERT_EQ(sink__reopen(s), 0, "reopen creates a new file");
	ASSERT_EQ(sink__write(s, line, sizeof(line) - 1), 0, "write");
	sink__close(s); /* the writer thread has switched files and written */
	ASSERT_EQ(size_of(out_path), (off_t)(sizeof(line) - 1), "the line is in the new file");
	sink__free(s);
	unlink(out_path);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ctw-sinkfile.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_file_gets_every_line();
	test_flush_wakes_writer();
	test_stalled_fifo_isolated();
	test_reopen();
	test_never_started();
	test_open_error();
	snprintf(out_path, sizeof(out_path), "%s/events.jsonl", tmpdir);
	snprintf(victim_path, sizeof(victim_path), "%s/victim", tmpdir);
	test_symlink_at_start();
	test_symlink_on_reopen();
	test_plain_reopen();
	unlink(victim_path);
	rmdir(tmpdir);
	return check_summary("sink_file");
}
