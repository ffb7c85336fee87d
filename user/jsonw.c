// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"

void jsonw__init(struct jsonw *w, char *buf, size_t len)
{
	w->buf = buf;
	w->len = len;
	w->pos = 0;
	w->overflow = len == 0;
	w->need_comma = false;
	if (len)
		buf[0] = '\0';
}

int jsonw__finish(struct jsonw *w, size_t *out_len)
{
	if (w->overflow)
		return -ENOSPC;
	if (out_len)
		*out_len = w->pos;
	return 0;
}

static void put_c(struct jsonw *w, char c)
{
	jsonw__raw(w, &c, 1);
}

/* Before any value or key: separate it from the previous one at this level. */
static void sep(struct jsonw *w)
{
	if (w->need_comma)
		put_c(w, ',');
	w->need_comma = false;
}

void jsonw__begin_object(struct jsonw *w)
{
	sep(w);
	put_c(w, '{');
}

void jsonw__end_object(struct jsonw *w)
{
	put_c(w, '}');
	w->need_comma = true;
}

void jsonw__begin_array(struct jsonw *w)
{
	sep(w);
	put_c(w, '[');
}

void jsonw__end_array(struct jsonw *w)
{
	put_c(w, ']');
	w->need_comma = true;
}

size_t jsonw__utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* Bytes that go into a JSON string as they are: printable ASCII but '"' and '\\'. */
static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/*
 * The length of the run of plain bytes at s, up to n: eight bytes at a time
 * while they last, then byte by byte. This scan was the largest single cost
 * of rendering an event. A word is all plain when no byte has its high bit
 * set (>= 0x80), none goes below zero when 0x20 is taken from it (< 0x20),
 * and none is zero after xor with '"', '\\' or DEL and so goes below zero
 * when 1 is taken from it. For printable ASCII none of these subtractions
 * borrows, so a plain word never looks otherwise.
 */
static size_t plain_run(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if ((x | (x - ones * 0x20) | ((x ^ (ones * '"')) - ones) |
		     ((x ^ (ones * '\\')) - ones) | ((x ^ (ones * 0x7f)) - ones)) &
		    highs)
			break;
	}
	while (i < n && is_plain(s[i]))
		i++;
	return i;
}

static void put_escaped(struct jsonw *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, plain;

	/* The common case, nothing to escape (keys, names, numbers as text): one copy. */
	plain = plain_run(s, n);
	if ((plain == n || s[plain] == 0) && !w->overflow && plain + 2 < w->len - w->pos) {
		char *d = w->buf + w->pos;

		d[0] = '"';
		memcpy(d + 1, str, plain);
		d[plain + 1] = '"';
		w->pos += plain + 2;
		w->buf[w->pos] = '\0';
		return;
	}
	put_c(w, '"');
	while (i < n && s[i]) {
		unsigned char c = s[i];
		size_t run = i;

		/* Copy the longest run that needs no escaping in one go. */
		run += plain_run(s + i, n - i);
		if (run > i) {
			jsonw__raw(w, str + i, run - i);
			i = run;
			continue;
		}
		if (c >= 0x80) {
			size_t len = jsonw__utf8_seq_len(s + i, n - i);

			/*
			 * C1 controls (U+0080..U+009F) are legal raw in JSON, but terminals
			 * and syslog readers act on them: escaped like C0 and DEL.
			 */
			if (len == 2 && c == 0xc2 && s[i + 1] < 0xa0) {
				char u[6] = {
				    '\\', 'u', '0', '0', hex[s[i + 1] >> 4], hex[s[i + 1] & 0xf]};

				jsonw__raw(w, u, sizeof(u));
				i += len;
			} else if (len) {
				jsonw__raw(w, str + i, len);
				i += len;
			} else {
				jsonw__raw(w, "\xef\xbf\xbd", 3); /* U+FFFD */
				i++;
			}
			continue;
		}
		switch (c) {
		case '"':
			jsonw__raw(w, "\\\"", 2);
			break;
		case '\\':
			jsonw__raw(w, "\\\\", 2);
			break;
		case '\n':
			jsonw__raw(w, "\\n", 2);
			break;
		case '\r':
			jsonw__raw(w, "\\r", 2);
			break;
		case '\t':
			jsonw__raw(w, "\\t", 2);
			break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};

			jsonw__raw(w, u, sizeof(u));
		}
		}
		i++;
	}
	put_c(w, '"');
}

void jsonw__key(struct jsonw *w, const char *key)
{
	sep(w);
	put_escaped(w, key, strlen(key));
	put_c(w, ':');
}

void jsonw__string_n(struct jsonw *w, const char *s, size_t n)
{
	sep(w);
	put_escaped(w, s, n);
	w->need_comma = true;
}

void jsonw__string(struct jsonw *w, const char *s)
{
	jsonw__string_n(w, s, strlen(s));
}

void jsonw__raw_value(struct jsonw *w, const char *json, size_t n)
{
	sep(w);
	jsonw__raw(w, json, n);
	w->need_comma = true;
}

static void put_fmt_value(struct jsonw *w, const char *text, int n)
{
	sep(w);
	if (n > 0)
		jsonw__raw(w, text, (size_t)n);
	w->need_comma = true;
}

/*
 * Digits by hand, two at a time from a table: snprintf() was the largest cost
 * of rendering an event (a dozen numbers per event, each a trip through
 * vfprintf), and then the division per digit.
 */
static const char digit_pairs[201] = "00010203040506070809"
				     "10111213141516171819"
				     "20212223242526272829"
				     "30313233343536373839"
				     "40414243444546474849"
				     "50515253545556575859"
				     "60616263646566676869"
				     "70717273747576777879"
				     "80818283848586878889"
				     "90919293949596979899";

size_t jsonw__fmt_u64(char *end, uint64_t v)
{
	char *p = end;

	while (v >= 100) {
		unsigned int r = (unsigned int)(v % 100);

		v /= 100;
		p -= 2;
		memcpy(p, digit_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	return (size_t)(end - p);
}

void jsonw__int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	/* The magnitude as unsigned: -INT64_MIN overflows int64_t. */
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n = jsonw__fmt_u64(tmp + sizeof(tmp), mag);

	if (v < 0)
		tmp[sizeof(tmp) - ++n] = '-';
	put_fmt_value(w, tmp + sizeof(tmp) - n, (int)n);
}

void jsonw__uint(struct jsonw *w, uint64_t v)
{
	char tmp[24];
	size_t n = jsonw__fmt_u64(tmp + sizeof(tmp), v);

	put_fmt_value(w, tmp + sizeof(tmp) - n, (int)n);
}

void jsonw__hex64(struct jsonw *w, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[21] = "\"0x";

	for (int i = 0; i < 16; i++)
		tmp[3 + i] = hex[(v >> (60 - 4 * i)) & 0xf];
	tmp[19] = '"';
	put_fmt_value(w, tmp, 20);
}

void jsonw__bool(struct jsonw *w, bool v)
{
	put_fmt_value(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw__null(struct jsonw *w)
{
	put_fmt_value(w, "null", 4);
}

void jsonw__string_array(struct jsonw *w, const char *const *s, size_t n)
{
	jsonw__begin_array(w);
	for (size_t i = 0; i < n; i++)
		jsonw__string(w, s[i]);
	jsonw__end_array(w);
}
