// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --output URIs through sink_uri__parse (no file or socket is opened).
 * Checks: what is accepted is complete and in range, what is refused says why.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "sink_uri.h"

/* Whether a query key of the URL is one ctrwatch takes out (queue, ca, cert, key). */
static bool ours_in_query(const char *url)
{
	static const char *const keys[] = {"queue=", "ca=", "cert=", "key="};
	const char *kv = strchr(url, '?');

	while (kv) {
		kv++;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strncmp(kv, keys[i], strlen(keys[i])) == 0)
				return true;
		kv = strchr(kv, '&');
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	struct sink_options o = {.queue_bytes = fuzz_u8(&in) & 1 ? 1u << 20 : 0};
	char *uri = fuzz_rest(&in, NULL);
	struct ctw_error err = {""};
	struct sink_uri u;
	int ret = sink_uri__parse(uri, &o, &u, &err);

	if (ret < 0) {
		FUZZ_CHECK(ret == -EINVAL, "error %d", ret);
		FUZZ_CHECK(err.msg[0], "refused without a message");
		goto out;
	}
	FUZZ_CHECK(ret == 0, "returned %d", ret);
	switch (u.kind) {
	case SINK_URI_STDOUT:
		break;
	case SINK_URI_FILE:
		FUZZ_CHECK(u.file && u.file[0], "a file sink without a path");
		break;
	case SINK_URI_NET:
		FUZZ_CHECK(u.net.name && strlen(u.net.name) < 32, "name");
		FUZZ_CHECK(u.net.socktype == SOCK_STREAM || u.net.socktype == SOCK_DGRAM,
			   "socktype");
		FUZZ_CHECK(u.net.framing <= SINK_NET_JOURNAL, "framing %d", u.net.framing);
		FUZZ_CHECK(u.net.facility >= 0 && u.net.facility <= 23, "facility %d",
			   u.net.facility);
		FUZZ_CHECK(u.net.queue_bytes >= (64u << 10) && u.net.queue_bytes <= (1ull << 30),
			   "queue %zu", u.net.queue_bytes);
		if (u.net.path) {
			FUZZ_CHECK(u.net.path[0], "empty socket path accepted");
		} else {
			long port;

			FUZZ_CHECK(u.net.host && u.net.host[0] && !strchr(u.net.host, '/'), "host");
			FUZZ_CHECK(u.net.port && u.net.port[0] &&
				       strspn(u.net.port, "0123456789") == strlen(u.net.port),
				   "port '%s'", u.net.port);
			port = strtol(u.net.port, NULL, 10);
			FUZZ_CHECK(port >= 1 && port <= 65535, "port %ld", port);
		}
		FUZZ_CHECK(!u.net.tls || (u.net.socktype == SOCK_STREAM && !u.net.path),
			   "TLS on a datagram or unix socket");
		FUZZ_CHECK(u.net.tls || (!u.net.tls_cfg.ca_file && !u.net.tls_cfg.cert_file),
			   "TLS files on a plain socket");
		break;
	case SINK_URI_HTTP:
		FUZZ_CHECK(u.http.url && strncmp(u.http.url, uri, strlen(u.http.name)) == 0,
			   "url '%s' does not keep the scheme", u.http.url);
		FUZZ_CHECK(strlen(u.http.url) <= strlen(uri), "url longer than the URI");
		FUZZ_CHECK(!ours_in_query(u.http.url), "ctrwatch's own option left in '%s'",
			   u.http.url);
		FUZZ_CHECK(u.http.queue_bytes >= (64u << 10) && u.http.queue_bytes <= (1ull << 30),
			   "queue %zu", u.http.queue_bytes);
		break;
	default:
		FUZZ_CHECK(0, "kind %d", u.kind);
	}
out:
	free(uri);
	return 0;
}
