/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one way a module says what went wrong: it returns a negative errno (a
 * constructor NULL and errno) and, where the caller needs more than
 * strerror(), writes one line of text into a struct ctw_error the caller
 * passed. Modules never print it; main prints a start-up failure once.
 */
#ifndef CTRWATCH_ERROR_H
#define CTRWATCH_ERROR_H

#define CTW_ERROR_LEN 512

struct ctw_error {
	char msg[CTW_ERROR_LEN]; /* "" until a message is written; one line, no '\n' */
};

/*
 * Writes the message into err (NULL: nothing written) and returns -errnum, so
 * that a failing path reads `return ctw_error__set(err, EINVAL, "...", ...);`.
 */
int ctw_error__set(struct ctw_error *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What to print for a failure: the message when one was written, else strerror(errnum). */
const char *ctw_error__text(const struct ctw_error *err, int errnum);

#endif /* CTRWATCH_ERROR_H */
