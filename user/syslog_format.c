// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "syslog_format.h"

static const char *const facility_names[24] = {
    "kern",   "user",	"mail",	    "daemon", "auth",	"syslog",   "lpr",     "news",
    "uucp",   "cron",	"authpriv", "ftp",    "ntp",	"security", "console", "solaris-cron",
    "local0", "local1", "local2",   "local3", "local4", "local5",   "local6",  "local7",
};

int syslog__facility_parse(const char *name, int *out)
{
	for (int i = 0; i < 24; i++) {
		if (strcmp(name, facility_names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

int syslog__severity(enum severity severity)
{
	switch (severity) {
	case SEVERITY_CRITICAL:
		return 2;
	case SEVERITY_WARNING:
		return 4;
	case SEVERITY_NOTICE:
		return 5;
	default:
		return 6;
	}
}

/* A header field: printable US-ASCII without space, at most max bytes, "-" when empty. */
static size_t put_field(char *dst, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && s[n] && n < max; n++) {
		unsigned char c = (unsigned char)s[n];

		dst[n] = (c > 32 && c < 127) ? (char)c : '_';
	}
	if (n == 0)
		dst[n++] = '-';
	dst[n] = '\0';
	return n;
}

int syslog__format(const struct syslog_header *h, const char *msg, size_t msg_len,
		   bool octet_counted, char *buf, size_t len, size_t *out_len)
{
	char host[256], app[49], msgid[33], procid[16], stamp[96], head[512], prefix[24];
	time_t t = (time_t)(h->realtime_ns / 1000000000);
	struct tm tm;
	size_t head_len, total, prefix_len = 0;
	int n;

	if (h->facility < 0 || h->facility > 23 || h->severity < 0 || h->severity > 7)
		return -EINVAL;
	if (msg_len > 0 && msg[msg_len - 1] == '\n')
		msg_len--;
	if (!gmtime_r(&t, &tm))
		return -EINVAL;
	snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%06luZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned long)(((uint64_t)h->realtime_ns % 1000000000u) / 1000u));
	put_field(host, h->hostname, 255);
	put_field(app, h->app_name, 48);
	put_field(msgid, h->msgid, 32);
	if (h->procid)
		snprintf(procid, sizeof(procid), "%u", h->procid);
	else
		strcpy(procid, "-");
	/* No STRUCTURED-DATA ("-"): the event is the MSG, JSON a receiver can parse. */
	n = snprintf(head, sizeof(head), "<%d>1 %s %s %s %s %s - ", h->facility * 8 + h->severity,
		     stamp, host, app, procid, msgid);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -ENOSPC;
	head_len = (size_t)n;
	if (octet_counted) {
		n = snprintf(prefix, sizeof(prefix), "%zu ", head_len + msg_len);
		prefix_len = (size_t)n;
	}
	total = prefix_len + head_len + msg_len;
	if (total + 1 > len)
		return -ENOSPC;
	memcpy(buf, prefix, prefix_len);
	memcpy(buf + prefix_len, head, head_len);
	memcpy(buf + prefix_len + head_len, msg, msg_len);
	buf[total] = '\0';
	*out_len = total;
	return 0;
}
