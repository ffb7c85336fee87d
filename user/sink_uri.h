/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * An --output URI (SINK_URI_USAGE in sink.h), parsed without opening anything,
 * so that the parser can be tested and fuzzed apart from the sinks it makes.
 */
#ifndef CTRWATCH_SINK_URI_H
#define CTRWATCH_SINK_URI_H

#include <stddef.h>

#include "error.h"
#include "sink.h"
#include "sink_http.h"
#include "sink_net.h"

#define SINK_URI_MAX 1024

enum sink_uri_kind {
	SINK_URI_STDOUT,
	SINK_URI_FILE,
	SINK_URI_NET,  /* tcp, tls, unix, syslog, journal: net describes it */
	SINK_URI_HTTP, /* http, https: http describes it */
};

struct sink_uri {
	enum sink_uri_kind kind;
	const char *file;	      /* SINK_URI_FILE: the path, pointing into the URI given */
	struct sink_net_config net;   /* SINK_URI_NET: its strings point into buf */
	struct sink_http_config http; /* SINK_URI_HTTP: strings in buf and url */
	char buf[SINK_URI_MAX];
	char url[SINK_URI_MAX]; /* http: the URL without ctrwatch's options */
};

/*
 * Fills *out from uri (which must outlive it for a file path) and o (may be
 * NULL). 0, or -EINVAL with a message in err.
 */
int sink_uri__parse(const char *uri, const struct sink_options *o, struct sink_uri *out,
		    struct ctw_error *err);

#endif /* CTRWATCH_SINK_URI_H */
