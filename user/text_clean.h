/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Strings a workload controls (command names, paths, container names) made safe for a line of
 * text a person or a log reader sees: valid UTF-8 without control characters. C0, DEL and C1
 * (U+0080..U+009F, which terminals obey too) and every byte that is not part of a
 * well-formed UTF-8 sequence become '?'. One line can then not pose as two, nor move a
 * terminal's cursor.
 */
#ifndef CTRWATCH_TEXT_CLEAN_H
#define CTRWATCH_TEXT_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes at most n bytes of src (stopping at a NUL) cleaned into dst[0..cap), NUL-terminated,
 * and returns the bytes written before the NUL. A character that does not fit whole is left
 * out with everything after it, so a cut string stays valid UTF-8; *cut (may be NULL) says
 * whether that happened. cap 0 writes nothing.
 */
size_t text__clean(char *dst, size_t cap, const char *src, size_t n, bool *cut);

#endif /* CTRWATCH_TEXT_CLEAN_H */
