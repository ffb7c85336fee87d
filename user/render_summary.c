// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "event_type.h"
#include "render_summary.h"

struct out {
	char *buf;
	size_t len;
	size_t pos;
};

/* Appends n bytes of s (stopping at NUL), control characters replaced by '?'. */
static void put_n(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i] && o->pos + 1 < o->len; i++) {
		unsigned char c = (unsigned char)s[i];

		o->buf[o->pos++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	o->buf[o->pos] = '\0';
}

static void put(struct out *o, const char *s)
{
	put_n(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(o, tmp);
}

/* Backs off a cut that split a UTF-8 sequence, so the line stays valid UTF-8. */
static void trim_utf8(struct out *o)
{
	size_t end = o->pos, start = end;

	while (start > 0 && ((unsigned char)o->buf[start - 1] & 0xc0) == 0x80)
		start--;
	if (start > 0 && ((unsigned char)o->buf[start - 1] & 0x80)) {
		unsigned char lead = (unsigned char)o->buf[start - 1];
		size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;

		if (end - (start - 1) < want)
			o->pos = start - 1;
	}
	o->buf[o->pos] = '\0';
}

int render_summary__event(const struct render_input *in, char *buf, size_t len)
{
	const struct ctw_header *h = in ? in->rec : NULL;
	struct out o = {buf, len, 0};
	const char *type;

	if (!h || !in->cls || len == 0)
		return -EINVAL;
	buf[0] = '\0';
	type = event_type__name(h->type);
	put(&o, type ? type : "event");
	put(&o, " by ");
	put_n(&o, h->comm[0] ? h->comm : "?", sizeof(h->comm));
	putf(&o, " (pid %u, uid %u)", h->pid, h->uid);
	if (in->container && in->container->id[0]) {
		put(&o, " in container ");
		put_n(&o, in->container->id, 12);
		if (in->meta && in->meta->name[0]) {
			put(&o, " (");
			put_n(&o, in->meta->name, sizeof(in->meta->name));
			put(&o, ")");
		}
	} else {
		put(&o, " on the host");
	}
	if ((h->flags & CTW_HDR_HAS_RET) && h->ret < 0) {
		const char *e = decode__errno_name(h->ret);

		if (e)
			putf(&o, ", denied (%s)", e);
		else
			putf(&o, ", denied (errno %lld)", (long long)-h->ret);
	}
	for (size_t i = 0; i < in->cls->n_reasons && i < CLASSIFY_MAX_REASONS; i++) {
		put(&o, i == 0 ? ": " : "; ");
		put_n(&o, in->cls->reasons[i], CLASSIFY_REASON_LEN);
	}
	trim_utf8(&o);
	return (int)o.pos;
}
