// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The one BPF translation unit: each part keeps its own file and is compiled
 * here with the others. Separately compiled objects linked by `bpftool gen
 * object` would need libbpf 1.5 or later once more than one of them declares
 * the same kfunc (bpf_rdonly_cast, common.bpf.h): older linkers fail on the
 * duplicate extern ("failed to resolve size of underlying type"), and Debian
 * 12 ships libbpf 1.1. maps.bpf.c comes first: it defines what the others
 * declare extern.
 */
#include "maps.bpf.c"
#include "exec.bpf.c"
#include "file_write.bpf.c"
#include "lifecycle.bpf.c"
#include "module.bpf.c"
#include "proc.bpf.c"
#include "syscalls.bpf.c"
