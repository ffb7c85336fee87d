// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The threaded socket sinks against receivers in this process (unix sockets
 * in a temp dir, no root): a line cut by a lost connection is resent whole,
 * a stalled receiver makes the queue drop and count without the consumer
 * waiting, delivered + dropped = emitted, datagram framing, URI parsing.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "classify.h"
#include "error.h"
#include "render_json.h"
#include "sink.h"

#include "util.h" /* ARRAY_SIZE */

static char tmpdir[64];

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int listen_unix(const char *path, int type)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	strcpy(sun.sun_path, path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 4) < 0))
		return -1;
	return fd;
}

/* One line of the stream tests: {"n":N,"pad":"xxx..."}\n, its length varying with n. */
static size_t make_line(char *buf, size_t n)
{
	size_t pad = 300 + (n * 131) % 700;
	int k = sprintf(buf, "{\"n\":%zu,\"pad\":\"", n);

	memset(buf + k, 'x', pad);
	strcpy(buf + k + pad, "\"}\n");
	return (size_t)k + pad + 3;
}

/* ---- reconnect: the cut line is resent from its first byte ---- */

struct reconnect_server {
	int lfd;
	char *got; /* what the second connection received */
	size_t got_len;
};

static void *reconnect_server_main(void *arg)
{
	struct reconnect_server *s = arg;
	size_t cap = 8 << 20;
	int c1, c2;
	ssize_t n;

	/* Connection 1: never read, so the sink's send blocks part-way; then go away. */
	c1 = accept(s->lfd, NULL, NULL);
	usleep(400 * 1000);
	close(c1);
	c2 = accept(s->lfd, NULL, NULL);
	s->got = malloc(cap);
	while (s->got && (n = read(c2, s->got + s->got_len, cap - s->got_len)) > 0)
		s->got_len += (size_t)n;
	close(c2);
	return NULL;
}

static void test_reconnect_no_partial_line(void)
{
	char path[128], line[2048], uri[160];
	struct reconnect_server srv = {0};
	struct sink_options so = {.drain_ms = 5000};
	pthread_t th;
	struct sink *sink;
	size_t total = 3000, first = 0, count = 0, bad = 0;

	snprintf(path, sizeof(path), "%s/stream.sock", tmpdir);
	srv.lfd = listen_unix(path, SOCK_STREAM);
	ASSERT_TRUE(srv.lfd >= 0, "listen");
	pthread_create(&th, NULL, reconnect_server_main, &srv);
	snprintf(uri, sizeof(uri), "unix:%s?queue=8M", path);
	sink = sink__from_uri(uri, &so, NULL);
	ASSERT_TRUE(sink != NULL, "unix sink");
	if (!sink)
		return;
	ASSERT_EQ(sink__start(sink), 0, "thread started");
	ASSERT_STR_EQ(sink->name, "unix", "name");
	for (size_t i = 0; i < total; i++)
		ASSERT_EQ(sink__write(sink, line, make_line(line, i)), 0, "queued");
	usleep(800 * 1000); /* through the first connection's death and the reconnect */
	sink__close(sink);
	pthread_join(th, NULL);

	ASSERT_EQ(sink->delivered + sink->dropped, sink->emitted, "delivered + dropped = emitted");
	ASSERT_EQ(sink->emitted, total, "emitted");
	ASSERT_EQ(sink->dropped, 0, "nothing dropped: the queue held it all");
	ASSERT_TRUE(srv.got_len > 0 && srv.got[srv.got_len - 1] == '\n',
		    "second connection ends on a newline");
	/* Every line on the new connection is whole, and they are consecutive. */
	for (char *p = srv.got, *end = srv.got + srv.got_len; srv.got && p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n, len;

		if (!nl || sscanf(p, "{\"n\":%zu,", &n) != 1) {
			bad++;
			break;
		}
		len = make_line(line, n);
		if ((size_t)(nl + 1 - p) != len || memcmp(p, line, len) != 0)
			bad++;
		if (count == 0)
			first = n;
		else if (n != first + count)
			bad++;
		count++;
		p = nl + 1;
	}
	ASSERT_EQ(bad, 0, "no partial or foreign line on the new connection");
	ASSERT_TRUE(count > 0 && first + count == total, "the stream resumes and reaches the end");
	ASSERT_TRUE(first > 0 && first < total, "the first connection took some lines");
	sink__free(sink);
	free(srv.got);
	close(srv.lfd);
	unlink(path);
}

/* ---- a receiver that never reads: drops counted, consumer never waits ---- */

static void test_stalled_receiver_drops(void)
{
	char path[128], line[2048], uri[160];
	struct sink_options so = {.drain_ms = 300};
	struct sink *sink;
	int lfd, cfd;
	int64_t t0, worst = 0;

	snprintf(path, sizeof(path), "%s/stall.sock", tmpdir);
	lfd = listen_unix(path, SOCK_STREAM);
	snprintf(uri, sizeof(uri), "unix:%s?queue=64K", path);
	sink = sink__from_uri(uri, &so, NULL);
	ASSERT_TRUE(sink != NULL && lfd >= 0, "stalled set-up");
	if (!sink)
		return;
	ASSERT_EQ(sink__start(sink), 0, "thread started");
	cfd = -1; /* the sink connects when the first line is queued: accepted below */
	for (size_t i = 0; i < 20000; i++) {
		int64_t t = now_ms();

		sink__write(sink, line, make_line(line, i));
		if (now_ms() - t > worst)
			worst = now_ms() - t;
		if (i == 0)
			cfd = accept(lfd, NULL, NULL);
	}
	t0 = now_ms();
	ASSERT_TRUE(worst < 50, "no write waited on the receiver");
	ASSERT_TRUE(sink->dropped > 0, "a full queue drops");
	sink__close(sink);
	ASSERT_TRUE(now_ms() - t0 < 3000, "close bounded by the drain time");
	ASSERT_EQ(sink->delivered + sink->dropped, sink->emitted, "delivered + dropped = emitted");
	ASSERT_EQ(sink->emitted, 20000, "emitted");
	ASSERT_EQ(sink__write(sink, "x\n", 2), -ESHUTDOWN, "closed sink refuses");
	ASSERT_EQ(sink->delivered + sink->dropped, sink->emitted, "and counts the refusal");
	sink__free(sink);
	close(cfd);
	close(lfd);
	unlink(path);
}

static void test_unreachable(void)
{
	char uri[160];
	struct sink_options so = {.drain_ms = 300};
	struct sink *sink;

	snprintf(uri, sizeof(uri), "unix:%s/nobody-listens.sock", tmpdir);
	sink = sink__from_uri(uri, &so, NULL);
	ASSERT_TRUE(sink != NULL, "an absent receiver is not an error at start");
	if (!sink)
		return;
	ASSERT_EQ(sink__start(sink), 0, "thread started");
	for (int i = 0; i < 10; i++)
		sink__write(sink, "{}\n", 3);
	usleep(100 * 1000);
	ASSERT_EQ(sink->error, -ENOENT, "the connect error is visible");
	sink__close(sink);
	ASSERT_EQ(sink->dropped, 10, "undelivered at the end of the drain: dropped");
	ASSERT_EQ(sink->delivered, 0, "nothing delivered");
	sink__free(sink);
}

/* ---- datagram framings: syslog and journal ---- */

static void fill_event(struct ctw_setuid_event *e, struct classification *cls,
		       struct container_ref *ctr, struct render_input *in)
{
	memset(e, 0, sizeof(*e));
	e->hdr.type = CTW_EVENT_SETUID;
	e->hdr.size = sizeof(*e);
	e->hdr.syscall_nr = __NR_setuid;
	e->hdr.pid = 42;
	strcpy(e->hdr.comm, "su");
	memset(cls, 0, sizeof(*cls));
	cls->severity = SEVERITY_WARNING;
	memset(ctr, 0, sizeof(*ctr));
	ctr->runtime = RUNTIME_DOCKER;
	memset(ctr->id, 'a', 64);
	*in = (struct render_input){.rec = &e->hdr, .container = ctr, .cls = cls};
}

static void test_syslog_datagram(void)
{
	char path[128], uri[160], buf[4096], want[64];
	struct sink_options so = {.hostname = "node-1"};
	struct ctw_setuid_event e;
	struct classification cls;
	struct container_ref ctr;
	struct render_input in;
	struct sink *sink;
	struct timeval tv = {2, 0};
	const char *line = "{\"type\":\"setuid\"}\n";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/log.sock", tmpdir);
	fd = listen_unix(path, SOCK_DGRAM);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	snprintf(uri, sizeof(uri), "syslog:unix:%s?facility=local0", path);
	sink = sink__from_uri(uri, &so, NULL);
	ASSERT_TRUE(sink != NULL && fd >= 0, "syslog sink");
	if (!sink)
		return;
	ASSERT_EQ(sink__start(sink), 0, "thread started");
	fill_event(&e, &cls, &ctr, &in);
	sink__write_event(sink, &in, line, strlen(line));
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	ASSERT_TRUE(n > 0, "a datagram arrives");
	buf[n > 0 ? n : 0] = '\0';
	/* local0 (16) * 8 + warning (4) */
	ASSERT_TRUE(strncmp(buf, "<132>1 ", 7) == 0, "PRI local0.warning, VERSION 1");
	snprintf(want, sizeof(want), " node-1 ctrwatch %d setuid - ", (int)getpid());
	ASSERT_TRUE(strstr(buf, want) != NULL, "HOSTNAME APP-NAME PROCID MSGID SD");
	ASSERT_TRUE(n > 18 && strcmp(buf + n - 17, "{\"type\":\"setuid\"}") == 0,
		    "MSG is the line without its newline");
	sink__free(sink);
	close(fd);
	unlink(path);
}

/* The value of KEY in a journal datagram of KEY=VALUE lines; NULL if absent. */
static const char *journal_get(const char *dgram, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);

	for (const char *p = dgram; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			snprintf(out, len, "%.*s", (int)(l - klen - 1), p + klen + 1);
			return out;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return NULL;
}

static void test_journal_datagram(void)
{
	static const struct {
		const char *key;
		const char *want;
	} fields[] = {
	    {"PRIORITY", "4"},
	    {"SYSLOG_IDENTIFIER", "ctrwatch"},
	    {"CTRWATCH_TYPE", "setuid"},
	    {"CTRWATCH_SEVERITY", "warning"},
	    {"CONTAINER_ID", "aaaaaaaaaaaa"},
	    {"CTRWATCH_EVENT", "{\"type\":\"setuid\"}"},
	    {"MESSAGE", "setuid by su (pid 42, uid 0) in container aaaaaaaaaaaa"},
	};
	char path[128], uri[160], buf[4096], val[512];
	struct ctw_setuid_event e;
	struct classification cls;
	struct container_ref ctr;
	struct render_input in;
	struct timeval tv = {2, 0};
	struct sink *sink;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/journal.sock", tmpdir);
	fd = listen_unix(path, SOCK_DGRAM);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	snprintf(uri, sizeof(uri), "journal:%s", path);
	sink = sink__from_uri(uri, NULL, NULL);
	ASSERT_TRUE(sink != NULL && fd >= 0, "journal sink");
	if (!sink)
		return;
	ASSERT_EQ(sink__start(sink), 0, "thread started");
	fill_event(&e, &cls, &ctr, &in);
	sink__write_event(sink, &in, "{\"type\":\"setuid\"}\n", 18);
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	ASSERT_TRUE(n > 0, "a datagram arrives");
	buf[n > 0 ? n : 0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		ASSERT_STR_EQ(journal_get(buf, fields[i].key, val, sizeof(val)), fields[i].want,
			      fields[i].key);
	sink__close(sink);
	ASSERT_EQ(sink->delivered, 1, "delivered");
	sink__free(sink);
	close(fd);
	unlink(path);
}

/* ---- URIs ---- */

static void test_uris(void)
{
	static const struct {
		const char *uri;
		const char *name; /* NULL: refused with EINVAL */
	} cases[] = {
	    {"stdout", "stdout"},
	    {"tcp://127.0.0.1:1", "tcp"},
	    {"tcp://[::1]:5170?queue=1M", "tcp"},
	    {"unix:/nonexistent/x.sock", "unix"},
	    {"syslog", "syslog"},
	    {"syslog:unix:/nonexistent/log", "syslog"},
	    {"syslog+udp://localhost:514?facility=local3", "syslog"},
	    {"syslog+tcp://127.0.0.1:601", "syslog"},
	    {"syslog+tls://127.0.0.1:6514", "syslog"},
	    {"tls://127.0.0.1:6514", "tls"},
	    {"http://127.0.0.1:2801/", "http"},
	    {"https://127.0.0.1:2801/", "https"},
	    {"journal", "journal"},
	    {"journal:/nonexistent/socket", "journal"},
	    {"tcp://127.0.0.1", NULL},
	    {"tcp://:80", NULL},
	    {"tcp://h:99999", NULL},
	    {"tcp://h:http", NULL},
	    {"udp://h:1", NULL},
	    {"syslog+udp://h:1?facility=nope", NULL},
	    {"tcp://h:1?queue=1", NULL},
	    {"tcp://h:1?color=red", NULL},
	    {"tcp://h:1?facility=local0", NULL},
	    {"file:", NULL},
	    {"unix:", NULL},
	    {"", NULL},
	};
	struct ctw_error err;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sink *s;

		err.msg[0] = '\0';
		errno = 0;
		s = sink__from_uri(cases[i].uri, NULL, &err);
		if (cases[i].name) {
			ASSERT_TRUE(s != NULL, cases[i].uri);
			if (s)
				ASSERT_STR_EQ(s->name, cases[i].name, cases[i].uri);
		} else {
			ASSERT_TRUE(s == NULL && errno == EINVAL && err.msg[0], cases[i].uri);
		}
		sink__free(s);
	}
}

/* Start-up failed after the outputs were made: a sink never started drops what it queued. */
static void test_never_started(void)
{
	struct sink *sink = sink__from_uri("unix:/nonexistent/never", NULL, NULL);

	ASSERT_TRUE(sink != NULL, "sink made");
	if (!sink)
		return;
	ASSERT_EQ(sink__write(sink, "{}\n", 3), 0, "queued before start");
	ASSERT_EQ(sink__write(sink, "{}\n", 3), 0, "queued before start");
	sink__close(sink);
	ASSERT_EQ(sink->emitted, 2, "emitted");
	ASSERT_EQ(sink->delivered, 0, "nothing delivered");
	ASSERT_EQ(sink->dropped, 2, "both counted as dropped");
	sink__free(sink);
}

static void test_unique_names(void)
{
	struct sink *s[3];

	s[0] = sink__from_uri("unix:/nonexistent/a", NULL, NULL);
	s[1] = sink__from_uri("unix:/nonexistent/b", NULL, NULL);
	s[2] = sink__from_uri("unix:/nonexistent/c", NULL, NULL);
	ASSERT_TRUE(s[0] && s[1] && s[2], "three sinks");
	if (!s[0] || !s[1] || !s[2])
		return;
	for (size_t i = 0; i < 3; i++)
		sink__unique_name(s[i], s, i);
	ASSERT_STR_EQ(s[0]->name, "unix", "first keeps its name");
	ASSERT_STR_EQ(s[1]->name, "unix-2", "second");
	ASSERT_STR_EQ(s[2]->name, "unix-3", "third");
	for (size_t i = 0; i < 3; i++)
		sink__free(s[i]);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ctw-sinknet.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_uris();
	test_never_started();
	test_unique_names();
	test_unreachable();
	test_syslog_datagram();
	test_journal_datagram();
	test_stalled_receiver_drops();
	test_reconnect_no_partial_line();
	rmdir(tmpdir);
	return check_summary("sink_net");
}
