// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --output URIs of the TLS and HTTP outputs: what the parser takes out of
 * them (hosts, TLS files, the URL POSTed to) and what it refuses.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "check.h"
#include "sink_uri.h"
#include "util.h"

static const char *or_null(const char *s)
{
	return s ? s : "(none)";
}

static void test_tls_uris(void)
{
	static const struct {
		const char *uri;
		const char *host, *port, *ca, *cert, *key, *server_name;
		int framing;
	} cases[] = {
	    {"tls://collector.example:6514", "collector.example", "6514", NULL, NULL, NULL, NULL,
	     SINK_NET_LINE},
	    {"tls://[::1]:6514?ca=/etc/ca.pem&cert=/etc/c.pem&key=/etc/k.pem", "::1", "6514",
	     "/etc/ca.pem", "/etc/c.pem", "/etc/k.pem", NULL, SINK_NET_LINE},
	    {"tls://10.0.0.1:6514?server_name=logs.example&queue=1M", "10.0.0.1", "6514", NULL,
	     NULL, NULL, "logs.example", SINK_NET_LINE},
	    {"syslog+tls://h:6514?ca=/ca.pem&facility=local3", "h", "6514", "/ca.pem", NULL, NULL,
	     NULL, SINK_NET_SYSLOG_OCTET},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ctw_error err = {""};
		struct sink_uri p;
		int ret = sink_uri__parse(cases[i].uri, NULL, &p, &err);

		ASSERT_EQ(ret, 0, cases[i].uri);
		if (ret)
			continue;
		ASSERT_EQ(p.kind, SINK_URI_NET, cases[i].uri);
		ASSERT_TRUE(p.net.tls, cases[i].uri);
		ASSERT_EQ(p.net.socktype, SOCK_STREAM, cases[i].uri);
		ASSERT_EQ(p.net.framing, cases[i].framing, cases[i].uri);
		ASSERT_STR_EQ(p.net.host, cases[i].host, cases[i].uri);
		ASSERT_STR_EQ(p.net.port, cases[i].port, cases[i].uri);
		ASSERT_STR_EQ(or_null(p.net.tls_cfg.ca_file), or_null(cases[i].ca), cases[i].uri);
		ASSERT_STR_EQ(or_null(p.net.tls_cfg.cert_file), or_null(cases[i].cert),
			      cases[i].uri);
		ASSERT_STR_EQ(or_null(p.net.tls_cfg.key_file), or_null(cases[i].key), cases[i].uri);
		ASSERT_STR_EQ(or_null(p.net.tls_cfg.server_name), or_null(cases[i].server_name),
			      cases[i].uri);
	}
}

static void test_http_uris(void)
{
	static const struct {
		const char *uri;
		const char *name, *url, *ca, *cert;
		size_t queue;
	} cases[] = {
	    {"http://127.0.0.1:2801/", "http", "http://127.0.0.1:2801/", NULL, NULL, 0},
	    {"http://sidekick", "http", "http://sidekick", NULL, NULL, 0},
	    {"https://logs.example/ingest?ca=/ca.pem&token=abc&queue=2M&cert=/c.pem", "https",
	     "https://logs.example/ingest?token=abc", "/ca.pem", "/c.pem", 2u << 20},
	    {"http://[::1]:8080/x?a=1&b=2", "http", "http://[::1]:8080/x?a=1&b=2", NULL, NULL, 0},
	    {"https://u:p@h:443", "https", "https://u:p@h:443", NULL, NULL, 0},
	};
	struct sink_options falco = {.falco_lines = true};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ctw_error err = {""};
		struct sink_uri p;
		int ret = sink_uri__parse(cases[i].uri, NULL, &p, &err);

		ASSERT_EQ(ret, 0, cases[i].uri);
		if (ret)
			continue;
		ASSERT_EQ(p.kind, SINK_URI_HTTP, cases[i].uri);
		ASSERT_STR_EQ(p.http.name, cases[i].name, cases[i].uri);
		ASSERT_STR_EQ(p.http.url, cases[i].url, cases[i].uri);
		ASSERT_STR_EQ(or_null(p.http.tls.ca_file), or_null(cases[i].ca), cases[i].uri);
		ASSERT_STR_EQ(or_null(p.http.tls.cert_file), or_null(cases[i].cert), cases[i].uri);
		ASSERT_EQ(p.http.queue_bytes,
			  cases[i].queue ? cases[i].queue : SINK_DEFAULT_QUEUE_BYTES, cases[i].uri);
		ASSERT_TRUE(!p.http.one_per_request, "JSON lines are batched");
	}
	{
		struct sink_uri p;

		ASSERT_EQ(sink_uri__parse("http://h:1/", &falco, &p, NULL), 0, "falco options");
		ASSERT_TRUE(p.http.one_per_request, "Falco events go one per request");
	}
}

static void test_refused(void)
{
	static const char *const bad[] = {
	    "tls://h",			/* no port */
	    "tls://h:1?ca=",		/* empty value */
	    "tcp://h:1?ca=/ca.pem",	/* TLS option on a plain output */
	    "tcp://h:1?server_name=x",	/* likewise */
	    "syslog+udp://h:1?cert=/c", /* likewise */
	    "http://",			/* no host */
	    "http://:80/",		/* likewise */
	    "http://h:0/",		/* bad port */
	    "http://h:99999/",		/* likewise */
	    "http://h:x/",		/* likewise */
	    "http://h:1/?ca=/ca.pem",	/* TLS files on plain http */
	    "https://h/?server_name=x", /* the URL's host is what is verified */
	    "https://h/?queue=1",	/* queue too small */
	    "http://[::1/",		/* unclosed bracket */
	    "http://h#frag",		/* a fragment is never sent */
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ctw_error err = {""};
		struct sink_uri p;

		ASSERT_EQ(sink_uri__parse(bad[i], NULL, &p, &err), -EINVAL, bad[i]);
		ASSERT_TRUE(err.msg[0] != '\0', bad[i]);
	}
}

/* A missing CA file is a start-up error naming the file, not a retry loop. */
static void test_missing_ca(void)
{
	struct ctw_error err = {""};
	struct sink *s;

	ASSERT_EQ(sink__check_uri("tls://127.0.0.1:1?ca=/nonexistent/ca.pem", &err), -ENOENT,
		  "check: missing CA");
	ASSERT_TRUE(strstr(err.msg, "/nonexistent/ca.pem") != NULL, "message names the file");
	errno = 0;
	s = sink__from_uri("https://127.0.0.1:1/?ca=/nonexistent/ca.pem", NULL, &err);
	ASSERT_TRUE(s == NULL && errno == ENOENT, "open: missing CA");
	sink__free(s);
}

int main(void)
{
	test_tls_uris();
	test_http_uris();
	test_refused();
	test_missing_ca();
	return check_summary("sink_uri");
}
