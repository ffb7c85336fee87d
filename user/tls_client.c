// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "error.h"
#include "tls_client.h"
#include "util.h"

struct tls_client {
	gnutls_certificate_credentials_t creds;
	char *server_name;
};

struct tls_conn {
	gnutls_session_t session;
};

static int fail(struct ctw_error *err, int code, const char *what, const char *path, int gerr)
{
	if (err)
		snprintf(err->msg, sizeof(err->msg), "%s %s: %s", what, path,
			 gnutls_strerror(gerr));
	return code;
}

/* GnuTLS says "file error" for a missing file: tell missing and unreadable apart. */
static int file_errno(const char *path)
{
	return access(path, R_OK) < 0 ? errno : EINVAL;
}

static int load(struct tls_client *c, const struct tls_client_config *cfg, struct ctw_error *err)
{
	int ret;

	if (cfg->ca_file) {
		ret = gnutls_certificate_set_x509_trust_file(c->creds, cfg->ca_file,
							     GNUTLS_X509_FMT_PEM);
		if (ret <= 0) /* 0: no certificate in the file */
			return fail(err, -file_errno(cfg->ca_file), "CA file", cfg->ca_file,
				    ret ? ret : GNUTLS_E_NO_CERTIFICATE_FOUND);
	} else {
		ret = gnutls_certificate_set_x509_system_trust(c->creds);
		if (ret < 0)
			return fail(err, -EINVAL, "system trust store", "", ret);
	}
	if (cfg->cert_file) {
		const char *key = cfg->key_file ? cfg->key_file : cfg->cert_file;

		ret = gnutls_certificate_set_x509_key_file(c->creds, cfg->cert_file, key,
							   GNUTLS_X509_FMT_PEM);
		if (ret < 0) {
			const char *bad = access(cfg->cert_file, R_OK) < 0 ? cfg->cert_file : key;

			return fail(err, -file_errno(bad), "certificate or key", bad, ret);
		}
	} else if (cfg->key_file) {
		if (err)
			snprintf(err->msg, sizeof(err->msg), "key without a certificate");
		return -EINVAL;
	}
	return 0;
}

struct tls_client *tls_client__new(const struct tls_client_config *cfg, struct ctw_error *err)
{
	struct tls_client *c = calloc(1, sizeof(*c));
	bool failed = false;
	int ret;

	if (!c)
		return NULL;
	if (gnutls_certificate_allocate_credentials(&c->creds) < 0) {
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	c->server_name = str__dup_or_null(cfg->server_name, &failed);
	ret = failed ? -ENOMEM : load(c, cfg, err);
	if (ret < 0) {
		tls_client__free(c);
		errno = -ret;
		return NULL;
	}
	return c;
}

void tls_client__free(struct tls_client *c)
{
	if (!c)
		return;
	if (c->creds)
		gnutls_certificate_free_credentials(c->creds);
	free(c->server_name);
	free(c);
}

/* SNI carries DNS names only (RFC 6066): not for an address. */
static bool is_ip_literal(const char *host)
{
	return strspn(host, "0123456789.") == strlen(host) || strchr(host, ':');
}

int tls_conn__open(struct tls_client *c, int fd, const char *host, unsigned int timeout_ms,
		   struct tls_conn **out)
{
	const char *name = c->server_name ? c->server_name : host;
	int64_t deadline = clock__now_ns(CLOCK_MONOTONIC) + (int64_t)timeout_ms * NSEC_PER_MSEC;
	struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
	struct tls_conn *conn = calloc(1, sizeof(*conn));
	int ret;

	if (!conn)
		return -ENOMEM;
	if (gnutls_init(&conn->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL) < 0) {
		free(conn);
		return -ENOMEM;
	}
	ret = gnutls_set_default_priority(conn->session);
	if (ret == 0)
		ret = gnutls_credentials_set(conn->session, GNUTLS_CRD_CERTIFICATE, c->creds);
	if (ret == 0 && !is_ip_literal(name))
		ret = gnutls_server_name_set(conn->session, GNUTLS_NAME_DNS, name, strlen(name));
	if (ret < 0) {
		gnutls_deinit(conn->session);
		free(conn);
		return -ENOMEM;
	}
	/* The chain and the name are checked inside the handshake, which fails if either does. */
	gnutls_session_set_verify_cert(conn->session, name, 0);
	gnutls_transport_set_int(conn->session, fd);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	gnutls_handshake_set_timeout(conn->session, timeout_ms);
	do {
		ret = gnutls_handshake(conn->session);
	} while (ret < 0 && !gnutls_error_is_fatal(ret) &&
		 clock__now_ns(CLOCK_MONOTONIC) < deadline);
	if (ret < 0) {
		bool unverified = ret == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR ||
				  ret == GNUTLS_E_CERTIFICATE_ERROR;

		gnutls_deinit(conn->session);
		free(conn);
		if (unverified)
			return -EKEYREJECTED;
		return ret == GNUTLS_E_TIMEDOUT || !gnutls_error_is_fatal(ret) ? -ETIMEDOUT
									       : -EPROTO;
	}
	*out = conn;
	return 0;
}

ssize_t tls_conn__send(struct tls_conn *conn, const void *buf, size_t len)
{
	ssize_t n;

	do {
		n = gnutls_record_send(conn->session, buf, len);
	} while (n == GNUTLS_E_INTERRUPTED);
	if (n >= 0)
		return n;
	return n == GNUTLS_E_AGAIN ? -EAGAIN : -EPIPE;
}

void tls_conn__free(struct tls_conn *conn)
{
	if (!conn)
		return;
	gnutls_bye(conn->session, GNUTLS_SHUT_WR);
	gnutls_deinit(conn->session);
	free(conn);
}
