/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The YAML configuration file (docs/detections.md, packaging/ctrwatch.yaml):
 * what to emit, which detections run, and the exceptions that silence them.
 */
#ifndef CTRWATCH_CONFIG_H
#define CTRWATCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detections.h"
#include "error.h"
#include "severity.h"
#include "sink.h"

#define CONFIG_DEFAULT_PATH "/etc/ctrwatch/ctrwatch.yaml"
/* Bounds on what a config file can make us hold. */
#define CONFIG_MAX_EXCEPTIONS 1024
#define CONFIG_MAX_RUNTIMES 64
#define CONFIG_MAX_RUNTIME_BINARIES 16

enum host_events {
	HOST_EVENTS_ALL = 0, /* every captured host event, unflagged ones as info */
	HOST_EVENTS_FLAGGED_ONLY,
};

enum exec_events {
	EXEC_EVENTS_FLAGGED = 0, /* an exec is an event only when a detection flags it */
	EXEC_EVENTS_ALL,	 /* every exec is an event */
};

/*
 * Suppresses one detection (or every one: detection NULL, "*" in the file)
 * when every matcher given matches; NULL matchers match anything.
 */
#define CONFIG_DEFAULT_ARGS_BYTES 256
#define CONFIG_MAX_ARGS_BYTES 4096 /* PROC_CACHE_ARGS_MAX */
#define CONFIG_DEFAULT_ANCESTORS 4
#define CONFIG_MAX_ANCESTORS 8 /* PROC_CACHE_MAX_ANCESTORS */

struct config_exception {
	char *detection;     /* "CTW-NNN", NULL for "*" */
	char *image;	     /* glob over container_meta.image */
	char *name;	     /* glob over container_meta.name */
	char *container_id;  /* full id or a prefix of at least 12 hex digits */
	char *runtime;	     /* container_runtime__name(), exact */
	char *comm;	     /* glob over header.comm */
	char *exe;	     /* glob over header.exe */
	char *k8s_namespace; /* glob over container_meta.namespace */
	bool host_only;	     /* matches host processes only */
	char *reason;	     /* why it is there; for people */
	unsigned int line;   /* where it was defined, for messages */
};

/*
 * A container runtime's process, recognised by its comm AND its executable:
 * both globs must match (comm alone can be set by anyone with prctl).
 */
struct config_runtime {
	char *name;
	char *comm;
	char *exe;
};

struct config {
	enum severity min_severity;
	uint64_t events_mask; /* bit (1 << type) of the enabled event types */
	bool detection_enabled[DETECTION_COUNT];
	enum host_events host_events;
	enum exec_events exec_events;
	unsigned int args_bytes; /* process.args: bytes of argv kept (whole arguments) */
	unsigned int ancestors;	 /* process.ancestors: levels above the parent, 0..8 */
	struct config_exception *exceptions;
	size_t n_exceptions;
	struct config_runtime *runtimes; /* added to the built-in table */
	size_t n_runtimes;
	/*
	 * runtime_binaries: host paths of container runtime binaries beyond the
	 * known names in the usual directories (runtime_bins.h), read at start
	 */
	char *runtime_binaries[CONFIG_MAX_RUNTIME_BINARIES];
	size_t n_runtime_binaries;
	/*
	 * sensitive_files: the names (last path components) whose write-open from
	 * a container through a mounted path the kernel reports; NUL-padded, as
	 * the BPF map's keys.
	 */
	char sensitive_names[CTW_SENSITIVE_NAMES_MAX][CTW_NAME_LEN];
	size_t n_sensitive_names;
	/* outputs: sink URIs, used when the command line names none */
	char *outputs[SINK_MAX_OUTPUTS];
	size_t n_outputs;
};

/*
 * Defaults: min_severity info, every event type and detection, host_events all,
 * exec_events flagged, 256 bytes of arguments, 4 ancestors, the sensitive files
 * of CONFIG_DEFAULT_SENSITIVE_FILES.
 */
void config__init(struct config *cfg);

/*
 * Reads `path` into `out` (initialised here; config__free it even on error).
 * path NULL means CONFIG_DEFAULT_PATH, and then a missing file gives the
 * defaults; an explicit path must exist. Returns 0, or a negative errno with a
 * one-line err->msg ("file:line: key: message"): -ENOENT/-EACCES for an unreadable file, -EINVAL
 * for a bad one.
 */
int config__load(const char *path, struct config *out, struct ctw_error *err);

/* Frees what config__load allocated; the struct itself is the caller's. */
void config__free(struct config *cfg);
/* Free the strings of one exception / runtime entry (copies made by the classifier too). */
void config_exception__clear(struct config_exception *e);
void config_runtime__clear(struct config_runtime *r);

/* The default sensitive_files, a NULL-terminated list (packaging/ctrwatch.yaml spells it out). */
extern const char *const config_default_sensitive_files[];

/* Whether two configs' sensitive_files name the same files (in any order). */
bool config__same_sensitive_names(const struct config *a, const struct config *b);

/* Whether events of this type are enabled. */
bool config__event_enabled(const struct config *cfg, unsigned int type);

/* Whether fnmatch(3) reads the pattern as the user meant: brackets closed, no trailing '\'. */
bool glob__valid(const char *pattern);

#endif /* CTRWATCH_CONFIG_H */
