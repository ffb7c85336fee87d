/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The process exit codes; documented in README.md and ctrwatch(8). Never an errno. */
#ifndef CTRWATCH_EXIT_CODES_H
#define CTRWATCH_EXIT_CODES_H

enum exit_code {
	EXIT_OK =
	    0, /* stopped by SIGTERM/SIGINT after draining, or --help/--version/--check-config */
	EXIT_FAILURE_RUNTIME = 1, /* failed while running, or an unexpected start-up error */
	EXIT_USAGE = 2,		  /* bad command line or configuration file */
	EXIT_NO_PRIVILEGE = 3,	  /* not root / lacking CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE, or
				     the metrics process's CAP_SETUID, CAP_SETGID, CAP_SETPCAP */
	EXIT_KERNEL_UNSUPPORTED = 4, /* no BTF, no BPF ring buffer, tracepoints unavailable */
	EXIT_OUTPUT = 5,	     /* an output could not be opened */
};

#endif /* CTRWATCH_EXIT_CODES_H */
