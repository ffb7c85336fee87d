// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The one-line summary (journal MESSAGE, Falco "output") for strings that carry every C1
 * control, as UTF-8 (U+0080..U+009F) and as raw bytes, in each place a workload controls:
 * the command name, the container's name and the reasons. The line must stay valid UTF-8
 * without a C0, DEL or C1 character, and keep the characters that are not controls.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "render_summary.h"

#define CTR_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Decodes the well-formed UTF-8 character at s; 0 when there is none. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, min = 0x80, *cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, min = 0x800, *cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, min = 0x10000, *cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* Valid UTF-8 and no C0, DEL or C1 character. */
static bool clean_text(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_char(u + i, n - i, &cp);

		if (!len || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return false;
		i += len;
	}
	return true;
}

struct fixture {
	struct ctw_header h;
	struct classification cls;
	struct container_ref ctr;
	struct container_meta meta;
	struct render_input in;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->h.type = CTW_EVENT_SETUID;
	f->h.size = sizeof(f->h);
	f->h.pid = 42;
	strcpy(f->h.comm, "x");
	f->cls.severity = SEVERITY_WARNING;
	f->ctr.runtime = RUNTIME_DOCKER;
	strcpy(f->ctr.id, CTR_ID);
	strcpy(f->meta.name, "web");
	f->in = (struct render_input){.rec = &f->h, .cls = &f->cls};
	f->in.container = &f->ctr;
	f->in.meta = &f->meta;
}

/* Renders and checks the line; returns it in out. */
static void render(struct fixture *f, char *out, size_t len, const char *what)
{
	int n = render_summary__event(&f->in, out, len);

	ASSERT_TRUE(n > 0 && (size_t)n == strlen(out), what);
	ASSERT_TRUE(clean_text(out), what);
}

static void test_c1_as_utf8(void)
{
	struct fixture f;
	char out[512], what[96], want[64];

	for (unsigned int cp = 0x80; cp <= 0x9f; cp++) {
		char c1[3] = {(char)0xc2, (char)cp, '\0'};

		fixture_init(&f);
		snprintf(f.h.comm, sizeof(f.h.comm), "a%sb", c1);
		snprintf(f.meta.name, sizeof(f.meta.name), "n%sm", c1);
		f.cls.n_reasons = 1;
		snprintf(f.cls.reasons[0], sizeof(f.cls.reasons[0]), "r%ss", c1);
		snprintf(what, sizeof(what), "U+%04X in comm, name and reason", cp);
		render(&f, out, sizeof(out), what);
		snprintf(want, sizeof(want), "setuid by a?b (pid 42, uid 0)");
		ASSERT_TRUE(strncmp(out, want, strlen(want)) == 0, what);
		ASSERT_TRUE(strstr(out, "(n?m): r?s") != NULL, what);
	}
}

static void test_raw_bytes(void)
{
	struct fixture f;
	char out[512], what[96];

	/* Every byte >= 0x80 alone, between ASCII letters, is no UTF-8 character at all. */
	for (unsigned int b = 0x80; b <= 0xff; b++) {
		fixture_init(&f);
		f.h.comm[0] = 'a';
		f.h.comm[1] = (char)b;
		f.h.comm[2] = 'b';
		f.h.comm[3] = '\0';
		snprintf(what, sizeof(what), "raw byte 0x%02x in comm", b);
		render(&f, out, sizeof(out), what);
		ASSERT_TRUE(strncmp(out, "setuid by a?b (pid", 18) == 0, what);
	}
	/* C0 and DEL in a reason; overlong, surrogate and cut sequences in the name. */
	fixture_init(&f);
	f.cls.n_reasons = 1;
	strcpy(f.cls.reasons[0], "a\x01\x1b[2J\x7f\nz");
	strcpy(f.meta.name, "\xc0\xaf\xed\xa0\x80\xe2\x82");
	render(&f, out, sizeof(out), "C0, DEL and malformed UTF-8");
	ASSERT_TRUE(strstr(out, ": a??[2J??z") != NULL, "C0 and DEL become '?'");
	ASSERT_TRUE(strstr(out, "(???????"
				")") != NULL,
		    "each malformed byte becomes '?'");
}

static void test_text_kept(void)
{
	struct fixture f;
	char out[512];

	fixture_init(&f);
	/* U+00A0, U+00E9, U+20AC, U+1F427: the first characters after C1 are text. */
	strcpy(f.meta.name, "\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xa7");
	render(&f, out, sizeof(out), "non-control characters");
	ASSERT_TRUE(strstr(out, "(\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xa7)") != NULL,
		    "characters above U+009F kept as they are");
}

int main(void)
{
	test_c1_as_utf8();
	test_raw_bytes();
	test_text_kept();
	return check_summary("render_summary");
}
