/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * TLS for the stream sinks (tls://, syslog+tls://), with GnuTLS: the library
 * libmicrohttpd and libcurl-gnutls already bring in, so the collector links
 * one TLS stack for its client and server sides.
 *
 * The server's chain is verified against the CA file (or the system's trust
 * store) and its certificate must name the host connected to, or
 * server_name when given: never off.
 */
#ifndef CTRWATCH_TLS_CLIENT_H
#define CTRWATCH_TLS_CLIENT_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct tls_client_config {
	const char *ca_file;	 /* PEM bundle; NULL: the system's trust store */
	const char *cert_file;	 /* client certificate (PEM), or NULL */
	const char *key_file;	 /* its key; NULL: in cert_file */
	const char *server_name; /* name to verify and send as SNI; NULL: the host */
};

struct tls_client;
struct tls_conn;

/*
 * Loads the CA and the client certificate once. NULL and errno (ENOENT,
 * EACCES for unreadable files, EINVAL for files that do not parse), with a
 * one-line message in err when not NULL.
 */
struct tls_client *tls_client__new(const struct tls_client_config *cfg, struct ctw_error *err);
void tls_client__free(struct tls_client *c);

/*
 * Handshake on the connected blocking socket fd for `host`, within
 * timeout_ms. 0 and *out, or -ETIMEDOUT, -EKEYREJECTED (chain or name not
 * verified), -EPROTO (handshake failed), -ENOMEM. The socket stays the
 * caller's to close, after tls_conn__free().
 */
int tls_conn__open(struct tls_client *c, int fd, const char *host, unsigned int timeout_ms,
		   struct tls_conn **out);

/*
 * Writes up to len bytes as records: how many were taken, -EAGAIN (the
 * socket's send timeout; call again with the same bytes) or -EPIPE.
 */
ssize_t tls_conn__send(struct tls_conn *conn, const void *buf, size_t len);

/* Sends close_notify without waiting for the peer's, then frees. NULL is fine. */
void tls_conn__free(struct tls_conn *conn);

#endif /* CTRWATCH_TLS_CLIENT_H */
