/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One line a person reads first: the journal's MESSAGE and Falco's "output".
 * "mount by mount (pid 4242, uid 0) in container 3f2a1b9c8d7e: block device
 * /dev/vda mounted inside container". Always valid UTF-8, and never contains a
 * control character (C0, DEL or C1): bytes that would be one, or that are not
 * UTF-8, are written as '?'.
 */
#ifndef CTRWATCH_RENDER_SUMMARY_H
#define CTRWATCH_RENDER_SUMMARY_H

#include <stddef.h>

#include "render_json.h"

/*
 * The summary of in's event into buf (NUL-terminated, cut at len - 1 bytes on
 * a UTF-8 boundary if it must be). Returns its length, or -EINVAL when in has
 * no record or no classification.
 */
int render_summary__event(const struct render_input *in, char *buf, size_t len);

#endif /* CTRWATCH_RENDER_SUMMARY_H */
