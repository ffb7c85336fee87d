// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "event_type.h"
#include "jsonw.h"
#include "render_summary.h"
#include "text_clean.h"

struct out {
	char *buf;
	size_t len;
	size_t pos;
	bool full; /* cut: nothing more is appended, not even what would still fit */
};

/* Appends n bytes of s (stopping at NUL) cleaned: see text_clean.h. */
static void put_n(struct out *o, const char *s, size_t n)
{
	bool cut;

	if (o->full)
		return;
	o->pos += text__clean(o->buf + o->pos, o->len - o->pos, s, n, &cut);
	o->full = cut;
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

int render_summary__event(const struct render_input *in, char *buf, size_t len)
{
	const struct ctw_header *h = in ? in->rec : NULL;
	struct out o = {buf, len, 0, false};
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
			putf(&o, ", denied (errno %llu)",
			     (unsigned long long)(0 - (uint64_t)h->ret));
	}
	for (size_t i = 0; i < in->cls->n_reasons && i < CLASSIFY_MAX_REASONS; i++) {
		put(&o, i == 0 ? ": " : "; ");
		put_n(&o, in->cls->reasons[i], CLASSIFY_REASON_LEN);
	}
	return (int)o.pos;
}
