// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One writer thread per sink. The consumer only frames, locks, copies into
 * the queue and signals; all I/O, connecting and backing off happen here.
 *
 * Accounting: a message is "delivered" when its last byte was accepted by
 * the kernel (send() returned it), "dropped" when the queue refused it, when
 * it could never be sent (EMSGSIZE), or when it was still queued at the end of
 * the drain. The thread owns one batch of messages copied out of the queue;
 * the batch, not the queue, is what survives a reconnect.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "event_type.h"
#include "journal_format.h"
#include "render_json.h"
#include "render_summary.h"
#include "sink.h"
#include "sink_net.h"
#include "sink_queue.h"
#include "sink_thread.h"
#include "syslog_format.h"
#include "tls_client.h"
#include "util.h"

/* Framing overhead beyond the line: syslog header, journal fields and summary. */
#define FRAME_EXTRA 4096
#define BATCH_BYTES (256 * 1024)
#define BATCH_MAX_MSGS 1024
#define IO_TIMEOUT_MS 250 /* send/connect wait; bounds how late the thread sees a stop */
#define CONNECT_TIMEOUT_MS 2000
#define SUMMARY_MAX 1024

struct net_sink {
	struct sink base;
	struct sink_net_config cfg; /* strings owned below */
	char *path, *host, *port, *hostname;
	pid_t pid;

	pthread_mutex_t lock;
	pthread_cond_t cond;	   /* the queue got a message, or stop was asked */
	struct sink_queue *q;	   /* under lock */
	bool stopping;		   /* under lock */
	int64_t drain_deadline_ns; /* under lock; CLOCK_MONOTONIC */
	pthread_t thread;
	bool started; /* consumer thread: start() ran */
	bool joined;  /* consumer thread: close() ran */

	/* Consumer thread only. */
	char *frame;
	size_t frame_cap;

	struct tls_client *tls; /* credentials when cfg.tls, loaded once */
	char *ca_file, *cert_file, *key_file, *server_name;

	/* Writer thread only. */
	int fd;
	struct tls_conn *conn; /* the session over fd when cfg.tls */
	unsigned int backoff_ms;
	char *batch;
	size_t batch_len;		/* bytes of whole messages in batch */
	size_t batch_sent;		/* bytes of the batch the current connection accepted */
	size_t msg_end[BATCH_MAX_MSGS]; /* end offset of each message in batch */
	size_t n_msgs;			/* messages in batch */
	size_t n_done;			/* of them delivered (or dropped as unsendable) */
};

/* ---- consumer side: framing and enqueueing ---- */

static int frame_syslog(struct net_sink *s, const struct render_input *ev, const char *line,
			size_t len, size_t *out_len)
{
	struct syslog_header h = {
	    .facility = s->cfg.facility,
	    .severity = ev && ev->cls ? syslog__severity(ev->cls->severity) : 6,
	    .hostname = s->hostname,
	    .app_name = "ctrwatch",
	    .procid = (unsigned int)s->pid,
	    .msgid = ev && ev->rec ? event_type__name(ev->rec->type) : NULL,
	};

	/* TIMESTAMP is when the message was made; the event's own time is in the JSON. */
	h.realtime_ns = clock__now_ns(CLOCK_REALTIME);
	return syslog__format(&h, line, len, s->cfg.framing == SINK_NET_SYSLOG_OCTET, s->frame,
			      s->frame_cap, out_len);
}

static int frame_journal(struct net_sink *s, const struct render_input *ev, const char *line,
			 size_t len, size_t *out_len)
{
	char summary[SUMMARY_MAX], prio[4];
	size_t pos = 0;
	int n, err = 0;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (ev && ev->rec && ev->cls) {
		n = render_summary__event(ev, summary, sizeof(summary));
		if (n < 0)
			return n;
		err = journal__field(s->frame, s->frame_cap, &pos, "MESSAGE", summary, (size_t)n);
		prio[0] = (char)('0' + journal__priority(ev->cls->severity));
	} else {
		err = journal__field(s->frame, s->frame_cap, &pos, "MESSAGE", line, len);
		prio[0] = '6';
	}
	prio[1] = '\0';
	if (!err)
		err = journal__field(s->frame, s->frame_cap, &pos, "PRIORITY", prio, 1);
	if (!err)
		err = journal__field(s->frame, s->frame_cap, &pos, "SYSLOG_IDENTIFIER", "ctrwatch",
				     8);
	if (!err && ev && ev->rec) {
		const char *type = event_type__name(ev->rec->type);

		if (type)
			err = journal__field(s->frame, s->frame_cap, &pos, "CTRWATCH_TYPE", type,
					     strlen(type));
	}
	if (!err && ev && ev->cls) {
		const char *sev = severity__name(ev->cls->severity);

		err = journal__field(s->frame, s->frame_cap, &pos, "CTRWATCH_SEVERITY", sev,
				     strlen(sev));
	}
	if (!err && ev && ev->container && ev->container->id[0]) {
		/* Docker's journald log driver: the short id, and the full one beside it. */
		size_t id_len = strnlen(ev->container->id, sizeof(ev->container->id));

		err = journal__field(s->frame, s->frame_cap, &pos, "CONTAINER_ID",
				     ev->container->id, id_len < 12 ? id_len : 12);
		if (!err)
			err = journal__field(s->frame, s->frame_cap, &pos, "CONTAINER_ID_FULL",
					     ev->container->id, id_len);
	}
	if (!err)
		err = journal__field(s->frame, s->frame_cap, &pos, "CTRWATCH_EVENT", line, len);
	*out_len = pos;
	return err;
}

static int net_sink_write_event(struct sink *sink, const struct render_input *ev, const char *line,
				size_t len)
{
	struct net_sink *s = (struct net_sink *)sink;
	const char *msg = line;
	size_t msg_len = len;
	int err = 0;

	switch (s->cfg.framing) {
	case SINK_NET_LINE:
		break;
	case SINK_NET_SYSLOG:
	case SINK_NET_SYSLOG_OCTET:
		err = frame_syslog(s, ev, line, len, &msg_len);
		msg = s->frame;
		break;
	case SINK_NET_JOURNAL:
		err = frame_journal(s, ev, line, len, &msg_len);
		msg = s->frame;
		break;
	}
	if (err == 0 && s->joined)
		err = -ESHUTDOWN;
	if (err == 0) {
		pthread_mutex_lock(&s->lock);
		err = sink_queue__push(s->q, msg, msg_len);
		if (err == 0)
			pthread_cond_signal(&s->cond);
		pthread_mutex_unlock(&s->lock);
	}
	if (err < 0)
		sink->dropped++;
	return err;
}

static int net_sink_write(struct sink *sink, const char *line, size_t len)
{
	return net_sink_write_event(sink, NULL, line, len);
}

/* ---- writer thread ---- */

static void set_io_timeout(int fd)
{
	struct timeval tv = {.tv_sec = 0, .tv_usec = IO_TIMEOUT_MS * 1000};

	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* connect() that gives up after CONNECT_TIMEOUT_MS, then a blocking socket. */
static int connect_timeout(int fd, const struct sockaddr *sa, socklen_t sa_len)
{
	int flags = fcntl(fd, F_GETFL), soerr = 0;
	socklen_t soerr_len = sizeof(soerr);
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	if (connect(fd, sa, sa_len) < 0) {
		if (errno != EINPROGRESS)
			return -errno;
		if (poll(&pfd, 1, CONNECT_TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &soerr_len) < 0)
			return -errno;
		if (soerr)
			return -soerr;
	}
	if (fcntl(fd, F_SETFL, flags) < 0)
		return -errno;
	set_io_timeout(fd);
	return 0;
}

static int connect_unix(struct net_sink *s)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd, err;

	if (strlen(s->path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, s->path);
	fd = socket(AF_UNIX, s->cfg.socktype | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (s->cfg.framing == SINK_NET_JOURNAL) {
		/* Lets an entry as large as a full line through; journald reads up to 128M. */
		int sndbuf = 8 << 20;

		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	}
	err = connect_timeout(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (err < 0) {
		close(fd);
		return err;
	}
	return fd;
}

static int connect_inet(struct net_sink *s)
{
	struct addrinfo hints = {.ai_socktype = s->cfg.socktype, .ai_flags = AI_ADDRCONFIG};
	struct addrinfo *res, *ai;
	int err = -EHOSTUNREACH, fd = -1;

	/* Resolved on every attempt: a collector's address may change while we run. */
	if (getaddrinfo(s->host, s->port, &hints, &res) != 0)
		return -EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = -errno;
			continue;
		}
		err = connect_timeout(fd, ai->ai_addr, ai->ai_addrlen);
		if (err == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0 && s->cfg.socktype == SOCK_STREAM) {
		int one = 1;

		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	}
	if (fd >= 0 && s->tls) {
		err = tls_conn__open(s->tls, fd, s->host, CONNECT_TIMEOUT_MS, &s->conn);
		if (err < 0) {
			close(fd);
			return err;
		}
	}
	return fd >= 0 ? fd : err;
}

static void disconnect(struct net_sink *s, int err)
{
	tls_conn__free(s->conn);
	s->conn = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->base.error = err;
	/* Resend the line that was cut, from its first byte, on the next connection. */
	s->batch_sent = s->n_done ? s->msg_end[s->n_done - 1] : 0;
}

/*
 * A stream peer that closed (or reset) shows as readable with nothing to read
 * or as an error: find out before writing into a connection that is gone.
 * Receivers of these protocols never send, so any data is discarded; over TLS
 * that is session tickets and the like, which a sender that never reads
 * application data can do without.
 */
static bool stream_peer_gone(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN | POLLRDHUP};
	char sink_buf[512];

	if (poll(&pfd, 1, 0) <= 0)
		return false;
	if (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR))
		return true;
	while (recv(fd, sink_buf, sizeof(sink_buf), MSG_DONTWAIT) > 0)
		;
	return false;
}

static void delivered_up_to(struct net_sink *s, size_t sent)
{
	while (s->n_done < s->n_msgs && s->msg_end[s->n_done] <= sent) {
		s->n_done++;
		s->base.delivered++;
	}
}

/* Sends what remains of the batch on a stream: 0, -EAGAIN (timeout), or the error. */
static int send_stream(struct net_sink *s)
{
	while (s->batch_sent < s->batch_len) {
		ssize_t n;

		if (s->conn) {
			n = tls_conn__send(s->conn, s->batch + s->batch_sent,
					   s->batch_len - s->batch_sent);
			if (n < 0)
				return (int)n;
		} else {
			n = send(s->fd, s->batch + s->batch_sent, s->batch_len - s->batch_sent,
				 MSG_NOSIGNAL);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		s->batch_sent += (size_t)n;
		delivered_up_to(s, s->batch_sent);
	}
	return 0;
}

/* Sends the batch's remaining messages one datagram each. */
static int send_datagrams(struct net_sink *s)
{
	while (s->n_done < s->n_msgs) {
		size_t start = s->n_done ? s->msg_end[s->n_done - 1] : 0;
		ssize_t n =
		    send(s->fd, s->batch + start, s->msg_end[s->n_done] - start, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EMSGSIZE) {
				/* Never sendable: drop this one alone, counted. */
				s->n_done++;
				s->base.dropped++;
				continue;
			}
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		s->n_done++;
		s->base.delivered++;
	}
	s->batch_sent = s->batch_len;
	return 0;
}

/* Moves whole messages from the queue into the empty batch. Under lock. */
static void fill_batch(struct net_sink *s)
{
	s->batch_sent = s->n_done = 0;
	s->n_msgs = sink_queue__pop_batch(s->q, s->batch, BATCH_BYTES, BATCH_MAX_MSGS, s->msg_end,
					  &s->batch_len);
}

/* Waits until `ms` passed or stop was asked. Under lock. */
static void wait_ms_locked(struct net_sink *s, unsigned int ms)
{
	int64_t until = clock__now_ns(CLOCK_MONOTONIC) + (int64_t)ms * NSEC_PER_MSEC;
	struct timespec ts = {.tv_sec = until / NSEC_PER_SEC, .tv_nsec = until % NSEC_PER_SEC};

	pthread_cond_timedwait(&s->cond, &s->lock, &ts);
}

static void *net_sink_thread(void *arg)
{
	struct net_sink *s = arg;

	for (;;) {
		int err;

		pthread_mutex_lock(&s->lock);
		while (s->n_done == s->n_msgs && sink_queue__messages(s->q) == 0 && !s->stopping)
			pthread_cond_wait(&s->cond, &s->lock);
		if (s->stopping && clock__now_ns(CLOCK_MONOTONIC) >= s->drain_deadline_ns) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		if (s->n_done == s->n_msgs)
			fill_batch(s);
		if (s->n_msgs == 0) { /* stopping, and nothing left */
			pthread_mutex_unlock(&s->lock);
			break;
		}
		if (s->fd < 0 && s->backoff_ms) {
			/* Back off after a failure; a stop cuts the wait short. */
			int64_t ms = s->backoff_ms;

			if (s->stopping &&
			    s->drain_deadline_ns - clock__now_ns(CLOCK_MONOTONIC) < ms * 1000000)
				ms = (s->drain_deadline_ns - clock__now_ns(CLOCK_MONOTONIC)) /
				     1000000;
			if (ms > 0)
				wait_ms_locked(s, (unsigned int)ms);
		}
		pthread_mutex_unlock(&s->lock);

		if (s->fd < 0) {
			int fd = s->path ? connect_unix(s) : connect_inet(s);

			if (fd < 0) {
				s->base.error = fd;
				s->backoff_ms =
				    s->backoff_ms ? s->backoff_ms * 2 : SINK_NET_BACKOFF_MIN_MS;
				if (s->backoff_ms > SINK_NET_BACKOFF_MAX_MS)
					s->backoff_ms = SINK_NET_BACKOFF_MAX_MS;
				continue;
			}
			s->fd = fd;
			s->base.error = 0;
		}
		if (s->cfg.socktype == SOCK_STREAM) {
			err = stream_peer_gone(s->fd) ? -EPIPE : send_stream(s);
		} else {
			err = send_datagrams(s);
		}
		if (err == 0 || err == -EAGAIN) {
			if (err == 0)
				s->backoff_ms = 0; /* only a delivery proves the peer is healthy */
			continue;
		}
		disconnect(s, err);
		if (!s->backoff_ms)
			s->backoff_ms = SINK_NET_BACKOFF_MIN_MS;
	}
	/* Whatever the drain could not send is dropped, so delivered + dropped == emitted. */
	pthread_mutex_lock(&s->lock);
	s->base.dropped += s->n_msgs - s->n_done;
	s->n_done = s->n_msgs;
	s->base.dropped += sink_queue__messages(s->q);
	while (sink_queue__pop(s->q, s->batch, BATCH_BYTES) > 0)
		;
	pthread_mutex_unlock(&s->lock);
	tls_conn__free(s->conn);
	s->conn = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	return NULL;
}

static int net_sink_flush(struct sink *sink)
{
	(void)sink; /* the thread writes as soon as a line is queued */
	return 0;
}

static void net_sink_destroy(struct net_sink *s)
{
	sink_queue__free(s->q);
	free(s->frame);
	free(s->batch);
	free(s->path);
	free(s->host);
	free(s->port);
	free(s->hostname);
	tls_client__free(s->tls);
	free(s->ca_file);
	free(s->cert_file);
	free(s->key_file);
	free(s->server_name);
	free(s);
}

static void net_sink_close(struct sink *sink, int64_t deadline_ns)
{
	struct net_sink *s = (struct net_sink *)sink;

	if (s->joined)
		return;
	if (!s->started) {
		/* Never started (start-up failed later): what was queued is dropped. */
		s->base.dropped += sink_queue__messages(s->q);
		s->joined = true;
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	s->drain_deadline_ns =
	    deadline_ns ? deadline_ns
			: clock__now_ns(CLOCK_MONOTONIC) + (int64_t)s->cfg.drain_ms * NSEC_PER_MSEC;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->joined = true;
}

static void net_sink_free(struct sink *sink)
{
	struct net_sink *s = (struct net_sink *)sink;

	net_sink_close(sink, 0);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	net_sink_destroy(s);
}

static int net_sink_start(struct sink *sink)
{
	struct net_sink *s = (struct net_sink *)sink;

	return sink_thread__start(&s->thread, &s->started, net_sink_thread, s);
}

static const struct sink_ops net_sink_ops = {
    .start = net_sink_start,
    .write = net_sink_write,
    .write_event = net_sink_write_event,
    .flush = net_sink_flush,
    .close = net_sink_close,
    .free = net_sink_free,
};

struct sink *sink_net__new(const struct sink_net_config *cfg)
{
	struct net_sink *s;
	bool failed = false;
	int err;

	if ((!cfg->path && (!cfg->host || !cfg->port)) || (cfg->tls && cfg->path) || !cfg->name ||
	    strlen(cfg->name) >= sizeof(s->base.name)) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->base.ops = &net_sink_ops;
	strcpy(s->base.name, cfg->name);
	s->cfg = *cfg;
	s->fd = -1;
	s->pid = getpid();
	if (!s->cfg.queue_bytes)
		s->cfg.queue_bytes = SINK_DEFAULT_QUEUE_BYTES;
	if (!s->cfg.drain_ms)
		s->cfg.drain_ms = SINK_DEFAULT_DRAIN_MS;
	s->path = str__dup_or_null(cfg->path, &failed);
	s->host = str__dup_or_null(cfg->host, &failed);
	s->port = str__dup_or_null(cfg->port, &failed);
	s->hostname = str__dup_or_null(cfg->hostname, &failed);
	s->ca_file = str__dup_or_null(cfg->tls_cfg.ca_file, &failed);
	s->cert_file = str__dup_or_null(cfg->tls_cfg.cert_file, &failed);
	s->key_file = str__dup_or_null(cfg->tls_cfg.key_file, &failed);
	s->server_name = str__dup_or_null(cfg->tls_cfg.server_name, &failed);
	s->cfg.tls_cfg =
	    (struct tls_client_config){s->ca_file, s->cert_file, s->key_file, s->server_name};
	s->frame_cap = RENDER_JSON_LINE_MAX + FRAME_EXTRA;
	s->frame = malloc(s->frame_cap);
	s->batch = malloc(BATCH_BYTES);
	s->q = sink_queue__new(s->cfg.queue_bytes);
	if (failed || !s->frame || !s->batch || !s->q) {
		net_sink_destroy(s);
		errno = ENOMEM;
		return NULL;
	}
	if (cfg->tls) {
		s->tls = tls_client__new(&s->cfg.tls_cfg, NULL);
		if (!s->tls) {
			err = errno;
			net_sink_destroy(s);
			errno = err;
			return NULL;
		}
	}
	sink_thread__init_sync(&s->lock, &s->cond);
	return &s->base;
}
