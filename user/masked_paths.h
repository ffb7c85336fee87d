/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The paths container runtimes hide (maskedPaths: /dev/null or an empty
 * read-only tmpfs mounted over them) or make read-only (readonlyPaths), and
 * how a mount-family call's path relates to them.
 */
#ifndef CTRWATCH_MASKED_PATHS_H
#define CTRWATCH_MASKED_PATHS_H

#include <stdbool.h>
#include <stddef.h>

enum masked_kind {
	MASKED_HIDDEN = 0,   /* maskedPaths */
	MASKED_READONLY = 1, /* readonlyPaths */
};

struct masked_path {
	const char *path;
	enum masked_kind kind;
};

/*
 * Lexical normal form of an absolute path: "//", "." and ".." folded, no
 * trailing "/", a "/proc/self/root" or "/proc/thread-self/root" prefix (the
 * caller's own root) dropped. Symlinks are not followed: a record holds the
 * string the caller passed. Returns 0, -EINVAL for a relative path (its
 * directory is unknown here), -ENAMETOOLONG when out is too small.
 */
int masked_path__normalize(const char *path, char *out, size_t len);

/* The masked or read-only path that `path` (normalised) is, or lies under; NULL if none. */
const struct masked_path *masked_path__covering(const char *path);

/*
 * The first masked or read-only path that lies strictly under `path`
 * (normalised): "/proc" → "/proc/acpi". NULL if none.
 */
const struct masked_path *masked_path__below(const char *path);

#endif /* CTRWATCH_MASKED_PATHS_H */
