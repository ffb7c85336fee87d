// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "container_meta.h"
#include "safe_read.h"
#include "util.h"

/* ---- JSON helpers ---- */

static struct json_object *parse_json(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;

	if (!tok)
		return NULL;
	obj = json_tokener_parse_ex(tok, text, (int)len);
	if (obj && json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *get_object(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

/* Copies a non-empty value into an empty field; returns whether it did. */
static bool fill(char *field, size_t size, const char *value)
{
	if (!value || !value[0] || field[0])
		return false;
	snprintf(field, size, "%s", value);
	return true;
}

#define FILL(field, value) fill((field), sizeof(field), (value))

/* The first of `keys` that `obj` has as a non-empty string. */
static const char *first_of(struct json_object *obj, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = get_string(obj, keys[i]);

		if (v && v[0])
			return v;
	}
	return NULL;
}

/* ---- parsers ---- */

/* Kubernetes labels as dockershim / cri-dockerd and CRI-O set them. */
static int fill_kube_labels(struct json_object *labels, struct container_meta *out)
{
	int found = 0;

	found |= FILL(out->name, get_string(labels, "io.kubernetes.container.name"));
	found |= FILL(out->pod, get_string(labels, "io.kubernetes.pod.name"));
	found |= FILL(out->namespace, get_string(labels, "io.kubernetes.pod.namespace"));
	return found;
}

int container_meta__parse_docker(const char *json, size_t len, struct container_meta *out)
{
	struct json_object *root = parse_json(json, len), *config;
	const char *name;
	int found = 0;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	config = get_object(root, "Config");
	/* A Kubernetes container's own name beats Docker's generated k8s_... name. */
	found |= fill_kube_labels(get_object(config, "Labels"), out);
	name = get_string(root, "Name");
	if (name && name[0] == '/')
		name++; /* Docker keeps names as "/web" */
	found |= FILL(out->name, name);
	/* Config.Image is what the user asked for ("nginx:1.27"); Image is the sha256 id. */
	found |= FILL(out->image, get_string(config, "Image"));
	found |= FILL(out->image, get_string(root, "Image"));
	json_object_put(root);
	return found ? 0 : -ENOENT;
}

int container_meta__parse_oci(const char *json, size_t len, struct container_meta *out)
{
	static const char *const name_keys[] = {
	    "io.kubernetes.cri.container-name", /* containerd CRI */
	    "io.kubernetes.container.name",	/* CRI-O */
	    "io.kubernetes.cri-o.ContainerName",
	    "nerdctl/name",
	};
	static const char *const pod_keys[] = {
	    "io.kubernetes.cri.sandbox-name",
	    "io.kubernetes.pod.name",
	};
	static const char *const ns_keys[] = {
	    "io.kubernetes.cri.sandbox-namespace",
	    "io.kubernetes.pod.namespace",
	};
	static const char *const image_keys[] = {
	    "io.kubernetes.cri.image-name",
	    "io.kubernetes.cri-o.ImageName",
	    "org.opencontainers.image.ref.name",
	};
	struct json_object *root = parse_json(json, len), *ann;
	int found = 0;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	ann = get_object(root, "annotations");
	found |= FILL(out->name, first_of(ann, name_keys, ARRAY_SIZE(name_keys)));
	found |= FILL(out->pod, first_of(ann, pod_keys, ARRAY_SIZE(pod_keys)));
	found |= FILL(out->namespace, first_of(ann, ns_keys, ARRAY_SIZE(ns_keys)));
	found |= FILL(out->image, first_of(ann, image_keys, ARRAY_SIZE(image_keys)));
	json_object_put(root);
	return found ? 0 : -ENOENT;
}

int container_meta__parse_storage(const char *json, size_t len, const char *id,
				  struct container_meta *out)
{
	struct json_object *root = parse_json(json, len);
	int found = 0;
	size_t n;

	if (!root || !json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return -EINVAL;
	}
	n = json_object_array_length(root);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(root, i), *names, *md;
		const char *eid = get_string(e, "id"), *md_text;

		if (!eid || strcmp(eid, id) != 0)
			continue;
		/* "metadata" is itself JSON, serialised into a string by the runtime. */
		md_text = get_string(e, "metadata");
		md = md_text ? parse_json(md_text, strlen(md_text)) : NULL;
		found |= FILL(out->name, get_string(md, "name"));
		found |= FILL(out->image, get_string(md, "image-name"));
		json_object_put(md);
		if (json_object_object_get_ex(e, "names", &names) &&
		    json_object_is_type(names, json_type_array) &&
		    json_object_array_length(names) > 0) {
			struct json_object *first = json_object_array_get_idx(names, 0);

			if (json_object_is_type(first, json_type_string))
				found |= FILL(out->name, json_object_get_string(first));
		}
		break;
	}
	json_object_put(root);
	return found ? 0 : -ENOENT;
}

int container_meta__parse_runc_state(const char *json, size_t len, char *bundle, size_t bundle_len)
{
	struct json_object *root = parse_json(json, len), *config, *labels;
	const char *path = NULL;
	char from_rootfs[4096];
	int err = -ENOENT;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	config = get_object(root, "config");
	if (config && json_object_object_get_ex(config, "labels", &labels) &&
	    json_object_is_type(labels, json_type_array)) {
		size_t n = json_object_array_length(labels);

		/*
		 * The last label: runc turns every annotation "k": "v" into a label
		 * "k=v" and appends its own "bundle=<cwd>" after them, so an earlier
		 * one may be a tenant's annotation "bundle" pointing anywhere.
		 */
		for (size_t i = n; i-- > 0 && !path;) {
			struct json_object *l = json_object_array_get_idx(labels, i);
			const char *s = json_object_is_type(l, json_type_string)
					    ? json_object_get_string(l)
					    : NULL;

			if (s && strncmp(s, "bundle=", 7) == 0 && s[7])
				path = s + 7;
		}
	}
	if (!path) {
		/* Older runc: no label; the rootfs is conventionally <bundle>/rootfs. */
		const char *rootfs = get_string(config, "rootfs");
		const char *slash = rootfs ? strrchr(rootfs, '/') : NULL;

		if (slash && slash != rootfs && strcmp(slash, "/rootfs") == 0 &&
		    (size_t)(slash - rootfs) < sizeof(from_rootfs)) {
			memcpy(from_rootfs, rootfs, (size_t)(slash - rootfs));
			from_rootfs[slash - rootfs] = '\0';
			path = from_rootfs;
		}
	}
	if (path) {
		err = 0;
		if (snprintf(bundle, bundle_len, "%s", path) >= (int)bundle_len)
			err = -ENAMETOOLONG;
	}
	json_object_put(root);
	return err;
}

/* ---- file access ---- */

typedef int (*parse_fn)(const char *json, size_t len, struct container_meta *out);

/*
 * root is the runtime's state directory (the host's layout, trusted); rel, below
 * it, names a container's file and is opened without following any symlink.
 */
static int read_small_file(const char *root, const char *rel, char **buf, size_t *len)
{
	return safe_read__file(root, rel, CONTAINER_META_MAX_FILE, buf, len);
}

static int parse_file(const char *root, const char *rel, parse_fn parse, struct container_meta *out)
{
	char *buf;
	size_t len;
	int err = read_small_file(root, rel, &buf, &len);

	if (err < 0)
		return err;
	err = parse(buf, len, out);
	free(buf);
	return err;
}

/* Builds host_root + the parts; -ENAMETOOLONG if it does not fit. */
static int __attribute__((format(printf, 4, 5)))
host_path(char *buf, size_t len, const char *host_root, const char *fmt, ...)
{
	size_t n = (size_t)snprintf(buf, len, "%s", host_root);
	va_list ap;
	int m;

	if (n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return m < 0 || (size_t)m >= len - n ? -ENAMETOOLONG : 0;
}

/* Calls fn for each subdirectory name of dir (containerd namespaces); stops at the first 0. */
static int each_subdir(const char *dir, int (*fn)(const char *name, void *ctx), void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int err = -ENOENT;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		if (fn(de->d_name, ctx) == 0) {
			err = 0;
			break;
		}
	}
	closedir(d);
	return err;
}

struct lookup {
	const char *host_root;
	const char *id;
	struct container_meta *out;
	const char *base; /* for the per-namespace callbacks */
};

static int source_docker(struct lookup *l)
{
	char root[4096], rel[256];

	if (host_path(root, sizeof(root), l->host_root, "/var/lib/docker/containers") < 0 ||
	    str__format(rel, sizeof(rel), "%s/config.v2.json", l->id) < 0)
		return -ENAMETOOLONG;
	return parse_file(root, rel, container_meta__parse_docker, l->out);
}

static int containerd_ns(const char *ns, void *ctx)
{
	struct lookup *l = ctx;
	char rel[512];

	if (str__format(rel, sizeof(rel), "%s/%s/config.json", ns, l->id) < 0)
		return -ENAMETOOLONG;
	return parse_file(l->base, rel, container_meta__parse_oci, l->out);
}

static int source_containerd(struct lookup *l)
{
	char dir[4096];

	if (host_path(dir, sizeof(dir), l->host_root,
		      "/run/containerd/io.containerd.runtime.v2.task") < 0)
		return -ENAMETOOLONG;
	l->base = dir;
	return each_subdir(dir, containerd_ns, l);
}

/* CRI-O and Podman both keep containers in containers/storage, run root and graph root. */
static const char *const storage_roots[] = {
    "/run/containers/storage",
    "/var/lib/containers/storage",
};

static int source_storage(struct lookup *l)
{
	char root[4096], rel[256];
	int found = -ENOENT;

	if (str__format(rel, sizeof(rel), "%s/userdata/config.json", l->id) < 0)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < ARRAY_SIZE(storage_roots); i++) {
		if (host_path(root, sizeof(root), l->host_root, "%s/overlay-containers",
			      storage_roots[i]) == 0 &&
		    parse_file(root, rel, container_meta__parse_oci, l->out) == 0)
			found = 0;
	}
	/* Podman's spec carries no name or image: its storage index does. */
	for (size_t i = 0; i < ARRAY_SIZE(storage_roots); i++) {
		char *buf;
		size_t len;

		if (host_path(root, sizeof(root), l->host_root, "%s/overlay-containers",
			      storage_roots[i]) < 0 ||
		    read_small_file(root, "containers.json", &buf, &len) < 0)
			continue;
		if (container_meta__parse_storage(buf, len, l->id, l->out) == 0)
			found = 0;
		free(buf);
	}
	return found;
}

static int runc_state_at(struct lookup *l, const char *root, const char *rel)
{
	char bundle[4096], config[4096];
	char *buf;
	size_t len;
	int err = read_small_file(root, rel, &buf, &len);

	if (err < 0)
		return err;
	err = container_meta__parse_runc_state(buf, len, bundle, sizeof(bundle));
	free(buf);
	if (err < 0)
		return err;
	/*
	 * The bundle is a host path, below the host root like every other. A
	 * tenant may have a say in it (runc turns annotations into labels), so no
	 * symlink is followed anywhere on it.
	 */
	if (str__format(config, sizeof(config), "%s/config.json", bundle) < 0)
		return -ENAMETOOLONG;
	return parse_file(l->host_root, config, container_meta__parse_oci, l->out);
}

static int runc_ns(const char *ns, void *ctx)
{
	struct lookup *l = ctx;
	char rel[512];

	if (str__format(rel, sizeof(rel), "%s/%s/state.json", ns, l->id) < 0)
		return -ENAMETOOLONG;
	return runc_state_at(l, l->base, rel);
}

static int source_runc(struct lookup *l)
{
	/* Roots where runc keeps state.json directly per id, then per runtime namespace. */
	static const char *const flat[] = {"/run/runc", "/run/docker/runtime-runc/moby"};
	static const char *const by_ns[] = {"/run/containerd/runc"};
	char path[4096], rel[256];

	if (str__format(rel, sizeof(rel), "%s/state.json", l->id) < 0)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < ARRAY_SIZE(flat); i++) {
		if (host_path(path, sizeof(path), l->host_root, "%s", flat[i]) == 0 &&
		    runc_state_at(l, path, rel) == 0)
			return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(by_ns); i++) {
		if (host_path(path, sizeof(path), l->host_root, "%s", by_ns[i]) < 0)
			continue;
		l->base = path;
		if (each_subdir(path, runc_ns, l) == 0)
			return 0;
	}
	return -ENOENT;
}

typedef int (*source_fn)(struct lookup *l);

int container_meta__read(const char *host_root, const struct container_ref *ref,
			 struct container_meta *out)
{
	source_fn order[4] = {source_docker, source_containerd, source_storage, source_runc};
	struct lookup l = {.host_root = host_root ? host_root : "", .id = ref->id, .out = out};
	source_fn first = NULL;

	memset(out, 0, sizeof(*out));
	if (strlen(ref->id) != CONTAINER_ID_LEN || strchr(ref->id, '/'))
		return -EINVAL;
	switch (ref->runtime) {
	case RUNTIME_DOCKER:
		first = source_docker;
		break;
	case RUNTIME_CONTAINERD:
	case RUNTIME_NERDCTL:
		first = source_containerd;
		break;
	case RUNTIME_CRIO:
	case RUNTIME_PODMAN:
		first = source_storage;
		break;
	default:
		break;
	}
	if (first && first(&l) == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (order[i] != first && order[i](&l) == 0)
			return 0;
	return -ENOENT;
}

/* ---- the cache ---- */

struct meta_entry {
	char id[CONTAINER_ID_LEN + 1];
	bool found;
	int64_t retry_at_ns; /* negative entries: when to read again */
	struct container_meta meta;
	struct meta_entry *hnext;	  /* hash chain */
	struct meta_entry *older, *newer; /* insertion order, for eviction */
};

struct meta_cache {
	char *host_root;
	size_t max_entries;
	int64_t retry_ns;
	size_t n_buckets;
	struct meta_entry **buckets;
	struct meta_entry *oldest, *newest;
	struct meta_cache_stats stats;
};

static size_t bucket_of(const struct meta_cache *c, const char *id)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	return (size_t)(h % c->n_buckets);
}

struct meta_cache *meta_cache__new(const char *host_root, size_t max_entries, unsigned int retry_ms)
{
	struct meta_cache *c;

	if (max_entries == 0) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		goto nomem;
	c->host_root = strdup(host_root ? host_root : "");
	c->n_buckets = max_entries < 64 ? 64 : max_entries;
	c->buckets = calloc(c->n_buckets, sizeof(*c->buckets));
	if (!c->host_root || !c->buckets)
		goto nomem;
	c->max_entries = max_entries;
	c->retry_ns = (int64_t)retry_ms * NSEC_PER_MSEC;
	return c;
nomem:
	meta_cache__free(c);
	errno = ENOMEM;
	return NULL;
}

void meta_cache__free(struct meta_cache *c)
{
	struct meta_entry *e, *next;

	if (!c)
		return;
	for (e = c->oldest; e; e = next) {
		next = e->newer;
		free(e);
	}
	free(c->buckets);
	free(c->host_root);
	free(c);
}

static struct meta_entry *find(const struct meta_cache *c, const char *id)
{
	struct meta_entry *e;

	for (e = c->buckets[bucket_of(c, id)]; e; e = e->hnext)
		if (strcmp(e->id, id) == 0)
			return e;
	return NULL;
}

static void unlink_entry(struct meta_cache *c, struct meta_entry *e)
{
	struct meta_entry **pp = &c->buckets[bucket_of(c, e->id)];

	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	c->stats.size--;
}

static void read_into(struct meta_cache *c, struct meta_entry *e, const struct container_ref *ref)
{
	int64_t start = clock__now_ns(CLOCK_MONOTONIC), took;

	e->found = container_meta__read(c->host_root, ref, &e->meta) == 0;
	took = clock__now_ns(CLOCK_MONOTONIC) - start;
	c->stats.reads++;
	c->stats.read_ns += (uint64_t)took;
	if ((uint64_t)took > c->stats.max_read_ns)
		c->stats.max_read_ns = (uint64_t)took;
	if (e->found)
		c->stats.found++;
	else
		e->retry_at_ns = start + took + c->retry_ns;
}

const struct container_meta *meta_cache__lookup(struct meta_cache *c,
						const struct container_ref *ref)
{
	struct meta_entry *e;
	size_t b;

	if (!c || !ref || ref->runtime == RUNTIME_NONE)
		return NULL;
	e = find(c, ref->id);
	if (e) {
		if (!e->found && clock__now_ns(CLOCK_MONOTONIC) >= e->retry_at_ns) {
			read_into(c, e, ref);
			return e->found ? &e->meta : NULL;
		}
		c->stats.hits++;
		return e->found ? &e->meta : NULL;
	}
	if (c->stats.size >= c->max_entries) {
		struct meta_entry *victim = c->oldest;

		unlink_entry(c, victim);
		free(victim);
		c->stats.evictions++;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	snprintf(e->id, sizeof(e->id), "%s", ref->id);
	b = bucket_of(c, e->id);
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	e->older = c->newest;
	if (c->newest)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
	c->stats.size++;
	read_into(c, e, ref);
	return e->found ? &e->meta : NULL;
}

void meta_cache__remove(struct meta_cache *c, const char *id)
{
	struct meta_entry *e = c && id ? find(c, id) : NULL;

	if (!e)
		return;
	unlink_entry(c, e);
	free(e);
}

void meta_cache__stats(const struct meta_cache *c, struct meta_cache_stats *out)
{
	*out = c->stats;
}

const struct container_meta *meta_cache__take(struct meta_cache *c, const struct container_ref *ref,
					      struct container_meta *last)
{
	const struct container_meta *m = meta_cache__lookup(c, ref);

	if (m) {
		*last = *m;
		m = last;
	}
	if (ref)
		meta_cache__remove(c, ref->id);
	return m;
}
