/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * An event for the renderers made from fuzzer bytes: a record of any type
 * (known or not) with arbitrary bytes in every field, including every string,
 * in a buffer of exactly header.size bytes so any read past it is caught; and
 * a container, metadata, cgroup path, hostname, classification and posture
 * findings, each present or not, with arbitrary bytes in their strings.
 */
#ifndef CTRWATCH_FUZZ_RECORD_H
#define CTRWATCH_FUZZ_RECORD_H

#include <json-c/json.h>

#include "fuzz.h"
#include "posture.h"
#include "render_json.h"

struct fuzz_event {
	struct render_input in;
	struct ctw_header *rec;
	struct container_ref container;
	struct container_meta meta;
	struct classification cls;
	char detection_ids[CLASSIFY_MAX_REASONS][16];
	char cgroup_path[512];
	char hostname[128];
	struct posture_finding findings[POSTURE_CHECK_MAX];
};

static inline void fuzz_event__make(struct fuzz_in *in, struct fuzz_event *ev)
{
	uint8_t flags = fuzz_u8(in), type = fuzz_u8(in);
	size_t full, size;

	memset(ev, 0, sizeof(*ev));
	/* Mostly the types there are, sometimes one that is not. */
	type = type < 0xf0 ? type % (CTW_EVENT_TYPE_MAX + 1) : type;
	full = ctw_event_size(type) ? ctw_event_size(type) : sizeof(struct ctw_header);
	size = flags & 0x80 ? sizeof(struct ctw_header) + fuzz_u8(in) % (full - sizeof(struct ctw_header) + 1)
			    : full;
	ev->rec = malloc(size);
	if (!ev->rec)
		abort();
	fuzz_bytes(in, ev->rec, size);
	ev->rec->type = type;
	ev->rec->size = (uint16_t)size;
	ev->in.rec = ev->rec;
	ev->in.boot_to_realtime_ns = (int64_t)(fuzz_u64(in) % (1ull << 62));

	if (flags & 1) {
		fuzz_bytes(in, &ev->container, sizeof(ev->container));
		ev->container.id[CONTAINER_ID_LEN] = '\0';
		ev->container.pod_uid[POD_UID_LEN] = '\0';
		ev->in.container = &ev->container;
	}
	if (flags & 2) {
		/* Metadata fields are filled by snprintf: always terminated. */
		fuzz_str(in, ev->meta.name, sizeof(ev->meta.name));
		fuzz_str(in, ev->meta.image, sizeof(ev->meta.image));
		fuzz_str(in, ev->meta.pod, sizeof(ev->meta.pod));
		fuzz_str(in, ev->meta.namespace, sizeof(ev->meta.namespace));
		ev->in.meta = &ev->meta;
	}
	if (flags & 4) {
		fuzz_str(in, ev->cgroup_path, sizeof(ev->cgroup_path));
		ev->in.cgroup_path = ev->cgroup_path;
	}
	if (flags & 8) {
		fuzz_str(in, ev->hostname, sizeof(ev->hostname));
		ev->in.hostname = ev->hostname;
	}
	ev->cls.severity = (enum severity)(fuzz_u8(in) % (SEVERITY_MAX + 1));
	ev->cls.flags = fuzz_u8(in);
	ev->cls.n_reasons = fuzz_u8(in) % (CLASSIFY_MAX_REASONS + 2);
	/* Reasons are fixed arrays the classifier terminates; the renderers must not rely on it. */
	for (size_t i = 0; i < CLASSIFY_MAX_REASONS && i < ev->cls.n_reasons; i++)
		fuzz_bytes(in, ev->cls.reasons[i], fuzz_u8(in) & 1 ? CLASSIFY_REASON_LEN : 40);
	ev->cls.n_detections = fuzz_u8(in) % (CLASSIFY_MAX_REASONS + 2);
	for (size_t i = 0; i < CLASSIFY_MAX_REASONS && i < ev->cls.n_detections; i++) {
		uint8_t pick = fuzz_u8(in);

		if (pick < 0x40) {
			ev->cls.detections[i] = NULL;
		} else if (pick < 0x80) {
			fuzz_str(in, ev->detection_ids[i], sizeof(ev->detection_ids[i]));
			ev->cls.detections[i] = ev->detection_ids[i];
		} else {
			snprintf(ev->detection_ids[i], sizeof(ev->detection_ids[i]), "CTW-%03u",
				 pick % 24);
			ev->cls.detections[i] = ev->detection_ids[i];
		}
	}
	ev->in.cls = flags & 0x40 ? NULL : &ev->cls;
	ev->in.n_findings = fuzz_u8(in) % (POSTURE_CHECK_MAX + 1);
	for (size_t i = 0; i < ev->in.n_findings; i++) {
		ev->findings[i].check = (enum posture_check_id)(fuzz_u8(in) % (POSTURE_CHECK_MAX + 2));
		ev->findings[i].cis = fuzz_u8(in) & 1 ? "5.1" : NULL;
		fuzz_str(in, ev->findings[i].detail, sizeof(ev->findings[i].detail));
	}
	ev->in.findings = flags & 0x20 ? NULL : ev->findings;
}

static inline void fuzz_event__free(struct fuzz_event *ev)
{
	free(ev->rec);
}

/*
 * line[0..len) is exactly one JSON object followed by '\n', valid UTF-8 with
 * no raw control character (C0, DEL, C1: all escaped), as json-c's parser
 * reads it; returns it parsed (json_object_put it).
 */
static inline struct json_object *fuzz_check_json_line(const char *line, size_t len)
{
	struct json_tokener *tok;
	struct json_object *obj;

	FUZZ_CHECK(len > 0 && strlen(line) == len, "length %zu, strlen %zu", len, strlen(line));
	FUZZ_CHECK(line[len - 1] == '\n' && memchr(line, '\n', len) == line + len - 1,
		   "not one line: %s", line);
	FUZZ_CHECK(fuzz_utf8_valid(line, len), "invalid UTF-8: %s", line);
	FUZZ_CHECK(fuzz_first_control(line, len - 1) < 0, "raw control character at %ld: %s",
		   fuzz_first_control(line, len - 1), line);
	tok = json_tokener_new();
	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, line, (int)len - 1);
	FUZZ_CHECK(obj && json_tokener_get_error(tok) == json_tokener_success,
		   "json-c refuses it (%s): %s",
		   json_tokener_error_desc(json_tokener_get_error(tok)), line);
	FUZZ_CHECK(json_tokener_get_parse_end(tok) == len - 1, "trailing bytes after the object: %s",
		   line);
	FUZZ_CHECK(json_object_is_type(obj, json_type_object), "not an object: %s", line);
	json_tokener_free(tok);
	return obj;
}

#endif /* CTRWATCH_FUZZ_RECORD_H */
