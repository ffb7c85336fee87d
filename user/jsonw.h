/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A JSON writer into a caller-owned buffer: no allocation, so rendering an
 * event costs no malloc on the hot path. Output is compact (no whitespace,
 * never a newline) and always valid UTF-8: strings are escaped per RFC 8259
 * and every byte that is not part of a well-formed UTF-8 sequence is replaced
 * by U+FFFD, because kernel strings (paths, comm) are arbitrary bytes. DEL and
 * the C1 controls (U+0080..U+009F), legal raw in JSON, are escaped too: the
 * line is also a syslog message and a terminal's input, which act on them.
 *
 * Errors are sticky: once the buffer is full every call is a no-op and
 * jsonw__finish() reports -ENOSPC, so callers write without checking each step.
 * Commas are placed by the writer; callers only say key, value, begin, end.
 */
#ifndef CTRWATCH_JSONW_H
#define CTRWATCH_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct jsonw {
	char *buf;
	size_t len; /* capacity of buf */
	size_t pos; /* bytes written; buf[pos] is kept '\0' while there is room */
	bool overflow;
	bool need_comma; /* a value was completed at this level */
};

void jsonw__init(struct jsonw *w, char *buf, size_t len);
/* 0 and the length written (without the terminating NUL), or -ENOSPC. */
int jsonw__finish(struct jsonw *w, size_t *out_len);
/*
 * Append raw bytes outside any value, e.g. the closing '\n' of a JSON line.
 * Keeps one byte for the terminating NUL. Inline, as jsonw__key_quoted(): the
 * renderers call them for every piece of every event.
 */
static inline void jsonw__raw(struct jsonw *w, const char *s, size_t n)
{
	if (w->overflow)
		return;
	if (n >= w->len - w->pos) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->pos, s, n);
	w->pos += n;
	w->buf[w->pos] = '\0';
}

void jsonw__begin_object(struct jsonw *w);
void jsonw__end_object(struct jsonw *w);
void jsonw__begin_array(struct jsonw *w);
void jsonw__end_array(struct jsonw *w);
void jsonw__key(struct jsonw *w, const char *key);
/*
 * A key already quoted and followed by its ':', n bytes: written in one copy,
 * without the escaping scan. jsonw__key_lit() makes it from a string literal,
 * which must be plain printable ASCII without '"' or '\\' (the bytes that
 * would be escaped); keys were the largest cost of rendering an event.
 */
static inline void jsonw__key_quoted(struct jsonw *w, const char *quoted, size_t n)
{
	size_t need = n + w->need_comma;
	char *d;

	if (w->overflow || need >= w->len - w->pos) {
		if (w->need_comma)
			jsonw__raw(w, ",", 1);
		w->need_comma = false;
		jsonw__raw(w, quoted, n);
		return;
	}
	/* The comma and the key in place: the common case, a dozen times per event. */
	d = w->buf + w->pos;
	if (w->need_comma)
		*d++ = ',';
	memcpy(d, quoted, n);
	w->pos += need;
	w->buf[w->pos] = '\0';
	w->need_comma = false;
}
#define JSONW_QUOTED_KEY(lit) ("\"" lit "\":")
#define jsonw__key_lit(w, lit)                                                                     \
	jsonw__key_quoted((w), JSONW_QUOTED_KEY(lit), sizeof(JSONW_QUOTED_KEY(lit)) - 1)

void jsonw__string(struct jsonw *w, const char *s);
/*
 * At most n bytes of s, stopping at a NUL: for the kernel's fixed-size char
 * arrays, which need not be terminated. All n bytes must be readable (the scan
 * reads a word at a time): bound a C string of unknown length with strnlen.
 */
void jsonw__string_n(struct jsonw *w, const char *s, size_t n);
/*
 * The decimal digits of v written backwards so that they end just before end
 * (at most 20 bytes); returns how many. For writers that place a number
 * themselves.
 */
size_t jsonw__fmt_u64(char *end, uint64_t v);
/* A value already in JSON form (a number's digits, a string with its quotes, nothing to escape). */
void jsonw__raw_value(struct jsonw *w, const char *json, size_t n);
void jsonw__int(struct jsonw *w, int64_t v);
void jsonw__uint(struct jsonw *w, uint64_t v);
void jsonw__bool(struct jsonw *w, bool v);
void jsonw__null(struct jsonw *w);
/* A u64 as the string "0x%016llx": bit masks read better in hex, and a JSON
 * number above 2^53 loses precision in many parsers. */
void jsonw__hex64(struct jsonw *w, uint64_t v);
/* An array of strings. */
void jsonw__string_array(struct jsonw *w, const char *const *s, size_t n);

/*
 * Length of the well-formed UTF-8 sequence at s (at most n bytes, n > 0), or 0
 * if the byte at s does not start one. Rejects overlong forms, surrogates and
 * code points above U+10FFFF (RFC 3629), which strict JSON parsers refuse.
 * Strings are written with invalid bytes as U+FFFD; other text writers use it
 * to make the same choice.
 */
size_t jsonw__utf8_seq_len(const unsigned char *s, size_t n);

#endif /* CTRWATCH_JSONW_H */
