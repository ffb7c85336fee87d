// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The consumer copies each line into the queue and signals; the thread takes
 * a batch out, POSTs it and keeps it until the receiver answered 2xx (or a
 * status that retrying cannot fix), so a batch survives any number of failed
 * attempts while new lines wait, or are dropped, in the queue.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "http_batch.h"
#include "render_json.h"
#include "sink.h"
#include "sink_http.h"
#include "sink_net.h"
#include "sink_queue.h"
#include "sink_thread.h"
#include "util.h"

/* Any line fits, so no queued line can block the batch behind it. */
#define BATCH_BYTES (1u << 20)
_Static_assert(BATCH_BYTES >= RENDER_JSON_LINE_MAX, "a batch holds the longest line");
#define CONNECT_TIMEOUT_MS 2000

struct http_sink {
	struct sink base;
	struct sink_http_config cfg; /* strings owned below */
	char *url, *ca_file, *cert_file, *key_file;

	pthread_mutex_t lock;
	pthread_cond_t cond;	   /* the queue got a message, or stop was asked */
	struct sink_queue *q;	   /* under lock */
	bool stopping;		   /* under lock */
	int64_t drain_deadline_ns; /* under lock; CLOCK_MONOTONIC */
	pthread_t thread;
	bool started; /* consumer thread: start() ran */
	bool joined;  /* consumer thread: close() ran */

	/* Writer thread only. */
	CURL *curl;
	struct curl_slist *headers;
	unsigned int backoff_ms;
	char *batch;
	size_t batch_len;
	size_t n_msgs; /* messages in batch, not yet delivered or dropped */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

/* curl_global_init is not thread-safe: run once, before any sink thread starts. */
static void curl_init(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int http_sink_write(struct sink *sink, const char *line, size_t len)
{
	struct http_sink *s = (struct http_sink *)sink;
	int err = 0;

	/* One JSON document per request: the line without its newline. */
	if (s->cfg.one_per_request && len > 0 && line[len - 1] == '\n')
		len--;
	if (len > BATCH_BYTES)
		err = -EMSGSIZE;
	else if (s->joined)
		err = -ESHUTDOWN;
	if (err == 0) {
		pthread_mutex_lock(&s->lock);
		err = sink_queue__push(s->q, line, len);
		if (err == 0)
			pthread_cond_signal(&s->cond);
		pthread_mutex_unlock(&s->lock);
	}
	if (err < 0)
		sink->dropped++;
	return err;
}

static size_t discard_body(char *ptr, size_t size, size_t nmemb, void *ctx)
{
	(void)ptr;
	(void)ctx;
	return size * nmemb;
}

static int curl_errno(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return -EHOSTUNREACH;
	case CURLE_COULDNT_CONNECT:
		return -ECONNREFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return -EKEYREJECTED;
	case CURLE_SSL_CONNECT_ERROR:
		return -EPROTO;
	case CURLE_OUT_OF_MEMORY:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

static int setup_curl(struct http_sink *s)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL, *next;
	const char *const headers[] = {
	    s->cfg.one_per_request ? "Content-Type: application/json"
				   : "Content-Type: application/x-ndjson",
	    "Expect:", /* no 100-continue round trip before each batch */
	};

	if (!c)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(headers); i++) {
		next = curl_slist_append(h, headers[i]);
		if (!next) {
			curl_slist_free_all(h);
			curl_easy_cleanup(c);
			return -ENOMEM;
		}
		h = next;
	}
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ctrwatch/" CTRWATCH_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_body);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Verification stays on (libcurl's default); these only choose what to trust and show. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (s->cert_file) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, s->cert_file);
		curl_easy_setopt(c, CURLOPT_SSLKEY, s->key_file ? s->key_file : s->cert_file);
	}
	s->curl = c;
	s->headers = h;
	return 0;
}

/* One POST of the batch: what to do with it, and the sink's error meanwhile. */
static enum http_outcome post_batch(struct http_sink *s, int64_t timeout_ms, int *err)
{
	long status = 0;
	CURLcode rc;

	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, s->batch);
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->batch_len);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	rc = curl_easy_perform(s->curl);
	if (rc != CURLE_OK) {
		*err = curl_errno(rc);
		return HTTP_RETRY;
	}
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
	switch (http_status__outcome(status)) {
	case HTTP_DELIVERED:
		*err = 0;
		return HTTP_DELIVERED;
	case HTTP_RETRY:
		*err = status == 429 ? -EBUSY : -EIO;
		return HTTP_RETRY;
	default:
		*err = -EBADMSG; /* the receiver refused what we sent */
		return HTTP_REJECTED;
	}
}

/* Waits until `ms` passed, or the stop's drain deadline, whichever is first. Under lock. */
static void backoff_locked(struct http_sink *s, unsigned int ms)
{
	int64_t until = clock__now_ns(CLOCK_MONOTONIC) + (int64_t)ms * NSEC_PER_MSEC;
	struct timespec ts;

	for (;;) {
		int64_t end =
		    s->stopping && s->drain_deadline_ns < until ? s->drain_deadline_ns : until;

		if (clock__now_ns(CLOCK_MONOTONIC) >= end)
			return;
		ts.tv_sec = end / NSEC_PER_SEC;
		ts.tv_nsec = end % NSEC_PER_SEC;
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
}

static void *http_sink_thread(void *arg)
{
	struct http_sink *s = arg;
	size_t max_msgs = s->cfg.one_per_request ? 1 : SINK_HTTP_BATCH_MSGS;

	for (;;) {
		int64_t timeout_ms = SINK_HTTP_TIMEOUT_MS;
		enum http_outcome out;
		int err;

		pthread_mutex_lock(&s->lock);
		while (s->n_msgs == 0 && sink_queue__messages(s->q) == 0 && !s->stopping)
			pthread_cond_wait(&s->cond, &s->lock);
		if (s->stopping && clock__now_ns(CLOCK_MONOTONIC) >= s->drain_deadline_ns) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		if (s->n_msgs == 0)
			s->n_msgs =
			    http_batch__fill(s->q, s->batch, BATCH_BYTES, max_msgs, &s->batch_len);
		if (s->n_msgs == 0) { /* stopping, and nothing left */
			pthread_mutex_unlock(&s->lock);
			break;
		}
		if (s->backoff_ms)
			backoff_locked(s, s->backoff_ms);
		if (s->stopping) {
			timeout_ms =
			    (s->drain_deadline_ns - clock__now_ns(CLOCK_MONOTONIC)) / NSEC_PER_MSEC;
			if (timeout_ms > SINK_HTTP_TIMEOUT_MS)
				timeout_ms = SINK_HTTP_TIMEOUT_MS;
		}
		pthread_mutex_unlock(&s->lock);
		if (timeout_ms <= 0)
			continue; /* the drain time is up: the check above ends the loop */

		out = post_batch(s, timeout_ms, &err);
		s->base.error = err;
		if (out == HTTP_RETRY) {
			s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : SINK_NET_BACKOFF_MIN_MS;
			if (s->backoff_ms > SINK_NET_BACKOFF_MAX_MS)
				s->backoff_ms = SINK_NET_BACKOFF_MAX_MS;
			continue;
		}
		if (out == HTTP_DELIVERED)
			s->base.delivered += s->n_msgs;
		else
			s->base.dropped += s->n_msgs;
		s->n_msgs = 0;
		s->backoff_ms = 0;
	}
	/* Whatever the drain could not send is dropped, so delivered + dropped == emitted. */
	pthread_mutex_lock(&s->lock);
	s->base.dropped += s->n_msgs + sink_queue__messages(s->q);
	s->n_msgs = 0;
	while (sink_queue__pop(s->q, s->batch, BATCH_BYTES) > 0)
		;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void http_sink_destroy(struct http_sink *s)
{
	if (s->curl)
		curl_easy_cleanup(s->curl);
	curl_slist_free_all(s->headers);
	sink_queue__free(s->q);
	free(s->batch);
	free(s->url);
	free(s->ca_file);
	free(s->cert_file);
	free(s->key_file);
	free(s);
}

static void http_sink_close(struct sink *sink, int64_t deadline_ns)
{
	struct http_sink *s = (struct http_sink *)sink;

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

static void http_sink_free(struct sink *sink)
{
	struct http_sink *s = (struct http_sink *)sink;

	http_sink_close(sink, 0);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	http_sink_destroy(s);
}

static int http_sink_start(struct sink *sink)
{
	struct http_sink *s = (struct http_sink *)sink;

	return sink_thread__start(&s->thread, &s->started, http_sink_thread, s);
}

static const struct sink_ops http_sink_ops = {
    .start = http_sink_start,
    .write = http_sink_write,
    .close = http_sink_close,
    .free = http_sink_free,
};

struct sink *sink_http__new(const struct sink_http_config *cfg)
{
	struct http_sink *s;
	bool failed = false;
	int err;

	if (!cfg->url || !cfg->name || strlen(cfg->name) >= sizeof(s->base.name)) {
		errno = EINVAL;
		return NULL;
	}
	pthread_once(&curl_once, curl_init);
	if (curl_init_result != CURLE_OK) {
		errno = ENOMEM;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->base.ops = &http_sink_ops;
	strcpy(s->base.name, cfg->name);
	s->cfg = *cfg;
	if (!s->cfg.queue_bytes)
		s->cfg.queue_bytes = SINK_DEFAULT_QUEUE_BYTES;
	if (!s->cfg.drain_ms)
		s->cfg.drain_ms = SINK_DEFAULT_DRAIN_MS;
	s->url = str__dup_or_null(cfg->url, &failed);
	s->ca_file = str__dup_or_null(cfg->tls.ca_file, &failed);
	s->cert_file = str__dup_or_null(cfg->tls.cert_file, &failed);
	s->key_file = str__dup_or_null(cfg->tls.key_file, &failed);
	s->batch = malloc(BATCH_BYTES);
	s->q = sink_queue__new(s->cfg.queue_bytes);
	if (failed || !s->batch || !s->q) {
		http_sink_destroy(s);
		errno = ENOMEM;
		return NULL;
	}
	err = setup_curl(s);
	if (err < 0) {
		http_sink_destroy(s);
		errno = -err;
		return NULL;
	}
	sink_thread__init_sync(&s->lock, &s->cond);
	return &s->base;
}
