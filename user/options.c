// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event_type.h"
#include "options.h"
#include "util.h"

const char options__usage[] =
    "Usage: ctrwatch [OPTION]...\n"
    "eBPF runtime security monitor for containers: one JSON object per line.\n"
    "\n"
    "  -o, --output DEST        where events go; repeatable (up to 8). DEST is\n"
    "                           stdout (default), file:PATH or a PATH (appended to;\n"
    "                           SIGHUP reopens), tcp://HOST:PORT, unix:PATH (JSON\n"
    "                           lines), syslog, syslog:unix:PATH, syslog+udp://HOST:PORT,\n"
    "                           syslog+tcp://HOST:PORT (RFC 5424), journal[:PATH];\n"
    "                           tls://HOST:PORT, syslog+tls://HOST:PORT (TLS; take\n"
    "                           ?ca=FILE&cert=FILE&key=FILE&server_name=NAME, the\n"
    "                           chain and name always verified);\n"
    "                           http://HOST[:PORT][/PATH], https://... (POST: JSON\n"
    "                           lines in batches; --format falco: one event per\n"
    "                           request, for Falcosidekick; https takes ca, cert, key).\n"
    "                           Sockets and http take ?queue=SIZE (default 16M),\n"
    "                           syslog ?facility=NAME (default daemon).\n"
    "                           --output replaces the config file's outputs:\n"
    "      --format FMT         json (default) or falco\n"
    "      --falco-events WHICH with --format falco: 'flagged' (default; only events\n"
    "                           that raised a detection, as Falco emits only rule\n"
    "                           matches) or 'all'\n"
    "  -e, --events LIST        comma-separated event types to capture, or 'all'\n"
    "                           (capset,setuid,setuid_exec,mount,umount,module_load,\n"
    "                           setns,unshare,ptrace,bpf,open_by_handle_at,file_write,\n"
    "                           file_open,mknod,container_start,container_stop,posture,\n"
    "                           exec,clone,connect,link,process_vm,kernel_api,\n"
    "                           module_request)\n"
    "  -c, --config PATH        configuration file (default " OPTIONS_DEFAULT_CONFIG ";\n"
    "                           optional at the default path only: missing, the\n"
    "                           built-in defaults apply)\n"
    "      --check-config       run every start-up check short of loading BPF (config,\n"
    "                           outputs, metrics address, web config) and exit: 0 ok,\n"
    "                           2 not\n"
    "      --metrics-addr ADDR  Prometheus /metrics and /healthz on HOST:PORT, or\n"
    "                           :PORT for every IPv4 address (default\n"
    "                           " OPTIONS_DEFAULT_METRICS_ADDR "), or 'off'\n"
    "      --web-config FILE    TLS and basic auth for the metrics endpoint, in the\n"
    "                           Prometheus exporter toolkit's format\n"
    "                           (tls_server_config: cert_file, key_file;\n"
    "                           basic_auth_users: USER: BCRYPT_HASH)\n"
    "      --node-name NAME     the node's name in events (host, Falco hostname);\n"
    "                           default $NODE_NAME, else the host name\n"
    "      --ringbuf-size SIZE  BPF ring buffer size in bytes, power of two, K/M suffix\n"
    "                           allowed (default 16M)\n"
    "      --host-root PATH     where the host's / is mounted (in a DaemonSet: /host)\n"
    "      --syscall-fallback WHEN\n"
    "                           raw_syscalls for a monitored syscall without its own\n"
    "                           tracepoint (every syscall of the host then pays):\n"
    "                           auto (default: not for module loads on a kernel that\n"
    "                           cannot load modules), on (always), off (never)\n"
    "      --drain-timeout TIME on SIGTERM/SIGINT, how long the outputs may take to\n"
    "                           write what they hold (default 5s; N, Ns or Nms, at\n"
    "                           most 600s); what is left then is counted as dropped\n"
    "  -l, --log-level LEVEL    error, warn, info (default) or debug\n"
    "      --log-format FMT     the daemon's own log on stderr: text (default) or json\n"
    "                           (one object a line), both with timestamps\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Exit status: 0 stopped cleanly; 1 runtime failure; 2 bad usage or configuration;\n"
    "3 missing privileges; 4 kernel lacks a required feature; 5 output not writable.\n";

enum long_only_option {
	OPT_FORMAT = 256,
	OPT_CHECK_CONFIG,
	OPT_METRICS_ADDR,
	OPT_RINGBUF_SIZE,
	OPT_HOST_ROOT,
	OPT_NODE_NAME,
	OPT_LOG_FORMAT,
	OPT_FALCO_EVENTS,
	OPT_WEB_CONFIG,
	OPT_SYSCALL_FALLBACK,
	OPT_DRAIN_TIMEOUT,
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"events", required_argument, NULL, 'e'},
    {"config", required_argument, NULL, 'c'},
    {"check-config", no_argument, NULL, OPT_CHECK_CONFIG},
    {"metrics-addr", required_argument, NULL, OPT_METRICS_ADDR},
    {"web-config", required_argument, NULL, OPT_WEB_CONFIG},
    {"ringbuf-size", required_argument, NULL, OPT_RINGBUF_SIZE},
    {"host-root", required_argument, NULL, OPT_HOST_ROOT},
    {"log-level", required_argument, NULL, 'l'},
    {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
    {"node-name", required_argument, NULL, OPT_NODE_NAME},
    {"falco-events", required_argument, NULL, OPT_FALCO_EVENTS},
    {"syscall-fallback", required_argument, NULL, OPT_SYSCALL_FALLBACK},
    {"drain-timeout", required_argument, NULL, OPT_DRAIN_TIMEOUT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* "16M", "65536", "4K" → bytes; must be a power of two between 4 KiB and 1 GiB. */
static int parse_ringbuf_size(const char *text, uint32_t *out)
{
	uint64_t v;

	if (size__parse(text, &v) < 0 || v < 4096 || v > (1ull << 30) || (v & (v - 1)) != 0)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* "5", "5s" or "500ms" → milliseconds, at most OPTIONS_MAX_DRAIN_MS. */
static int parse_drain_timeout(const char *text, unsigned int *out_ms)
{
	size_t digits = strspn(text, "0123456789");
	const char *unit = text + digits;
	uint64_t v = 0, scale;

	if (digits == 0 || digits > 9)
		return -EINVAL;
	if (unit[0] == '\0' || strcmp(unit, "s") == 0)
		scale = 1000;
	else if (strcmp(unit, "ms") == 0)
		scale = 1;
	else
		return -EINVAL;
	for (size_t i = 0; i < digits; i++)
		v = v * 10 + (uint64_t)(text[i] - '0');
	v *= scale;
	if (v > OPTIONS_MAX_DRAIN_MS)
		return -EINVAL;
	*out_ms = (unsigned int)v;
	return 0;
}

int options__parse(int argc, char **argv, struct options *out, struct ctw_error *err)
{
	int opt;

	memset(out, 0, sizeof(*out));
	out->ringbuf_bytes = OPTIONS_DEFAULT_RINGBUF;
	out->config_path = OPTIONS_DEFAULT_CONFIG;
	out->metrics_addr = OPTIONS_DEFAULT_METRICS_ADDR;
	out->host_root = "";
	out->format = "json";
	out->log_level = LOG_LVL_INFO;
	out->drain_ms = OPTIONS_DEFAULT_DRAIN_MS;

	optind = 0; /* reset getopt so that the parser can run more than once (tests) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:e:c:l:hV", long_options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			if (out->n_outputs == SINK_MAX_OUTPUTS)
				return ctw_error__set(err, EINVAL, "--output: at most %d outputs",
						      SINK_MAX_OUTPUTS);
			if (optarg[0] == '\0')
				return ctw_error__set(err, EINVAL, "--output: empty destination");
			out->outputs[out->n_outputs++] = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "falco") != 0)
				return ctw_error__set(
				    err, EINVAL, "--format: '%s' is not json or falco", optarg);
			out->format = optarg;
			break;
		case 'e': {
			const char *bad = NULL;

			if (event_type__parse_list(optarg, &out->events_mask, &bad) < 0)
				return ctw_error__set(err, EINVAL,
						      "--events: unknown event type '%.*s'",
						      (int)strcspn(bad, ","), bad);
			break;
		}
		case 'c':
			out->config_path = optarg;
			out->config_explicit = true;
			break;
		case OPT_CHECK_CONFIG:
			out->action = OPTIONS_CHECK_CONFIG;
			break;
		case OPT_METRICS_ADDR:
			out->metrics_addr = optarg;
			break;
		case OPT_WEB_CONFIG:
			out->web_config = optarg;
			break;
		case OPT_RINGBUF_SIZE:
			if (parse_ringbuf_size(optarg, &out->ringbuf_bytes) < 0)
				return ctw_error__set(
				    err, EINVAL,
				    "--ringbuf-size: '%s' is not a power of two between 4K "
				    "and 1024M",
				    optarg);
			break;
		case OPT_HOST_ROOT:
			out->host_root = optarg;
			break;
		case OPT_NODE_NAME:
			if (optarg[0] == '\0')
				return ctw_error__set(err, EINVAL, "--node-name: empty name");
			out->node_name = optarg;
			break;
		case OPT_LOG_FORMAT:
			if (log_parse_format(optarg, &out->log_format) < 0)
				return ctw_error__set(
				    err, EINVAL, "--log-format: '%s' is not text or json", optarg);
			break;
		case OPT_FALCO_EVENTS:
			if (strcmp(optarg, "flagged") != 0 && strcmp(optarg, "all") != 0)
				return ctw_error__set(err, EINVAL,
						      "--falco-events: '%s' is not flagged or all",
						      optarg);
			out->falco_all_events = strcmp(optarg, "all") == 0;
			break;
		case OPT_SYSCALL_FALLBACK:
			if (strcmp(optarg, "auto") == 0)
				out->syscall_fallback = OPTIONS_FALLBACK_AUTO;
			else if (strcmp(optarg, "on") == 0)
				out->syscall_fallback = OPTIONS_FALLBACK_ON;
			else if (strcmp(optarg, "off") == 0)
				out->syscall_fallback = OPTIONS_FALLBACK_OFF;
			else
				return ctw_error__set(err, EINVAL,
						      "--syscall-fallback: '%s' is not auto, on or "
						      "off",
						      optarg);
			break;
		case OPT_DRAIN_TIMEOUT:
			if (parse_drain_timeout(optarg, &out->drain_ms) < 0)
				return ctw_error__set(err, EINVAL,
						      "--drain-timeout: '%s' is not N, Ns or Nms "
						      "up to 600s",
						      optarg);
			break;
		case 'l':
			if (log_parse_level(optarg, &out->log_level) < 0)
				return ctw_error__set(
				    err, EINVAL,
				    "--log-level: '%s' is not error, warn, info or debug", optarg);
			out->log_level_set = true;
			break;
		case 'h':
			out->action = OPTIONS_HELP;
			return 0;
		case 'V':
			out->action = OPTIONS_VERSION;
			return 0;
		case ':':
			return ctw_error__set(err, EINVAL, "%s: missing argument",
					      argv[optind - 1]);
		default:
			return ctw_error__set(err, EINVAL, "unknown option '%s' (see --help)",
					      argv[optind - 1]);
		}
	}
	if (optind < argc)
		return ctw_error__set(err, EINVAL, "unexpected argument '%s' (see --help)",
				      argv[optind]);
	return 0;
}
