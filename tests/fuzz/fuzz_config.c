// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The YAML config: config__load on arbitrary bytes, then, when it is
 * accepted, a classifier built from it matching records against its runtime
 * and exception globs. Checks: a one-line error message on refusal, every
 * bound of struct config respected on success.
 */
#include <string.h>

#include "classify.h"
#include "config.h"
#include "fuzz.h"

static void classify_samples(const struct config *cfg)
{
	static const struct {
		const char *comm, *exe;
	} procs[] = {{"runc", "/usr/bin/runc"},
		     {"containerd-shim", "/usr/bin/containerd-shim"},
		     {"sh", "/bin/sh"},
		     {"", ""}};
	struct host_facts host = {.init_ns = {.mnt = 1, .pid = 2, .net = 3}};
	struct container_ref ct = {.runtime = RUNTIME_DOCKER, .id = "0123456789abcdef"};
	struct container_meta meta = {.name = "web", .image = "nginx:1.27", .namespace = "shop"};
	struct classifier *c = classifier__new(cfg, &host);

	if (!c)
		return;
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		struct ctw_mount_event e = {.hdr = {.type = CTW_EVENT_MOUNT,
						    .size = sizeof(e),
						    .syscall_nr = CTW_NO_SYSCALL,
						    .cap_effective = ~0ull},
					    .source = "/dev/vda",
					    .target = "/mnt",
					    .fstype = "ext4"};
		struct classify_input in = {.rec = &e.hdr, .container = &ct, .meta = &meta};
		struct classification cl;

		strncpy(e.hdr.comm, procs[i].comm, sizeof(e.hdr.comm));
		strncpy(e.hdr.exe, procs[i].exe, sizeof(e.hdr.exe));
		classify__event(c, &in, &cl);
		FUZZ_CHECK(cl.severity < SEVERITY_MAX, "severity %d", cl.severity);
		FUZZ_CHECK(cl.n_reasons <= CLASSIFY_MAX_REASONS, "%zu reasons", cl.n_reasons);
		for (size_t r = 0; r < cl.n_reasons; r++)
			FUZZ_CHECK(memchr(cl.reasons[r], 0, CLASSIFY_REASON_LEN),
				   "reason unterminated");
		classify__should_emit(c, &in, &cl);
	}
	classifier__free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct ctw_error err = {""};
	struct config cfg;
	int ret = config__load(path, &cfg, &err);

	FUZZ_CHECK(memchr(err.msg, 0, sizeof(err.msg)), "message unterminated");
	if (ret < 0) {
		FUZZ_CHECK(err.msg[0], "refused (%d) without a message", ret);
		FUZZ_CHECK(!strchr(err.msg, '\n'), "message of more than one line: %s", err.msg);
	} else {
		FUZZ_CHECK(ret == 0, "returned %d", ret);
		FUZZ_CHECK(cfg.min_severity < SEVERITY_MAX, "min_severity %d", cfg.min_severity);
		FUZZ_CHECK(cfg.n_exceptions <= CONFIG_MAX_EXCEPTIONS, "%zu exceptions",
			   cfg.n_exceptions);
		FUZZ_CHECK(cfg.n_runtimes <= CONFIG_MAX_RUNTIMES, "%zu runtimes", cfg.n_runtimes);
		FUZZ_CHECK(cfg.n_outputs <= SINK_MAX_OUTPUTS, "%zu outputs", cfg.n_outputs);
		for (size_t i = 0; i < cfg.n_runtimes; i++)
			FUZZ_CHECK(cfg.runtimes[i].comm && cfg.runtimes[i].exe &&
				       glob__valid(cfg.runtimes[i].comm) &&
				       glob__valid(cfg.runtimes[i].exe),
				   "runtime %zu without valid globs", i);
		classify_samples(&cfg);
	}
	config__free(&cfg);
	return 0;
}
