// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The JSON writer: escaping, UTF-8 repair, comma placement, overflow. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "jsonw.h"

#include "util.h" /* ARRAY_SIZE */
#define FFFD "\xef\xbf\xbd"

static void test_strings(void)
{
	static const struct {
		const char *what;
		const char *in;
		size_t n; /* bytes of in to pass; 0: strlen */
		const char *want;
	} cases[] = {
	    {"plain", "/mnt/a b", 0, "\"/mnt/a b\""},
	    {"empty", "", 0, "\"\""},
	    {"quote and backslash", "a\"b\\c", 0, "\"a\\\"b\\\\c\""},
	    {"short escapes", "\n\r\t", 0, "\"\\n\\r\\t\""},
	    {"other controls", "\x01\x1f\b\f", 0, "\"\\u0001\\u001f\\u0008\\u000c\""},
	    /* Legal raw in JSON, but terminals and syslog readers act on them. */
	    {"DEL is escaped", "\x7f", 0, "\"\\u007f\""},
	    {"C1 controls are escaped", "\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f", 0,
	     "\"\\u0080\\u0085\\u009b\\u009f\""},
	    {"U+00A0 and above are not controls", "\xc2\xa0\xc2\xbf", 0, "\"\xc2\xa0\xc2\xbf\""},
	    {"C1 as raw bytes is not UTF-8", "\x85\x9b", 0, "\"" FFFD FFFD "\""},
	    {"slash is not escaped", "/", 0, "\"/\""},
	    {"2-byte utf8", "\xc3\xa9", 0, "\"\xc3\xa9\""},
	    {"3-byte utf8", "\xe2\x82\xac", 0, "\"\xe2\x82\xac\""},
	    {"4-byte utf8", "\xf0\x9f\x90\xa7", 0, "\"\xf0\x9f\x90\xa7\""},
	    {"lone continuation", "\x80", 0, "\"" FFFD "\""},
	    {"invalid lead bytes", "\xff\xfe\xc0\xc1\xf5", 0, "\"" FFFD FFFD FFFD FFFD FFFD "\""},
	    {"overlong slash", "\xc0\xaf", 0, "\"" FFFD FFFD "\""},
	    {"overlong 3-byte", "\xe0\x80\xaf", 0, "\"" FFFD FFFD FFFD "\""},
	    {"surrogate", "\xed\xa0\x80", 0, "\"" FFFD FFFD FFFD "\""},
	    {"above U+10FFFF", "\xf4\x90\x80\x80", 0, "\"" FFFD FFFD FFFD FFFD "\""},
	    {"truncated at end", "ab\xe2\x82", 0, "\"ab" FFFD FFFD "\""},
	    {"bad continuation", "\xe2\x28\xa1", 0, "\"" FFFD "(" FFFD "\""},
	    /* A sequence cut by the length limit is not read past it. */
	    {"cut by n", "\xc3\xa9", 1, "\"" FFFD "\""},
	    {"stops at n", "abcdef", 3, "\"abc\""},
	    {"stops at NUL before n", "ab\0cd", 5, "\"ab\""},
	    /* Long enough for the eight-at-a-time scan: the odd byte in each word position. */
	    {"quote in the second word", "abcdefgh\"ijklmno", 0, "\"abcdefgh\\\"ijklmno\""},
	    {"backslash ending a word", "abcdefghijklmno\\p", 0, "\"abcdefghijklmno\\\\p\""},
	    {"control in the first word",
	     "abc\x01"
	     "defghijk",
	     0, "\"abc\\u0001defghijk\""},
	    {"utf8 after a plain word", "/usr/bin\xc3\xa9t\xc3\xa9", 0,
	     "\"/usr/bin\xc3\xa9t\xc3\xa9\""},
	    {"space and tilde are plain", " ~ ~ ~ ~ ~ ~ ~ ~ ~ ~", 0, "\" ~ ~ ~ ~ ~ ~ ~ ~ ~ ~\""},
	    {"DEL in a long run", "abcdefghij\x7fklmnop", 0, "\"abcdefghij\\u007fklmnop\""},
	    {"C1 in a long run", "abcdefghij\xc2\x9bklmnop", 0, "\"abcdefghij\\u009bklmnop\""},
	    {"NUL inside a word", "abcdefghijk\0zzzzzzzz", 20, "\"abcdefghijk\""},
	    {"invalid byte deep in a run", "0123456789abcdef\xff!", 0,
	     "\"0123456789abcdef" FFFD "!\""},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[128];
		struct jsonw w;
		size_t len = 0;
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);

		jsonw__init(&w, buf, sizeof(buf));
		jsonw__string_n(&w, cases[i].in, n);
		ASSERT_EQ(jsonw__finish(&w, &len), 0, cases[i].what);
		ASSERT_STR_EQ(buf, cases[i].want, cases[i].what);
		ASSERT_EQ(len, strlen(cases[i].want), cases[i].what);
	}
}

static void test_structure(void)
{
	static const char *const names[] = {"a", "b"};
	char buf[256];
	struct jsonw w;
	size_t len;

	jsonw__init(&w, buf, sizeof(buf));
	jsonw__begin_object(&w);
	jsonw__key(&w, "i");
	jsonw__int(&w, -5);
	jsonw__key(&w, "u");
	jsonw__uint(&w, 18446744073709551615ull);
	jsonw__key(&w, "h");
	jsonw__hex64(&w, 0x1ff);
	jsonw__key(&w, "o");
	jsonw__begin_object(&w);
	jsonw__end_object(&w);
	jsonw__key(&w, "a");
	jsonw__begin_array(&w);
	jsonw__null(&w);
	jsonw__bool(&w, true);
	jsonw__bool(&w, false);
	jsonw__begin_array(&w);
	jsonw__end_array(&w);
	jsonw__string_array(&w, names, 2);
	jsonw__end_array(&w);
	jsonw__end_object(&w);
	ASSERT_EQ(jsonw__finish(&w, &len), 0, "structure fits");
	ASSERT_STR_EQ(buf,
		      "{\"i\":-5,\"u\":18446744073709551615,\"h\":\"0x00000000000001ff\",\"o\":{},"
		      "\"a\":[null,true,false,[],[\"a\",\"b\"]]}",
		      "commas and nesting");
}

static void test_overflow(void)
{
	char buf[8];
	struct jsonw w;
	size_t len = 99;

	jsonw__init(&w, buf, sizeof(buf));
	jsonw__string(&w, "1234567"); /* 9 bytes with quotes */
	jsonw__null(&w);
	ASSERT_EQ(jsonw__finish(&w, &len), -ENOSPC, "overflow is reported");
	ASSERT_EQ(len, 99, "no length on overflow");
	ASSERT_TRUE(memchr(buf, '\0', sizeof(buf)) != NULL, "buffer stays terminated");

	/* 7 bytes of content + NUL fill 8 exactly. */
	jsonw__init(&w, buf, sizeof(buf));
	jsonw__string(&w, "12345");
	ASSERT_EQ(jsonw__finish(&w, &len), 0, "exact fit");
	ASSERT_EQ(len, 7, "exact fit length");

	jsonw__init(&w, buf, 0);
	ASSERT_EQ(jsonw__finish(&w, &len), -ENOSPC, "zero-size buffer");
}

/* Every digit count and the edges, checked against snprintf's digits. */
static void test_numbers(void)
{
	static const struct {
		int64_t v;
		const char *want;
	} ints[] = {
	    {0, "0"},
	    {-1, "-1"},
	    {9, "9"},
	    {-10, "-10"},
	    {99, "99"},
	    {100, "100"},
	    {INT64_MAX, "9223372036854775807"},
	    {INT64_MIN, "-9223372036854775808"},
	    {INT64_MIN + 1, "-9223372036854775807"},
	};
	char buf[64], want[32], digits[24];
	struct jsonw w;
	uint64_t v = 1;
	size_t n;

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		jsonw__init(&w, buf, sizeof(buf));
		jsonw__int(&w, ints[i].v);
		ASSERT_STR_EQ(buf, ints[i].want, ints[i].want);
	}
	jsonw__init(&w, buf, sizeof(buf));
	jsonw__uint(&w, UINT64_MAX);
	ASSERT_STR_EQ(buf, "18446744073709551615", "uint max u64");
	jsonw__init(&w, buf, sizeof(buf));
	jsonw__uint(&w, 0);
	ASSERT_STR_EQ(buf, "0", "uint zero");
	/* 10^k - 1, 10^k and 10^k + 1 for every k: each digit count, odd and even. */
	for (int k = 0; k < 20; k++, v *= 10) {
		const uint64_t near[] = {v - 1, v, v + 1, v * 5 + 7};

		for (size_t j = 0; j < 4; j++) {
			snprintf(want, sizeof(want), "%" PRIu64, near[j]);
			n = jsonw__fmt_u64(digits + sizeof(digits), near[j]);
			ASSERT_EQ(n, strlen(want), want);
			ASSERT_TRUE(memcmp(digits + sizeof(digits) - n, want, n) == 0, want);
		}
	}
}

static void test_key_lit(void)
{
	char buf[64], slow[64];
	struct jsonw w;

	jsonw__init(&w, buf, sizeof(buf));
	jsonw__begin_object(&w);
	jsonw__key_lit(&w, "pid");
	jsonw__uint(&w, 1);
	jsonw__key_lit(&w, "old_fsuid");
	jsonw__null(&w);
	jsonw__end_object(&w);
	jsonw__init(&w, slow, sizeof(slow));
	jsonw__begin_object(&w);
	jsonw__key(&w, "pid");
	jsonw__uint(&w, 1);
	jsonw__key(&w, "old_fsuid");
	jsonw__null(&w);
	jsonw__end_object(&w);
	ASSERT_STR_EQ(buf, "{\"pid\":1,\"old_fsuid\":null}", "quoted keys and commas");
	ASSERT_STR_EQ(buf, slow, "a literal key writes what jsonw__key writes");

	/* "pid": is 6 bytes, and the NUL needs a seventh. */
	jsonw__init(&w, buf, 6);
	jsonw__key_lit(&w, "pid");
	ASSERT_EQ(jsonw__finish(&w, NULL), -ENOSPC, "a key that does not fit overflows");
	jsonw__init(&w, buf, 7);
	jsonw__key_lit(&w, "pid");
	ASSERT_EQ(jsonw__finish(&w, NULL), 0, "a key that fits exactly");
}

int main(void)
{
	test_strings();
	test_structure();
	test_overflow();
	test_numbers();
	test_key_lit();
	return check_summary("jsonw");
}
