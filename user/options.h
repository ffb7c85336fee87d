/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Command-line parsing: pure, so that every flag and every error is unit-tested. */
#ifndef CTRWATCH_OPTIONS_H
#define CTRWATCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "log.h"
#include "sink.h"

#define OPTIONS_DEFAULT_RINGBUF (16u << 20)
#define OPTIONS_DEFAULT_CONFIG "/etc/ctrwatch/ctrwatch.yaml"
#define OPTIONS_DEFAULT_METRICS_ADDR "127.0.0.1:7847"
#define OPTIONS_DEFAULT_DRAIN_MS 5000
#define OPTIONS_MAX_DRAIN_MS 600000

/*
 * --syscall-fallback: when a monitored syscall has no tracepoint of its own,
 * raw_syscalls/sys_enter+sys_exit (every syscall of the host pays) reports it.
 */
enum options_syscall_fallback {
	OPTIONS_FALLBACK_AUTO = 0, /* only for calls that can succeed on this kernel */
	OPTIONS_FALLBACK_ON,	   /* also module loads on a kernel that cannot load modules */
	OPTIONS_FALLBACK_OFF,	   /* never */
};

enum options_action {
	OPTIONS_RUN = 0,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	OPTIONS_CHECK_CONFIG,
};

struct options {
	enum options_action action;
	const char *outputs[SINK_MAX_OUTPUTS]; /* as given; none means stdout */
	size_t n_outputs;
	uint32_t ringbuf_bytes; /* power of two, at least one page */
	uint64_t events_mask;	/* bit (1 << type); 0 = not given on the command line */
	bool log_level_set;
	enum log_level log_level;
	const char *config_path;
	bool config_explicit;	  /* --config given: a missing file is then an error */
	const char *metrics_addr; /* "off" disables the endpoint */
	const char *web_config;	  /* --web-config: TLS and basic auth for it, or NULL */
	const char *host_root;	  /* "" or e.g. "/host" when run in a DaemonSet */
	const char *format;	  /* "json" or "falco" */
	bool falco_all_events;	  /* --falco-events all: unflagged events too */
	const char *node_name;	  /* --node-name; NULL: $NODE_NAME, else the host name */
	enum log_format log_format;
	enum options_syscall_fallback syscall_fallback;
	/*
	 * --drain-timeout: how long SIGTERM/SIGINT waits for the outputs to write
	 * what they hold; what is left then is counted as dropped.
	 */
	unsigned int drain_ms;
};

/*
 * Fills `out` from argv. Returns 0, or -EINVAL with a one-line message in
 * `err` (without the program name).
 */
int options__parse(int argc, char **argv, struct options *out, struct ctw_error *err);

/* The --help text. */
extern const char options__usage[];

#endif /* CTRWATCH_OPTIONS_H */
