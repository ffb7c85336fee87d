/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Container metadata (name, image, pod, namespace) from the runtimes' own
 * on-disk state: no runtime socket, no API, nothing that can hang when the
 * runtime does. Every path is read below a host root prefix ("" or "/host"
 * when the host's filesystem is mounted into the collector's container).
 *
 * Where each runtime keeps it (docs/posture.md lists the fields):
 *  - Docker: /var/lib/docker/containers/<id>/config.v2.json;
 *  - containerd: /run/containerd/io.containerd.runtime.v2.task/<ns>/<id>/config.json
 *    (CRI annotations io.kubernetes.cri.*);
 *  - CRI-O and Podman: {/run,/var/lib}/containers/storage/overlay-containers/<id>/userdata/
 *    config.json (annotations io.kubernetes.*), and for Podman the containers/storage
 *    index overlay-containers/containers.json (name, image-name);
 *  - any OCI runtime: runc's state.json under a runtime root (/run/runc/<id>/,
 *    /run/containerd/runc/<ns>/<id>/, ...) names the bundle, whose config.json
 *    carries the annotations.
 *
 * The parsers are pure (a buffer in, fields out); container_meta__read does the
 * file I/O; struct meta_cache keeps the answers per container id, bounded, with
 * negative entries retried after a TTL because a runtime writes its files a
 * little after the container's cgroup appears.
 */
#ifndef CTRWATCH_CONTAINER_META_H
#define CTRWATCH_CONTAINER_META_H

#include <stddef.h>
#include <stdint.h>

#include "container.h"

/* Files larger than this are not read: real ones are a few KiB (containers.json: per container). */
#define CONTAINER_META_MAX_FILE (1u << 20)

/*
 * Parsers: fill only the fields they find (others are left as they are).
 * Return 0 when at least one field was found, -ENOENT when none, -EINVAL for
 * text that is not the expected JSON.
 */
/* Docker's config.v2.json: Name, Config.Image, Config.Labels (io.kubernetes.* of dockershim). */
int container_meta__parse_docker(const char *json, size_t len, struct container_meta *out);
/* An OCI runtime-spec config.json: the annotations of containerd's CRI, CRI-O and Podman. */
int container_meta__parse_oci(const char *json, size_t len, struct container_meta *out);
/* containers/storage's containers.json: the entry of container `id` (names, metadata). */
int container_meta__parse_storage(const char *json, size_t len, const char *id,
				  struct container_meta *out);
/*
 * runc's state.json: the bundle directory (its last "bundle=" label, or the config's
 * rootfs parent). 0, -ENOENT when it names none, -EINVAL, -ENAMETOOLONG.
 */
int container_meta__parse_runc_state(const char *json, size_t len, char *bundle, size_t bundle_len);

/*
 * Everything that can be found for `ref` below host_root ("" for none), trying
 * the runtime the cgroup path named first, then every other place. `out` is
 * zeroed first. 0 when a source was found (even if it gave only some fields),
 * -ENOENT when none.
 */
int container_meta__read(const char *host_root, const struct container_ref *ref,
			 struct container_meta *out);

struct meta_cache;

struct meta_cache_stats {
	uint64_t hits;	      /* lookups answered from the cache (found or negative) */
	uint64_t reads;	      /* container_meta__read calls (cache misses and retries) */
	uint64_t found;	      /* reads that found a source */
	uint64_t evictions;   /* entries pushed out because the cache was full */
	uint64_t read_ns;     /* total time spent in reads */
	uint64_t max_read_ns; /* the slowest read */
	size_t size;
};

#define META_CACHE_RETRY_MS 1000

/*
 * A cache of at most max_entries containers (oldest evicted first); a container
 * whose metadata was not found is looked up again after retry_ms. host_root is
 * copied. NULL and errno (EINVAL, ENOMEM) on failure.
 */
struct meta_cache *meta_cache__new(const char *host_root, size_t max_entries,
				   unsigned int retry_ms);
void meta_cache__free(struct meta_cache *c);

/*
 * The metadata of `ref`'s container: NULL when nothing is known (yet). A miss
 * reads a few small files (tens of microseconds on a warm page cache). The
 * pointer stays valid until the next call that changes the cache.
 */
const struct container_meta *meta_cache__lookup(struct meta_cache *c,
						const struct container_ref *ref);
/* Forget a container (it stopped). Unknown ids are ignored. */
void meta_cache__remove(struct meta_cache *c, const char *id);
/*
 * meta_cache__lookup() for a container that stopped, then forgets it: what
 * was known is copied into *last (the stop event still names the container).
 * NULL when nothing is known.
 */
const struct container_meta *meta_cache__take(struct meta_cache *c, const struct container_ref *ref,
					      struct container_meta *last);
void meta_cache__stats(const struct meta_cache *c, struct meta_cache_stats *out);

#endif /* CTRWATCH_CONTAINER_META_H */
