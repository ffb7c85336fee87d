// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "conn_deadline.h"
#include "error.h"
#include "http_server.h"
#include "metrics.h"
#include "util.h"
#include "web_config.h"

#define CONTENT_TYPE_METRICS "text/plain; version=0.0.4; charset=utf-8"
#define CONTENT_TYPE_TEXT "text/plain; charset=utf-8"

struct http_server {
	struct MHD_Daemon *daemon;
	struct conn_deadline *deadline; /* started before the daemon, stopped after it */
	struct http_source source;
	struct metrics *metrics; /* the source's context for http_server__serve() */
	http_health_fn health;
	void *health_ctx;
	struct web_config web; /* users checked on every request; PEMs MHD reads at start */
};

static int parse_port(const char *s, in_port_t *out)
{
	unsigned long v = 0;
	size_t n = 0;

	/* Digits only: strtoul would take signs, spaces and "0x". */
	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 5)
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[n] - '0');
	}
	if (n == 0 || v == 0 || v > 65535)
		return -EINVAL;
	*out = htons((in_port_t)v);
	return 0;
}

/* A DNS-style name: letters, digits, '-' and '.', with at least one letter. */
static bool is_host_name(const char *host)
{
	bool letter = false;

	for (const char *c = host; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
			letter = true;
		else if (!((*c >= '0' && *c <= '9') || *c == '-' || *c == '.'))
			return false;
	}
	return letter && host[0] != '-' && host[0] != '.';
}

/* The first address the resolver gives for a name (/etc/hosts, then DNS). */
static int resolve_name(const char *host, in_port_t port, struct sockaddr_storage *out,
			socklen_t *out_len)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res;

	if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res)
		return -ENXIO;
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*out_len = res->ai_addrlen;
	if (out->ss_family == AF_INET6)
		((struct sockaddr_in6 *)out)->sin6_port = port;
	else
		((struct sockaddr_in *)out)->sin_port = port;
	freeaddrinfo(res);
	return 0;
}

int http_addr__parse(const char *addr, struct sockaddr_storage *out, socklen_t *out_len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)out;
	char host[256];
	const char *colon;
	in_port_t port;
	size_t hlen;

	if (!addr)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (addr[0] == '[') {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
		const char *end = strchr(addr, ']');

		if (!end || end[1] != ':')
			return -EINVAL;
		hlen = (size_t)(end - addr - 1);
		if (hlen == 0 || hlen >= INET6_ADDRSTRLEN)
			return -EINVAL;
		memcpy(host, addr + 1, hlen);
		host[hlen] = '\0';
		sin6->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1 ||
		    parse_port(end + 2, &sin6->sin6_port))
			return -EINVAL;
		*out_len = sizeof(*sin6);
		return 0;
	}
	colon = strchr(addr, ':');
	/* One colon only: an unbracketed IPv6 address is ambiguous. */
	if (!colon || strchr(colon + 1, ':') || parse_port(colon + 1, &port))
		return -EINVAL;
	hlen = (size_t)(colon - addr);
	if (hlen >= sizeof(host))
		return -EINVAL;
	memcpy(host, addr, hlen);
	host[hlen] = '\0';
	sin->sin_family = AF_INET;
	sin->sin_port = port;
	*out_len = sizeof(*sin);
	/* ":PORT": every IPv4 address, as Prometheus and Go servers read it. */
	if (hlen == 0) {
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1)
		return 0;
	/* Only names go to the resolver: "256.0.0.1" is a bad address, not a host to look up. */
	if (!is_host_name(host))
		return -EINVAL;
	return resolve_name(host, port, out, out_len);
}

static enum MHD_Result queue(struct MHD_Connection *conn, unsigned int status,
			     const char *content_type, void *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, body, mode);
	if (!resp) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO; /* MHD closes the connection */
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result queue_static(struct MHD_Connection *conn, unsigned int status,
				    const char *text)
{
	return queue(conn, status, CONTENT_TYPE_TEXT, (void *)text, strlen(text),
		     MHD_RESPMEM_PERSISTENT);
}

/*
 * The endpoint's own family after the collector's: this process is the one
 * that cuts connections, so the count is known here and nowhere else.
 */
static int append_own_metrics(struct http_server *srv, char **text, size_t *len)
{
	char own[320], *grown;
	int n = snprintf(own, sizeof(own),
			 "# HELP ctrwatch_http_connections_cut_total Connections to the metrics "
			 "endpoint shut down at the total deadline or for want of a deadline "
			 "slot.\n"
			 "# TYPE ctrwatch_http_connections_cut_total counter\n"
			 "ctrwatch_http_connections_cut_total %" PRIu64 "\n",
			 http_server__cut_by_deadline(srv));

	if (n < 0 || (size_t)n >= sizeof(own))
		return -EOVERFLOW;
	grown = realloc(*text, *len + (size_t)n + 1);
	if (!grown)
		return -ENOMEM;
	memcpy(grown + *len, own, (size_t)n + 1);
	*text = grown;
	*len += (size_t)n;
	return 0;
}

static enum MHD_Result serve_metrics(struct http_server *srv, struct MHD_Connection *conn)
{
	char *text;
	size_t len;

	if (srv->source.metrics(srv->source.ctx, &text, &len) < 0)
		return queue_static(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	if (append_own_metrics(srv, &text, &len) < 0) {
		free(text);
		return queue_static(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	}
	return queue(conn, MHD_HTTP_OK, CONTENT_TYPE_METRICS, text, len, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result serve_health(struct http_server *srv, struct MHD_Connection *conn)
{
	struct ctw_error why = {""};
	char body[sizeof(why.msg) + 1];
	size_t n;
	int err;

	err = srv->source.health(srv->source.ctx, &why);
	if (!err)
		return queue_static(conn, MHD_HTTP_OK, "ok\n");
	n = strnlen(why.msg, sizeof(why.msg) - 1);
	memcpy(body, why.msg, n);
	body[n++] = '\n';
	return queue(conn, MHD_HTTP_SERVICE_UNAVAILABLE, CONTENT_TYPE_TEXT, body, n,
		     MHD_RESPMEM_MUST_COPY);
}

/* Basic authentication against basic_auth_users, as the exporter toolkit does. */
static bool authorized(struct http_server *srv, struct MHD_Connection *conn)
{
	char *password = NULL;
	char *user = MHD_basic_auth_get_username_password(conn, &password);
	bool ok = user && web_config__check_user(&srv->web, user, password) == 0;

	MHD_free(user);
	MHD_free(password);
	return ok;
}

static enum MHD_Result deny(struct MHD_Connection *conn)
{
	static const char text[] = "unauthorized\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp =
	    MHD_create_response_from_buffer(sizeof(text) - 1, (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE_TEXT);
	ret = MHD_queue_basic_auth_fail_response(conn, "ctrwatch", resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	struct http_server *srv = cls;
	bool known = strcmp(url, "/metrics") == 0 || strcmp(url, "/healthz") == 0;

	/*
	 * Answer on the first call, before any request body: nothing here takes a
	 * body, and MHD discards what a client sends after the response.
	 */
	(void)upload_data;
	(void)upload_data_size;
	(void)req_cls;
	/*
	 * Unlike the exporter toolkit, /healthz stays open: the kubelet's probes
	 * carry no credentials, and it tells only whether the collector is ready.
	 */
	if (srv->web.n_users && strcmp(url, "/healthz") != 0 && !authorized(srv, conn))
		return deny(conn);
	if (!known)
		return queue_static(conn, MHD_HTTP_NOT_FOUND, "not found\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return queue_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
	if (url[1] == 'm')
		return serve_metrics(srv, conn);
	return serve_health(srv, conn);
}

/* Our own socket, so that bind failures come back as a precise errno. */
static int listen_on(const struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, fd, err;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* Restarts must not fail on TIME_WAIT sockets of the previous instance. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		goto fail;
	/* "[::]:p" means IPv6 only; dual stack would be a surprise exposure. */
	if (ss->ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
		goto fail;
	if (bind(fd, (const struct sockaddr *)ss, len) || listen(fd, 64))
		goto fail;
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

/* A deep copy of what the server keeps of a web config. */
static int copy_web(struct web_config *dst, const struct web_config *src)
{
	bool failed = false;

	memset(dst, 0, sizeof(*dst));
	if (!src)
		return 0;
	dst->cert_pem = str__dup_or_null(src->cert_pem, &failed);
	dst->key_pem = str__dup_or_null(src->key_pem, &failed);
	for (size_t i = 0; i < src->n_users; i++) {
		dst->users[i].name = str__dup_or_null(src->users[i].name, &failed);
		dst->users[i].hash = str__dup_or_null(src->users[i].hash, &failed);
		dst->n_users++;
	}
	if (failed) {
		web_config__release(dst);
		return -ENOMEM;
	}
	return 0;
}

int http_listener__open(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (http_addr__parse(addr, &ss, &len))
		return -EINVAL;
	return listen_on(&ss, len);
}

/* Every accepted socket gets the total deadline; refused ones never get here. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;
	const union MHD_ConnectionInfo *info;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		/* MHD closes the descriptor only after this returns. */
		conn_deadline__remove(srv->deadline, *socket_context);
		*socket_context = NULL;
		return;
	}
	info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	*socket_context = info ? conn_deadline__add(srv->deadline, info->connect_fd) : NULL;
}

/* A keep-alive connection's next request gets the whole deadline again. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	const union MHD_ConnectionInfo *info;

	(void)req_cls;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		return;
	info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (info)
		conn_deadline__restart(srv->deadline, info->socket_context);
}

static int render_from_metrics(void *ctx, char **text, size_t *len)
{
	struct http_server *srv = ctx;

	return metrics__render(srv->metrics, text, len);
}

static int health_from_metrics(void *ctx, struct ctw_error *why)
{
	struct http_server *srv = ctx;

	if (srv->health)
		return srv->health(srv->health_ctx, why);
	return metrics__health(srv->metrics, why);
}

static struct http_server *serve(int fd, struct http_server *srv, const struct web_config *web)
{
	unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int err;

	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
		err = EINVAL;
		goto err_free;
	}
	if (copy_web(&srv->web, web) < 0) {
		err = ENOMEM;
		goto err_free;
	}
	srv->deadline =
	    conn_deadline__new(HTTP_SERVER_MAX_CONNECTIONS * 2, HTTP_SERVER_DEADLINE_S * 1000);
	if (!srv->deadline) {
		err = errno;
		goto err_web;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (srv->web.cert_pem)
		flags |= MHD_USE_TLS;
	/* No MHD_USE_ERROR_LOG: a library module does not print. */
	errno = 0;
	/* The TLS options last: without TLS, MHD_OPTION_END cuts the list before them. */
	srv->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, srv, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_SERVER_MAX_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)HTTP_SERVER_MAX_PER_CLIENT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_SERVER_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_SERVER_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, srv, srv->web.cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    (const char *)srv->web.cert_pem, MHD_OPTION_HTTPS_MEM_KEY,
	    (const char *)srv->web.key_pem, MHD_OPTION_END);
	if (!srv->daemon) {
		/* A certificate or key GnuTLS refuses shows only as a failed start. */
		err = srv->web.cert_pem ? EINVAL : errno ? errno : EAGAIN;
		goto err_deadline;
	}
	return srv;
err_deadline:
	conn_deadline__free(srv->deadline);
err_web:
	web_config__release(&srv->web);
err_free:
	free(srv);
	if (fd >= 0)
		close(fd);
	errno = err;
	return NULL;
}

/* A server for fd, or NULL with errno and fd closed: both entry points own fd from the call on. */
static struct http_server *server_alloc(int fd, bool args_valid)
{
	struct http_server *srv = args_valid ? calloc(1, sizeof(*srv)) : NULL;

	if (!srv) {
		int err = args_valid ? ENOMEM : EINVAL;

		if (fd >= 0)
			close(fd);
		errno = err;
	}
	return srv;
}

struct http_server *http_server__serve(int fd, struct metrics *m, http_health_fn health,
				       void *health_ctx, const struct web_config *web)
{
	struct http_server *srv = server_alloc(fd, m != NULL);

	if (!srv)
		return NULL;
	srv->metrics = m;
	srv->health = health;
	srv->health_ctx = health_ctx;
	srv->source = (struct http_source){
	    .ctx = srv, .metrics = render_from_metrics, .health = health_from_metrics};
	return serve(fd, srv, web);
}

struct http_server *http_server__serve_source(int fd, const struct http_source *source,
					      const struct web_config *web)
{
	struct http_server *srv = server_alloc(fd, source && source->metrics && source->health);

	if (!srv)
		return NULL;
	srv->source = *source;
	return serve(fd, srv, web);
}

uint64_t http_server__cut_by_deadline(struct http_server *srv)
{
	return conn_deadline__cut(srv->deadline);
}

struct http_server *http_server__new_web(const char *addr, struct metrics *m, http_health_fn health,
					 void *health_ctx, const struct web_config *web)
{
	int fd;

	if (!m) {
		errno = EINVAL;
		return NULL;
	}
	fd = http_listener__open(addr);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	return http_server__serve(fd, m, health, health_ctx, web);
}

struct http_server *http_server__new(const char *addr, struct metrics *m, http_health_fn health,
				     void *health_ctx)
{
	return http_server__new_web(addr, m, health, health_ctx, NULL);
}

void http_server__free(struct http_server *srv)
{
	if (!srv)
		return;
	/* Closes the listening socket too. */
	MHD_stop_daemon(srv->daemon);
	conn_deadline__free(srv->deadline);
	web_config__release(&srv->web);
	free(srv);
}
