// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The YAML config through libyaml's document API: the whole (small) file is
 * loaded into a node tree, then walked with the key path kept for messages,
 * so that every error is one line naming the file, line and key.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config.h"
#include "container.h"
#include "event_type.h"
#include "util.h"

/* One parse: where the messages go and what they name. */
struct walk {
	const char *path;
	yaml_document_t *doc;
	struct ctw_error *err;
};

/*
 * Files whose change on the host gives code execution or a login as root:
 * every process's preloaded library, the password and group databases, sudo's
 * policy, root's SSH keys, cron's table.
 */
const char *const config_default_sensitive_files[] = {
    "/etc/ld.so.preload",	  "/etc/shadow",  "/etc/gshadow", "/etc/passwd", "/etc/sudoers",
    "/root/.ssh/authorized_keys", "/etc/crontab", NULL,
};

/* A path's last component, or the reason it cannot be one of the kernel's names. */
static const char *sensitive_name_of(const char *path, const char **why)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;

	*why = NULL;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		*why = "names no file (empty last component)";
	else if (strlen(name) >= CTW_NAME_LEN)
		*why = "file name longer than 63 bytes";
	else if (strpbrk(name, "*?["))
		*why = "globs are not supported: the kernel matches the exact file name";
	return *why ? NULL : name;
}

/* Adds name once; 0 or -ENOSPC when the list is full. */
static int sensitive_names__add(struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_sensitive_names; i++)
		if (strcmp(cfg->sensitive_names[i], name) == 0)
			return 0;
	if (cfg->n_sensitive_names == CTW_SENSITIVE_NAMES_MAX)
		return -ENOSPC;
	memset(cfg->sensitive_names[cfg->n_sensitive_names], 0, CTW_NAME_LEN);
	strcpy(cfg->sensitive_names[cfg->n_sensitive_names++], name);
	return 0;
}

static bool sensitive_names__has(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_sensitive_names; i++)
		if (strcmp(cfg->sensitive_names[i], name) == 0)
			return true;
	return false;
}

bool config__same_sensitive_names(const struct config *a, const struct config *b)
{
	if (a->n_sensitive_names != b->n_sensitive_names)
		return false;
	for (size_t i = 0; i < a->n_sensitive_names; i++)
		if (!sensitive_names__has(b, a->sensitive_names[i]))
			return false;
	return true;
}

void config__init(struct config *cfg)
{
	const char *why;

	memset(cfg, 0, sizeof(*cfg));
	cfg->min_severity = SEVERITY_INFO;
	cfg->events_mask = event_type__all_mask();
	for (size_t i = 0; i < DETECTION_COUNT; i++)
		cfg->detection_enabled[i] = true;
	cfg->host_events = HOST_EVENTS_ALL;
	cfg->args_bytes = CONFIG_DEFAULT_ARGS_BYTES;
	cfg->ancestors = CONFIG_DEFAULT_ANCESTORS;
	for (size_t i = 0; config_default_sensitive_files[i]; i++)
		sensitive_names__add(cfg,
				     sensitive_name_of(config_default_sensitive_files[i], &why));
}

void config_exception__clear(struct config_exception *e)
{
	free(e->detection);
	free(e->image);
	free(e->name);
	free(e->container_id);
	free(e->runtime);
	free(e->comm);
	free(e->exe);
	free(e->k8s_namespace);
	free(e->reason);
}

void config_runtime__clear(struct config_runtime *r)
{
	free(r->name);
	free(r->comm);
	free(r->exe);
}

void config__free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; cfg->exceptions && i < cfg->n_exceptions; i++)
		config_exception__clear(&cfg->exceptions[i]);
	for (size_t i = 0; cfg->runtimes && i < cfg->n_runtimes; i++)
		config_runtime__clear(&cfg->runtimes[i]);
	for (size_t i = 0; i < cfg->n_outputs; i++)
		free(cfg->outputs[i]);
	cfg->n_outputs = 0;
	for (size_t i = 0; i < cfg->n_runtime_binaries; i++)
		free(cfg->runtime_binaries[i]);
	cfg->n_runtime_binaries = 0;
	free(cfg->exceptions);
	free(cfg->runtimes);
	cfg->exceptions = NULL;
	cfg->runtimes = NULL;
	cfg->n_exceptions = cfg->n_runtimes = 0;
}

bool config__event_enabled(const struct config *cfg, unsigned int type)
{
	return type < 64 && (cfg->events_mask & (1ull << type));
}

bool glob__valid(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				return false;
			continue;
		}
		if (*p != '[')
			continue;
		p++;
		if (*p == '!' || *p == '^')
			p++;
		/* a ']' right after '[' or '[!' is a member, not the end */
		if (*p == ']')
			p++;
		while (*p && *p != ']')
			p++;
		if (!*p)
			return false;
	}
	return true;
}

__attribute__((format(printf, 4, 5))) static int fail(struct walk *w, const yaml_node_t *node,
						      const char *key, const char *fmt, ...)
{
	size_t off;
	va_list ap;

	off = (size_t)snprintf(w->err->msg, sizeof(w->err->msg), "%s:%zu: %s: ", w->path,
			       node ? node->start_mark.line + 1 : 1, key);
	if (off < sizeof(w->err->msg)) {
		va_start(ap, fmt);
		vsnprintf(w->err->msg + off, sizeof(w->err->msg) - off, fmt, ap);
		va_end(ap);
	}
	/* The message quotes the file, which may hold any character: keep it one line. */
	for (char *c = w->err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return -EINVAL;
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a string";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* A scalar that is YAML's null (key with no value): "~", "null" or nothing, unquoted. */
static bool is_null(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!scalar(n)[0] || strcmp(scalar(n), "~") == 0 || strcmp(scalar(n), "null") == 0);
}

static int want(struct walk *w, const yaml_node_t *n, yaml_node_type_t type, const char *key)
{
	const char *what = type == YAML_SCALAR_NODE	? "a string"
			   : type == YAML_SEQUENCE_NODE ? "a list"
							: "a mapping";

	if (n->type == type && !(type == YAML_SCALAR_NODE && is_null(n)))
		return 0;
	return fail(w, n, key, "expected %s, got %s", what, is_null(n) ? "nothing" : node_kind(n));
}

static int get_string(struct walk *w, const yaml_node_t *n, const char *key, char **out)
{
	int err = want(w, n, YAML_SCALAR_NODE, key);

	if (err)
		return err;
	free(*out);
	*out = strdup(scalar(n));
	return *out ? 0 : -ENOMEM;
}

static int get_glob(struct walk *w, const yaml_node_t *n, const char *key, char **out)
{
	int err = want(w, n, YAML_SCALAR_NODE, key);

	if (err)
		return err;
	if (!glob__valid(scalar(n)))
		return fail(w, n, key, "bad glob \"%s\": unclosed '[' or trailing '\\'", scalar(n));
	return get_string(w, n, key, out);
}

static int get_bool(struct walk *w, const yaml_node_t *n, const char *key, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", NULL};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off", NULL};

	if (n->type == YAML_SCALAR_NODE && !is_null(n)) {
		for (const char *const *y = yes; *y; y++)
			if (strcmp(scalar(n), *y) == 0)
				return (*out = true), 0;
		for (const char *const *f = no; *f; f++)
			if (strcmp(scalar(n), *f) == 0)
				return (*out = false), 0;
	}
	return fail(w, n, key, "expected true or false, got %s",
		    n->type == YAML_SCALAR_NODE && !is_null(n) ? "another string" : node_kind(n));
}

#define FOR_EACH_ITEM(w, seq, item)                                                                \
	for (yaml_node_item_t *it_ = (seq)->data.sequence.items.start;                             \
	     it_ < (seq)->data.sequence.items.top &&                                               \
	     ((item) = yaml_document_get_node((w)->doc, *it_)) != NULL;                            \
	     it_++)

#define FOR_EACH_PAIR(w, map, k, v)                                                                \
	for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;                               \
	     p_ < (map)->data.mapping.pairs.top &&                                                 \
	     ((k) = yaml_document_get_node((w)->doc, p_->key)) != NULL &&                          \
	     ((v) = yaml_document_get_node((w)->doc, p_->value)) != NULL;                          \
	     p_++)

/* Keys must be plain strings; a mapping as a key is a typo worth a message. */
static int key_of(struct walk *w, const yaml_node_t *k, const char *where, const char **out)
{
	if (k->type != YAML_SCALAR_NODE)
		return fail(w, k, where, "expected a string key, got %s", node_kind(k));
	*out = scalar(k);
	return 0;
}

static int parse_events(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const yaml_node_t *item;
	uint64_t mask = 0;
	int err = want(w, n, YAML_SEQUENCE_NODE, "events");

	if (err)
		return err;
	FOR_EACH_ITEM(w, n, item)
	{
		enum ctw_event_type t;

		if ((err = want(w, item, YAML_SCALAR_NODE, "events")))
			return err;
		if (event_type__parse(scalar(item), &t) < 0)
			return fail(w, item, "events", "unknown event type \"%s\"", scalar(item));
		mask |= 1ull << t;
	}
	cfg->events_mask = mask;
	return 0;
}

static int parse_outputs(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const yaml_node_t *item;
	int err = want(w, n, YAML_SEQUENCE_NODE, "outputs");

	if (err)
		return err;
	FOR_EACH_ITEM(w, n, item)
	{
		if ((err = want(w, item, YAML_SCALAR_NODE, "outputs")))
			return err;
		if (scalar(item)[0] == '\0')
			return fail(w, item, "outputs", "empty destination");
		if (cfg->n_outputs == SINK_MAX_OUTPUTS)
			return fail(w, item, "outputs", "at most %d outputs", SINK_MAX_OUTPUTS);
		cfg->outputs[cfg->n_outputs] = strdup(scalar(item));
		if (!cfg->outputs[cfg->n_outputs])
			return -ENOMEM;
		cfg->n_outputs++;
	}
	return 0;
}

static int parse_runtime_binaries(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const char *key = "runtime_binaries";
	const yaml_node_t *item;
	int err = want(w, n, YAML_SEQUENCE_NODE, key);

	if (err)
		return err;
	FOR_EACH_ITEM(w, n, item)
	{
		if ((err = want(w, item, YAML_SCALAR_NODE, key)))
			return err;
		if (scalar(item)[0] != '/')
			return fail(w, item, key, "expected an absolute path, got \"%s\"",
				    scalar(item));
		if (cfg->n_runtime_binaries == CONFIG_MAX_RUNTIME_BINARIES)
			return fail(w, item, key, "at most %d paths", CONFIG_MAX_RUNTIME_BINARIES);
		cfg->runtime_binaries[cfg->n_runtime_binaries] = strdup(scalar(item));
		if (!cfg->runtime_binaries[cfg->n_runtime_binaries])
			return -ENOMEM;
		cfg->n_runtime_binaries++;
	}
	return 0;
}

static int parse_sensitive_files(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const char *key = "sensitive_files", *name, *why;
	const yaml_node_t *item;
	int err = want(w, n, YAML_SEQUENCE_NODE, key);

	if (err)
		return err;
	cfg->n_sensitive_names = 0; /* the file's list replaces the defaults */
	FOR_EACH_ITEM(w, n, item)
	{
		if ((err = want(w, item, YAML_SCALAR_NODE, key)))
			return err;
		name = sensitive_name_of(scalar(item), &why);
		if (!name)
			return fail(w, item, key, "\"%s\": %s", scalar(item), why);
		if (sensitive_names__add(cfg, name) < 0)
			return fail(w, item, key, "at most %d file names", CTW_SENSITIVE_NAMES_MAX);
	}
	return 0;
}

static int parse_id_list(struct walk *w, const yaml_node_t *n, const char *key, bool *set)
{
	const yaml_node_t *item;
	int err = want(w, n, YAML_SEQUENCE_NODE, key);

	if (err)
		return err;
	FOR_EACH_ITEM(w, n, item)
	{
		int idx;

		if ((err = want(w, item, YAML_SCALAR_NODE, key)))
			return err;
		idx = detection__index(scalar(item));
		if (idx < 0)
			return fail(w, item, key, "unknown detection ID \"%s\"", scalar(item));
		set[idx] = true;
	}
	return 0;
}

static int parse_detections(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	bool enabled[DETECTION_COUNT] = {0}, disabled[DETECTION_COUNT] = {0};
	bool have_enabled = false;
	const yaml_node_t *k, *v;
	const char *key = "";
	int err = want(w, n, YAML_MAPPING_NODE, "detections");

	if (err)
		return err;
	FOR_EACH_PAIR(w, n, k, v)
	{
		if ((err = key_of(w, k, "detections", &key)))
			return err;
		if (strcmp(key, "enabled") == 0) {
			have_enabled = true;
			err = parse_id_list(w, v, "detections.enabled", enabled);
		} else if (strcmp(key, "disabled") == 0) {
			err = parse_id_list(w, v, "detections.disabled", disabled);
		} else {
			err = fail(w, k, "detections",
				   "unknown key \"%s\" (expected enabled or "
				   "disabled)",
				   key);
		}
		if (err)
			return err;
	}
	/* enabled: only these; disabled: all but these; both: enabled minus disabled */
	for (size_t i = 0; i < DETECTION_COUNT; i++)
		cfg->detection_enabled[i] = (have_enabled ? enabled[i] : true) && !disabled[i];
	return 0;
}

static bool is_hex_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 12 || n > CONTAINER_ID_LEN)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static bool is_runtime_name(const char *s)
{
	for (int r = 0; r < RUNTIME_MAX; r++)
		if (strcmp(s, container_runtime__name((enum container_runtime)r)) == 0)
			return true;
	return false;
}

static int parse_exception(struct walk *w, const yaml_node_t *n, size_t idx,
			   struct config_exception *e)
{
	const yaml_node_t *k, *v;
	char where[64], kp[96];
	bool matcher = false;
	const char *key = "";
	int err;

	snprintf(where, sizeof(where), "exceptions[%zu]", idx);
	e->line = n->start_mark.line + 1;
	if ((err = want(w, n, YAML_MAPPING_NODE, where)))
		return err;
	FOR_EACH_PAIR(w, n, k, v)
	{
		if ((err = key_of(w, k, where, &key)))
			return err;
		snprintf(kp, sizeof(kp), "%s.%s", where, key);
		if (strcmp(key, "detection") == 0) {
			if ((err = want(w, v, YAML_SCALAR_NODE, kp)))
				return err;
			if (strcmp(scalar(v), "*") != 0) {
				if (detection__index(scalar(v)) < 0)
					return fail(w, v, kp, "unknown detection ID \"%s\"",
						    scalar(v));
				err = get_string(w, v, kp, &e->detection);
			}
			if (err)
				return err;
			continue;
		}
		if (strcmp(key, "reason") == 0) {
			if ((err = get_string(w, v, kp, &e->reason)))
				return err;
			continue;
		}
		matcher = true;
		if (strcmp(key, "image") == 0) {
			err = get_glob(w, v, kp, &e->image);
		} else if (strcmp(key, "name") == 0) {
			err = get_glob(w, v, kp, &e->name);
		} else if (strcmp(key, "comm") == 0) {
			err = get_glob(w, v, kp, &e->comm);
		} else if (strcmp(key, "exe") == 0) {
			err = get_glob(w, v, kp, &e->exe);
		} else if (strcmp(key, "k8s_namespace") == 0) {
			err = get_glob(w, v, kp, &e->k8s_namespace);
		} else if (strcmp(key, "container_id") == 0) {
			err = want(w, v, YAML_SCALAR_NODE, kp);
			if (!err && !is_hex_id(scalar(v)))
				err = fail(w, v, kp,
					   "expected 12 to 64 lowercase hex digits, got "
					   "\"%s\"",
					   scalar(v));
			if (!err)
				err = get_string(w, v, kp, &e->container_id);
		} else if (strcmp(key, "runtime") == 0) {
			err = want(w, v, YAML_SCALAR_NODE, kp);
			if (!err && !is_runtime_name(scalar(v)))
				err = fail(w, v, kp, "unknown runtime \"%s\"", scalar(v));
			if (!err)
				err = get_string(w, v, kp, &e->runtime);
		} else if (strcmp(key, "host_only") == 0) {
			err = get_bool(w, v, kp, &e->host_only);
			/* host_only: false matches anything: not a matcher on its own */
			matcher = e->host_only;
		} else {
			err = fail(w, k, kp, "unknown key");
		}
		if (err)
			return err;
	}
	if (!e->detection && !matcher)
		return fail(w, n, where,
			    "an exception for every detection needs at least one "
			    "matcher (image, name, container_id, runtime, comm, exe, "
			    "host_only, k8s_namespace)");
	if (!matcher)
		return fail(w, n, where,
			    "no matcher: to turn %s off everywhere use "
			    "detections.disabled",
			    e->detection);
	return 0;
}

static int parse_exceptions(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const yaml_node_t *item;
	size_t count;
	int err = want(w, n, YAML_SEQUENCE_NODE, "exceptions");

	if (err)
		return err;
	count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (count > CONFIG_MAX_EXCEPTIONS)
		return fail(w, n, "exceptions", "too many exceptions (%zu, at most %d)", count,
			    CONFIG_MAX_EXCEPTIONS);
	if (!count)
		return 0;
	cfg->exceptions = calloc(count, sizeof(*cfg->exceptions));
	if (!cfg->exceptions)
		return -ENOMEM;
	FOR_EACH_ITEM(w, n, item)
	{
		/* counted first so that config__free releases a half-parsed one */
		struct config_exception *e = &cfg->exceptions[cfg->n_exceptions++];

		if ((err = parse_exception(w, item, cfg->n_exceptions - 1, e)))
			return err;
	}
	return 0;
}

static int parse_runtime(struct walk *w, const yaml_node_t *n, size_t idx, struct config_runtime *r)
{
	const yaml_node_t *k, *v;
	char where[64], kp[96];
	const char *key = "";
	int err;

	snprintf(where, sizeof(where), "runtimes[%zu]", idx);
	if ((err = want(w, n, YAML_MAPPING_NODE, where)))
		return err;
	FOR_EACH_PAIR(w, n, k, v)
	{
		if ((err = key_of(w, k, where, &key)))
			return err;
		snprintf(kp, sizeof(kp), "%s.%s", where, key);
		if (strcmp(key, "name") == 0)
			err = get_string(w, v, kp, &r->name);
		else if (strcmp(key, "comm") == 0)
			err = get_glob(w, v, kp, &r->comm);
		else if (strcmp(key, "exe") == 0)
			err = get_glob(w, v, kp, &r->exe);
		else
			err = fail(w, k, kp, "unknown key");
		if (err)
			return err;
	}
	if (!r->name || !r->comm || !r->exe)
		return fail(w, n, where,
			    "needs name, comm and exe (both globs must match: comm "
			    "alone is forgeable)");
	return 0;
}

static int parse_runtimes(struct walk *w, const yaml_node_t *n, struct config *cfg)
{
	const yaml_node_t *item;
	size_t count;
	int err = want(w, n, YAML_SEQUENCE_NODE, "runtimes");

	if (err)
		return err;
	count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (count > CONFIG_MAX_RUNTIMES)
		return fail(w, n, "runtimes", "too many runtimes (%zu, at most %d)", count,
			    CONFIG_MAX_RUNTIMES);
	if (!count)
		return 0;
	cfg->runtimes = calloc(count, sizeof(*cfg->runtimes));
	if (!cfg->runtimes)
		return -ENOMEM;
	FOR_EACH_ITEM(w, n, item)
	{
		struct config_runtime *r = &cfg->runtimes[cfg->n_runtimes++];

		if ((err = parse_runtime(w, item, cfg->n_runtimes - 1, r)))
			return err;
	}
	return 0;
}

/* A decimal integer scalar within [min, max]. */
static int parse_uint(struct walk *w, const yaml_node_t *n, const char *key, unsigned int min,
		      unsigned int max, unsigned int *out)
{
	unsigned long v;
	char *end;
	int err;

	if ((err = want(w, n, YAML_SCALAR_NODE, key)))
		return err;
	errno = 0;
	v = strtoul(scalar(n), &end, 10);
	if (!scalar(n)[0] || *end || errno || v < min || v > max || scalar(n)[0] == '-')
		return fail(w, n, key, "expected an integer from %u to %u, got \"%s\"", min, max,
			    scalar(n));
	*out = (unsigned int)v;
	return 0;
}

static int parse_root(struct walk *w, const yaml_node_t *root, struct config *cfg)
{
	const yaml_node_t *k, *v;
	unsigned int seen = 0;
	const char *key = "";
	int err;

	if (root->type != YAML_MAPPING_NODE)
		return fail(w, root, "(top level)", "expected a mapping, got %s", node_kind(root));
	FOR_EACH_PAIR(w, root, k, v)
	{
		static const char *const keys[] = {
		    "min_severity", "events",	   "detections",       "exceptions",
		    "host_events",  "runtimes",	   "outputs",	       "args_bytes",
		    "ancestors",    "exec_events", "runtime_binaries", "sensitive_files",
		};
		unsigned int bit = 0;

		if ((err = key_of(w, k, "(top level)", &key)))
			return err;
		for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
			if (strcmp(key, keys[i]) == 0)
				bit = 1u << i;
		if (!bit)
			return fail(w, k, key, "unknown key");
		if (seen & bit)
			return fail(w, k, key, "given twice");
		seen |= bit;

		if (strcmp(key, "min_severity") == 0) {
			err = want(w, v, YAML_SCALAR_NODE, key);
			if (!err && severity__parse(scalar(v), &cfg->min_severity) < 0)
				err = fail(w, v, key,
					   "unknown severity \"%s\" (info, notice, "
					   "warning or critical)",
					   scalar(v));
		} else if (strcmp(key, "events") == 0) {
			err = parse_events(w, v, cfg);
		} else if (strcmp(key, "detections") == 0) {
			err = parse_detections(w, v, cfg);
		} else if (strcmp(key, "exceptions") == 0) {
			err = parse_exceptions(w, v, cfg);
		} else if (strcmp(key, "host_events") == 0) {
			err = want(w, v, YAML_SCALAR_NODE, key);
			if (!err && strcmp(scalar(v), "all") == 0)
				cfg->host_events = HOST_EVENTS_ALL;
			else if (!err && strcmp(scalar(v), "flagged-only") == 0)
				cfg->host_events = HOST_EVENTS_FLAGGED_ONLY;
			else if (!err)
				err = fail(w, v, key, "expected all or flagged-only, got \"%s\"",
					   scalar(v));
		} else if (strcmp(key, "exec_events") == 0) {
			err = want(w, v, YAML_SCALAR_NODE, key);
			if (!err && strcmp(scalar(v), "flagged") == 0)
				cfg->exec_events = EXEC_EVENTS_FLAGGED;
			else if (!err && strcmp(scalar(v), "all") == 0)
				cfg->exec_events = EXEC_EVENTS_ALL;
			else if (!err)
				err = fail(w, v, key, "expected flagged or all, got \"%s\"",
					   scalar(v));
		} else if (strcmp(key, "args_bytes") == 0) {
			err = parse_uint(w, v, key, 0, CONFIG_MAX_ARGS_BYTES, &cfg->args_bytes);
		} else if (strcmp(key, "ancestors") == 0) {
			err = parse_uint(w, v, key, 0, CONFIG_MAX_ANCESTORS, &cfg->ancestors);
		} else if (strcmp(key, "outputs") == 0) {
			err = parse_outputs(w, v, cfg);
		} else if (strcmp(key, "runtime_binaries") == 0) {
			err = parse_runtime_binaries(w, v, cfg);
		} else if (strcmp(key, "sensitive_files") == 0) {
			err = parse_sensitive_files(w, v, cfg);
		} else {
			err = parse_runtimes(w, v, cfg);
		}
		if (err)
			return err;
	}
	return 0;
}

int config__load(const char *path, struct config *out, struct ctw_error *err)
{
	bool explicit = path != NULL;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	struct walk w;
	FILE *f;
	int ret;

	config__init(out);
	err->msg[0] = 0;
	if (!path)
		path = CONFIG_DEFAULT_PATH;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		if (!explicit && ret == -ENOENT)
			return 0;
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(-ret));
		return ret;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
		return -ENOMEM;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err->msg, sizeof(err->msg), "%s:%zu: (syntax): %s%s%s", path,
			 parser.problem_mark.line + 1, parser.problem ? parser.problem : "bad YAML",
			 parser.context ? " " : "", parser.context ? parser.context : "");
		ret = parser.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
		goto out_parser;
	}
	w = (struct walk){.path = path, .doc = &doc, .err = err};
	root = yaml_document_get_root_node(&doc);
	/* an empty file (or one with only comments) is the defaults */
	ret = root && !is_null(root) ? parse_root(&w, root, out) : 0;
	if (ret == -ENOMEM && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
	fclose(f);
	return ret;
}
