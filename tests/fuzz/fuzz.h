/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared by the libFuzzer targets (tests/fuzz/README.md): reading structured
 * values off the fuzzer's bytes, handing bytes to parsers that want a file,
 * and the output checks (UTF-8, control characters) written independently of
 * the code under test, so that a bug shared by both cannot hide.
 */
#ifndef CTRWATCH_FUZZ_H
#define CTRWATCH_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A finding: print what broke and abort, which libFuzzer reports as a crash. */
#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz check failed: %s: ", #cond);                         \
			fprintf(stderr, __VA_ARGS__);                                              \
			fprintf(stderr, "\n");                                                     \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = in->p[0];
		in->p++;
		in->n--;
	}
	return v;
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | fuzz_u8(in);
	return v;
}

/* Fills len bytes of dst, zeros once the input runs out. */
static inline void fuzz_bytes(struct fuzz_in *in, void *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;

	memcpy(dst, in->p, k);
	memset((char *)dst + k, 0, len - k);
	in->p += k;
	in->n -= k;
}

/* A length byte, then that many bytes (any value but NUL ends the C string), NUL-terminated. */
static inline void fuzz_str(struct fuzz_in *in, char *dst, size_t cap)
{
	size_t len = fuzz_u8(in);

	if (len > cap - 1)
		len = cap - 1;
	fuzz_bytes(in, dst, len);
	dst[len] = '\0';
}

/* The rest of the input as a NUL-terminated malloc'ed string (embedded NULs kept in *len). */
static inline char *fuzz_rest(struct fuzz_in *in, size_t *len)
{
	char *s = malloc(in->n + 1);

	if (!s)
		abort();
	memcpy(s, in->p, in->n);
	s[in->n] = '\0';
	if (len)
		*len = in->n;
	in->p += in->n;
	in->n = 0;
	return s;
}

/*
 * Bytes as a file, for parsers that take a path: one memfd per process,
 * rewritten per input; the path is /proc/self/fd/N.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	return path;
}

/*
 * The length of the UTF-8 character at s, or 0 when s does not start a
 * well-formed one (RFC 3629: no overlong forms, surrogates or values above
 * U+10FFFF); *cp gets its code point. Decodes, where the writer compares ranges.
 */
static inline size_t fuzz_utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t v, min;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, v = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, v = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

static inline bool fuzz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t len = fuzz_utf8_char(u + i, n - i, &cp);

		if (!len)
			return false;
		i += len;
	}
	return true;
}

/* The offset of the first C0, DEL or C1 control character in valid UTF-8 text, or -1. */
static inline long fuzz_first_control(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t len = fuzz_utf8_char(u + i, n - i, &cp);

		if (!len)
			return (long)i;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return (long)i;
		i += len;
	}
	return -1;
}

#endif /* CTRWATCH_FUZZ_H */
