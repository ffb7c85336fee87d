/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Sinks that write to a socket from their own thread: tcp://, tls://, unix:
 * (stream, newline-delimited JSON), syslog (RFC 5424 over a unix datagram
 * socket, UDP, or TCP or TLS with octet counting) and journal (journald's
 * native protocol).
 *
 * The consumer frames each line and puts it in a queue bounded in bytes, and
 * never waits: a full queue drops the line for this sink only and counts it.
 * The thread connects lazily, reconnects with capped exponential backoff, and
 * on a stream socket writes every line whole: a line cut by a lost connection
 * is sent again from its first byte on the next one (the receiver dropped the
 * fragment with the old connection, since it never saw its newline).
 */
#ifndef CTRWATCH_SINK_NET_H
#define CTRWATCH_SINK_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "tls_client.h"

struct sink;

enum sink_net_framing {
	SINK_NET_LINE,	       /* the JSON line as is, '\n'-terminated */
	SINK_NET_SYSLOG,       /* RFC 5424, one message per datagram */
	SINK_NET_SYSLOG_OCTET, /* RFC 5424 with RFC 6587 octet counting (stream) */
	SINK_NET_JOURNAL,      /* journald native fields, one entry per datagram */
};

#define SINK_NET_BACKOFF_MIN_MS 100
#define SINK_NET_BACKOFF_MAX_MS 5000

struct sink_net_config {
	const char *name; /* metric label, at most 31 bytes */
	const char *path; /* AF_UNIX path, or NULL for host:port */
	const char *host;
	const char *port;
	int socktype; /* SOCK_STREAM or SOCK_DGRAM */
	enum sink_net_framing framing;
	int facility;	      /* syslog framings */
	const char *hostname; /* syslog HOSTNAME; NULL: "-" */
	size_t queue_bytes;
	unsigned int drain_ms;
	bool tls; /* stream over TLS (tls://, syslog+tls://), verified as tls_client.h says */
	struct tls_client_config tls_cfg;
};

/*
 * The sink, its thread not started (sink__start()); connects lazily. With
 * cfg->tls the CA and client certificate are loaded here, before anything is
 * loaded or connects. NULL and errno.
 */
struct sink *sink_net__new(const struct sink_net_config *cfg);

#endif /* CTRWATCH_SINK_NET_H */
