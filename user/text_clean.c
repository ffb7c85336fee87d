// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "jsonw.h"
#include "text_clean.h"

size_t text__clean(char *dst, size_t cap, const char *src, size_t n, bool *cut)
{
	const unsigned char *u = (const unsigned char *)src;
	size_t i = 0, pos = 0;

	if (cut)
		*cut = false;
	if (cap == 0)
		return 0;
	while (i < n && u[i]) {
		size_t len = jsonw__utf8_seq_len(u + i, n - i);
		bool control = len == 0 || u[i] < 0x20 || u[i] == 0x7f ||
			       (len == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0);

		if (pos + (control ? 1 : len) >= cap) {
			if (cut)
				*cut = true;
			break;
		}
		if (control) {
			dst[pos++] = '?';
			i += len ? len : 1;
			continue;
		}
		memcpy(dst + pos, src + i, len);
		pos += len;
		i += len;
	}
	dst[pos] = '\0';
	return pos;
}
