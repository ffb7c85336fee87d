// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The text renderers, for events with arbitrary bytes everywhere: the
 * summary (journal MESSAGE, Falco output), the RFC 5424 syslog message around
 * the JSON line, and a journald datagram built as the journal sink builds it.
 * Checks: the summary and the daemon's text log line are valid UTF-8 without
 * control characters (the log line's final newline aside) and never longer
 * than their buffer; the syslog header is printable US-ASCII with an
 * octet count that matches; the datagram parses back field by field.
 */
#include <errno.h>

#include "fuzz_record.h"
#include "journal_format.h"
#include "log.h"
#include "render_summary.h"
#include "syslog_format.h"

static void check_summary(struct fuzz_event *ev, size_t cap, char *out)
{
	int n = render_summary__event(&ev->in, out, cap);

	if (!ev->in.cls) {
		FUZZ_CHECK(n == -EINVAL, "no classification: %d", n);
		return;
	}
	FUZZ_CHECK(n >= 0 && (size_t)n < cap && strlen(out) == (size_t)n, "length %d of %zu", n,
		   cap);
	FUZZ_CHECK(fuzz_utf8_valid(out, (size_t)n), "invalid UTF-8: %s", out);
	FUZZ_CHECK(fuzz_first_control(out, (size_t)n) < 0, "control character at %ld: %s",
		   fuzz_first_control(out, (size_t)n), out);
}

static void check_syslog(struct fuzz_in *in, const char *msg, size_t msg_len)
{
	static char out[RENDER_JSON_LINE_MAX + 1024];
	char host[300], app[64], msgid[48];
	uint8_t pick = fuzz_u8(in);
	struct syslog_header h = {
	    .facility = pick % 26 - 1,
	    .severity = fuzz_u8(in) % 9,
	    .realtime_ns = (int64_t)(fuzz_u64(in) >> 2),
	    .procid = fuzz_u8(in),
	};
	bool octets = pick & 0x80;
	size_t len = 0, head;
	int ret;

	fuzz_str(in, host, sizeof(host));
	fuzz_str(in, app, sizeof(app));
	fuzz_str(in, msgid, sizeof(msgid));
	h.hostname = host;
	h.app_name = app;
	h.msgid = msgid;
	ret = syslog__format(&h, msg, msg_len, octets, out, sizeof(out), &len);
	if (h.facility < 0 || h.facility > 23 || h.severity > 7) {
		FUZZ_CHECK(ret == -EINVAL, "bad facility/severity accepted: %d", ret);
		return;
	}
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "ret %d", ret);
	if (ret)
		return;
	if (msg_len && msg[msg_len - 1] == '\n')
		msg_len--;
	FUZZ_CHECK(len >= msg_len && memcmp(out + len - msg_len, msg, msg_len) == 0,
		   "MSG not carried whole");
	head = len - msg_len;
	for (size_t i = 0; i < head; i++)
		FUZZ_CHECK(out[i] >= 0x20 && out[i] < 0x7f, "byte 0x%02x in the header at %zu",
			   (unsigned char)out[i], i);
	if (octets) {
		char *end;
		unsigned long count = strtoul(out, &end, 10);

		FUZZ_CHECK(*end == ' ' && count == len - (size_t)(end + 1 - out),
			   "octet count %lu for %zu bytes", count, len - (size_t)(end + 1 - out));
	}
}

/* Reads back one field of a datagram at *pos; returns the value's length. */
static size_t journal_next(const char *d, size_t len, size_t *pos, const char *key,
			   const char **value)
{
	size_t klen = strlen(key), p = *pos, vlen;

	FUZZ_CHECK(p + klen + 1 <= len && memcmp(d + p, key, klen) == 0, "field %s missing", key);
	p += klen;
	if (d[p] == '=') {
		const char *nl = memchr(d + p + 1, '\n', len - p - 1);

		FUZZ_CHECK(nl, "field %s unterminated", key);
		vlen = (size_t)(nl - (d + p + 1));
		*value = d + p + 1;
		*pos = (size_t)(nl - d) + 1;
		return vlen;
	}
	FUZZ_CHECK(d[p] == '\n' && p + 9 <= len, "field %s: bad binary form", key);
	vlen = 0;
	for (int i = 7; i >= 0; i--)
		vlen = (vlen << 8) | (unsigned char)d[p + 1 + i];
	FUZZ_CHECK(p + 9 + vlen + 1 <= len && d[p + 9 + vlen] == '\n', "field %s: bad length", key);
	*value = d + p + 9;
	*pos = p + 9 + vlen + 1;
	return vlen;
}

static void check_journal(const char *summary, const char *line, size_t line_len, const char *id)
{
	static char frame[RENDER_JSON_LINE_MAX + 2048];
	const char *fields[][2] = {{"MESSAGE", summary},
				   {"PRIORITY", "6"},
				   {"CONTAINER_ID", id},
				   {"CTRWATCH_EVENT", line}};
	size_t lens[] = {strlen(summary), 1, strlen(id), line_len};
	size_t pos = 0, rd = 0;

	for (size_t i = 0; i < 4; i++)
		FUZZ_CHECK(journal__field(frame, sizeof(frame), &pos, fields[i][0], fields[i][1],
					  lens[i]) == 0,
			   "field %s refused", fields[i][0]);
	for (size_t i = 0; i < 4; i++) {
		const char *v;
		size_t n = journal_next(frame, pos, &rd, fields[i][0], &v);

		FUZZ_CHECK(n == lens[i] && memcmp(v, fields[i][1], n) == 0, "field %s changed",
			   fields[i][0]);
	}
	FUZZ_CHECK(rd == pos, "bytes after the last field");
	pos = 0;
	FUZZ_CHECK(journal__field(frame, 8, &pos, "CTRWATCH_EVENT", line, line_len) == -ENOSPC &&
		       pos == 0,
		   "a field larger than the datagram");
	FUZZ_CHECK(journal__field(frame, sizeof(frame), &pos, "_PID", "1", 1) == -EINVAL,
		   "trusted field name accepted");
}

/* A text log line quoting arbitrary bytes, into a buffer of 2..257 bytes. */
static void check_log_text(struct fuzz_in *in)
{
	char msg[512], line[256 + 2];
	size_t cap = 2 + fuzz_u8(in), n;

	fuzz_str(in, msg, sizeof(msg));
	n = log_format_line(LOG_FORMAT_TEXT, LOG_LVL_WARN, "2026-12-05T10:11:12.123456Z", msg, line,
			    cap);
	FUZZ_CHECK(n > 0 && n < cap && strlen(line) == n && line[n - 1] == '\n',
		   "log line length %zu of %zu", n, cap);
	FUZZ_CHECK(fuzz_utf8_valid(line, n), "log line: invalid UTF-8: %s", line);
	FUZZ_CHECK(fuzz_first_control(line, n - 1) < 0, "log line: control at %ld: %s",
		   fuzz_first_control(line, n - 1), line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[RENDER_JSON_LINE_MAX];
	char summary[1024], small[64];
	struct fuzz_in in = {data, size};
	struct fuzz_event ev;
	size_t len = 0, cut;

	fuzz_event__make(&in, &ev);
	cut = 1 + fuzz_u8(&in) % sizeof(small);
	check_summary(&ev, sizeof(summary), summary);
	check_summary(&ev, cut, small);
	if (render_json__event(&ev.in, line, sizeof(line), &len) != 0) {
		/* Not renderable as an event: the syslog and journal framing of arbitrary text. */
		len = in.n < sizeof(line) ? in.n : sizeof(line) - 1;
		memcpy(line, in.p, len);
		line[len] = '\0';
	}
	check_syslog(&in, line, len);
	check_log_text(&in);
	if (ev.in.cls)
		check_journal(summary, line, strlen(line),
			      ev.in.container ? ev.in.container->id : "");
	fuzz_event__free(&ev);
	return 0;
}
