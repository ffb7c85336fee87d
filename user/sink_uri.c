// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --output URI → sink. A bare path still means a file (the core issue's
 * `--output FILE`); anything that looks like a scheme and is not one of ours
 * is refused rather than silently created as a file named "tcp:...".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "journal_format.h"
#include "sink.h"
#include "sink_http.h"
#include "sink_net.h"
#include "sink_uri.h"
#include "syslog_format.h"
#include "tls_client.h"
#include "util.h"

#define QUEUE_MIN (64u << 10)
#define QUEUE_MAX (1ull << 30)
#define DEV_LOG "/dev/log"

/* Writes the message into err and returns `code` (a negative errno). */
static int bad(struct ctw_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct ctw_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* A queue size ("4M", "512K", "1G", "65536") within the bounds a sink accepts. */
static int parse_queue_size(const char *text, size_t *out)
{
	uint64_t v;

	if (size__parse(text, &v) < 0 || v < QUEUE_MIN || v > QUEUE_MAX)
		return -EINVAL;
	*out = (size_t)v;
	return 0;
}

/* Applies "queue=4M&facility=local0" to cfg; cuts the query off `uri`. */
static int parse_query(char *query, struct sink_net_config *cfg, struct ctw_error *err)
{
	char *save = NULL;

	for (char *kv = strtok_r(query, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *val = strchr(kv, '=');

		if (!val)
			return bad(err, -EINVAL, "'%s' is not KEY=VALUE", kv);
		*val++ = '\0';
		if (strcmp(kv, "queue") == 0) {
			if (parse_queue_size(val, &cfg->queue_bytes) < 0)
				return bad(err, -EINVAL,
					   "queue=%s is not a size between 64K and 1G", val);
		} else if (cfg->tls && (strcmp(kv, "ca") == 0 || strcmp(kv, "cert") == 0 ||
					strcmp(kv, "key") == 0 || strcmp(kv, "server_name") == 0)) {
			const char **slot = kv[0] == 'c'   ? (kv[1] == 'a' ? &cfg->tls_cfg.ca_file
									   : &cfg->tls_cfg.cert_file)
					    : kv[0] == 'k' ? &cfg->tls_cfg.key_file
							   : &cfg->tls_cfg.server_name;

			if (!val[0])
				return bad(err, -EINVAL, "%s= needs a value", kv);
			*slot = val;
		} else if (strcmp(kv, "facility") == 0 && cfg->framing != SINK_NET_LINE &&
			   cfg->framing != SINK_NET_JOURNAL) {
			if (syslog__facility_parse(val, &cfg->facility) < 0)
				return bad(err, -EINVAL,
					   "facility=%s is not a syslog facility (daemon, "
					   "local0..local7, ...)",
					   val);
		} else {
			return bad(err, -EINVAL, "unknown option '%s'", kv);
		}
	}
	return 0;
}

/*
 * A decimal port 1-65535, digits only. Counted digit by digit: atoi() wraps a
 * value past INT_MAX, and "4294972466" used to become port 5170.
 */
static bool is_port(const char *s)
{
	unsigned int v = 0;
	size_t n;

	for (n = 0; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9')
			return false;
		v = v * 10 + (unsigned int)(s[n] - '0');
		if (v > 65535)
			return false;
	}
	return n > 0 && v > 0;
}

/* "HOST:PORT" or "[V6]:PORT" in place: cfg->host and cfg->port point into it. */
static int split_host_port(char *hp, struct sink_net_config *cfg)
{
	char *colon;

	if (hp[0] == '[') {
		char *close = strchr(hp, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		*close = '\0';
		cfg->host = hp + 1;
		colon = close + 1;
	} else {
		colon = strrchr(hp, ':');
		if (!colon)
			return -EINVAL;
		*colon = '\0';
		cfg->host = hp;
	}
	cfg->port = colon + 1;
	if (cfg->host[0] == '\0' || strchr(cfg->host, '/') || !is_port(cfg->port))
		return -EINVAL;
	return 0;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* uri is `word`, alone or with a query: "syslog", "journal?queue=1M". */
static bool is_word(const char *uri, const char *word)
{
	size_t n = strlen(word);

	return strncmp(uri, word, n) == 0 && (uri[n] == '\0' || uri[n] == '?');
}

/* A URI that names a scheme: "word:" with the word made of scheme characters. */
static bool looks_like_scheme(const char *uri)
{
	size_t n = strspn(uri, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	return n > 0 && uri[n] == ':';
}

/* HOST, HOST:PORT, [V6] or [V6]:PORT, optionally after USER:PASS@, as libcurl takes them. */
static bool valid_authority(const char *a, size_t len)
{
	const char *at = memchr(a, '@', len), *host, *end = a + len, *port = NULL;

	host = at ? at + 1 : a;
	if (host >= end)
		return false;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));

		if (!close || close == host + 1)
			return false;
		if (close + 1 < end) {
			if (close[1] != ':')
				return false;
			port = close + 2;
		}
	} else {
		const char *colon = memchr(host, ':', (size_t)(end - host));

		if (colon == host)
			return false;
		port = colon ? colon + 1 : NULL;
	}
	if (port) {
		size_t n = (size_t)(end - port);
		char digits[6];

		if (n == 0 || n > 5 || strspn(port, "0123456789") < n)
			return false;
		memcpy(digits, port, n);
		digits[n] = '\0';
		if (atoi(digits) < 1 || atoi(digits) > 65535)
			return false;
	}
	return true;
}

/*
 * http(s)://AUTHORITY[/PATH][?QUERY]: the query's queue, ca, cert and key are
 * ctrwatch's; any other key stays in the URL (a receiver's token=...).
 */
static int parse_http(const char *uri, const struct sink_options *o, struct sink_uri *p,
		      struct ctw_error *err)
{
	struct sink_http_config *cfg = &p->http;
	bool https = starts_with(uri, "https://");
	const char *auth = uri + (https ? 8 : 7);
	size_t auth_len = strcspn(auth, "/?#"), url_len;
	char *query, *save = NULL;
	bool first = true;

	*cfg = (struct sink_http_config){
	    .name = https ? "https" : "http",
	    .url = p->url,
	    .one_per_request = o && o->falco_lines,
	    .queue_bytes = o && o->queue_bytes ? o->queue_bytes : SINK_DEFAULT_QUEUE_BYTES,
	    .drain_ms = o && o->drain_ms ? o->drain_ms : SINK_DEFAULT_DRAIN_MS,
	};
	if (auth[auth_len] == '#' || !valid_authority(auth, auth_len))
		return bad(err, -EINVAL, "%s: expected %s://HOST[:PORT][/PATH]", uri, cfg->name);
	strcpy(p->buf, uri);
	query = strchr(p->buf, '?');
	if (query)
		*query++ = '\0';
	url_len = strlen(p->buf);
	memcpy(p->url, p->buf, url_len + 1);
	for (char *kv = query ? strtok_r(query, "&", &save) : NULL; kv;
	     kv = strtok_r(NULL, "&", &save)) {
		char *val = strchr(kv, '=');
		const char **slot = NULL;

		if (val && strncmp(kv, "queue=", 6) == 0) {
			if (parse_queue_size(val + 1, &cfg->queue_bytes) < 0)
				return bad(err, -EINVAL,
					   "queue=%s is not a size between 64K and 1G", val + 1);
			continue;
		}
		if (val && strncmp(kv, "ca=", 3) == 0)
			slot = &cfg->tls.ca_file;
		else if (val && strncmp(kv, "cert=", 5) == 0)
			slot = &cfg->tls.cert_file;
		else if (val && strncmp(kv, "key=", 4) == 0)
			slot = &cfg->tls.key_file;
		else if (val && strncmp(kv, "server_name=", 12) == 0)
			return bad(err, -EINVAL, "%s: server_name: https verifies the URL's host",
				   uri);
		if (slot) {
			if (!https)
				return bad(err, -EINVAL, "%.*s= is for https:// only",
					   (int)(val - kv), kv);
			if (!val[1])
				return bad(err, -EINVAL, "%.*s= needs a value", (int)(val - kv),
					   kv);
			*val = '\0';
			*slot = val + 1;
			continue;
		}
		/* Not ours: back into the URL, which is never longer than the URI. */
		url_len += (size_t)snprintf(p->url + url_len, sizeof(p->url) - url_len, "%c%s",
					    first ? '?' : '&', kv);
		first = false;
	}
	return 0;
}

int sink_uri__parse(const char *uri, const struct sink_options *o, struct sink_uri *p,
		    struct ctw_error *err)
{
	struct sink_net_config *cfg = &p->net;
	char *buf = p->buf, *rest, *query;

	memset(p, 0, sizeof(*p));
	*cfg = (struct sink_net_config){
	    .facility = SYSLOG_FACILITY_DAEMON,
	    .queue_bytes = o && o->queue_bytes ? o->queue_bytes : SINK_DEFAULT_QUEUE_BYTES,
	    .drain_ms = o && o->drain_ms ? o->drain_ms : SINK_DEFAULT_DRAIN_MS,
	    .hostname = o ? o->hostname : NULL,
	};
	if (!uri || !uri[0])
		return bad(err, -EINVAL, "empty output");
	if (strcmp(uri, "stdout") == 0 || strcmp(uri, "-") == 0) {
		p->kind = SINK_URI_STDOUT;
		return 0;
	}
	if (starts_with(uri, "file:")) {
		if (!uri[5])
			return bad(err, -EINVAL, "file: needs a path");
		p->kind = SINK_URI_FILE;
		p->file = uri + 5;
		return 0;
	}
	if (!looks_like_scheme(uri) && !is_word(uri, "syslog") && !is_word(uri, "journal")) {
		p->kind = SINK_URI_FILE;
		p->file = uri;
		return 0;
	}
	if (strlen(uri) >= sizeof(p->buf))
		return bad(err, -EINVAL, "output URI longer than %d bytes", SINK_URI_MAX - 1);
	if (starts_with(uri, "http://") || starts_with(uri, "https://")) {
		p->kind = SINK_URI_HTTP;
		return parse_http(uri, o, p, err);
	}
	p->kind = SINK_URI_NET;
	strcpy(buf, uri);
	query = strchr(buf, '?');
	if (query)
		*query++ = '\0';

	if (starts_with(buf, "tcp://") || starts_with(buf, "tls://")) {
		cfg->tls = buf[1] == 'l';
		cfg->name = cfg->tls ? "tls" : "tcp";
		cfg->socktype = SOCK_STREAM;
		cfg->framing = SINK_NET_LINE;
		rest = buf + 6;
		if (split_host_port(rest, cfg) < 0)
			return bad(err, -EINVAL, "%s: expected %.3s://HOST:PORT, PORT 1-65535", uri,
				   buf);
	} else if (starts_with(buf, "unix:")) {
		cfg->name = "unix";
		cfg->socktype = SOCK_STREAM;
		cfg->framing = SINK_NET_LINE;
		cfg->path = buf + 5;
	} else if (strcmp(buf, "syslog") == 0 || starts_with(buf, "syslog:unix:")) {
		cfg->name = "syslog";
		cfg->socktype = SOCK_DGRAM;
		cfg->framing = SINK_NET_SYSLOG;
		cfg->path = buf[6] ? buf + 12 : DEV_LOG;
	} else if (starts_with(buf, "syslog+udp://") || starts_with(buf, "syslog+tcp://") ||
		   starts_with(buf, "syslog+tls://")) {
		bool tcp = buf[7] == 't';

		/* RFC 5425: syslog over TLS is the octet-counted stream of RFC 6587. */
		cfg->tls = buf[8] == 'l';
		cfg->name = "syslog";
		cfg->socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
		cfg->framing = tcp ? SINK_NET_SYSLOG_OCTET : SINK_NET_SYSLOG;
		if (split_host_port(buf + 13, cfg) < 0)
			return bad(err, -EINVAL, "%s: expected %.10s://HOST:PORT, PORT 1-65535",
				   uri, buf);
	} else if (strcmp(buf, "journal") == 0 || starts_with(buf, "journal:")) {
		cfg->name = "journal";
		cfg->socktype = SOCK_DGRAM;
		cfg->framing = SINK_NET_JOURNAL;
		cfg->path = buf[7] ? buf + 8 : JOURNAL_SOCKET_PATH;
	} else {
		return bad(err, -EINVAL, "%s: unknown kind of output (%s)", uri, SINK_URI_USAGE);
	}
	if (cfg->path && cfg->path[0] == '\0')
		return bad(err, -EINVAL, "%s: empty socket path", uri);
	if (query && parse_query(query, cfg, err) < 0)
		return -EINVAL;
	if (!cfg->tls && (cfg->tls_cfg.ca_file || cfg->tls_cfg.cert_file))
		return bad(err, -EINVAL, "%s: ca= and cert= are for TLS outputs", uri);
	return 0;
}

/*
 * Loads the CA and client certificate a TLS output names, so that a missing or
 * broken file is a start-up error with its name, not a retry loop.
 */
static int check_tls(const struct sink_uri *p, struct ctw_error *err)
{
	const struct tls_client_config *cfg = NULL;
	struct tls_client *c;

	if (p->kind == SINK_URI_NET && p->net.tls)
		cfg = &p->net.tls_cfg;
	else if (p->kind == SINK_URI_HTTP &&
		 (p->http.tls.ca_file || p->http.tls.cert_file || p->http.tls.key_file))
		cfg = &p->http.tls;
	if (!cfg)
		return 0;
	c = tls_client__new(cfg, err);
	if (!c)
		return -errno;
	tls_client__free(c);
	return 0;
}

struct sink *sink__from_uri(const char *uri, const struct sink_options *o, struct ctw_error *err)
{
	struct sink_uri p;
	int ret = sink_uri__parse(uri, o, &p, err);

	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	ret = check_tls(&p, err);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	switch (p.kind) {
	case SINK_URI_STDOUT:
		return sink_file__new(NULL, o);
	case SINK_URI_FILE:
		return sink_file__new(p.file, o);
	case SINK_URI_HTTP:
		return sink_http__new(&p.http);
	default:
		return sink_net__new(&p.net);
	}
}

/*
 * Whether sink_file__new() could open `path` for appending: an existing file
 * must be writable, a new one needs a writable directory, and a symbolic link
 * is refused as sink_file__new() refuses it. Checked with access(2), so that
 * a check creates nothing.
 */
static int check_file(const char *path, struct ctw_error *err)
{
	char dir[SINK_URI_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return bad(err, -ELOOP,
				   "is a symbolic link (refused: outputs are opened "
				   "without following links)");
		if (S_ISDIR(st.st_mode))
			return bad(err, -EISDIR, "is a directory");
		if (access(path, W_OK) < 0)
			return bad(err, -EACCES, "%s", strerror(errno));
		return 0;
	}
	if (errno != ENOENT)
		return bad(err, -EACCES, "%s", strerror(errno));
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return bad(err, -ENOENT, "directory %s does not exist", dir);
	if (access(dir, W_OK | X_OK) < 0)
		return bad(err, -EACCES, "cannot create a file in %s: %s", dir, strerror(errno));
	return 0;
}

int sink__check_uri(const char *uri, struct ctw_error *err)
{
	struct sink_uri p;
	int ret = sink_uri__parse(uri, NULL, &p, err);

	if (ret < 0)
		return ret;
	if (p.kind == SINK_URI_FILE)
		return check_file(p.file, err);
	return check_tls(&p, err);
}

const char *sink__strerror(int err)
{
	switch (err) {
	case -EKEYREJECTED:
		return "TLS: the server's certificate is not trusted or does not match its name";
	case -EPROTO:
		return "TLS handshake failed";
	case -EBADMSG:
		return "the HTTP receiver refused the events (4xx); they are dropped";
	default:
		return strerror(-err);
	}
}

void sink__unique_name(struct sink *sink, struct sink *const *others, size_t n)
{
	char base[sizeof(sink->name)];

	snprintf(base, sizeof(base), "%s", sink->name);
	for (unsigned int k = 2;; k++) {
		bool clash = false;

		for (size_t i = 0; i < n && !clash; i++)
			clash = others[i] != sink && strcmp(others[i]->name, sink->name) == 0;
		if (!clash)
			return;
		snprintf(sink->name, sizeof(sink->name), "%.24s-%u", base, k);
	}
}
