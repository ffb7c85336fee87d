// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The one definition of every map and knob; the other .bpf.c files declare
 * them extern (common.bpf.h) and `bpftool gen object` links them together.
 * Who writes and who reads each one is said in common.bpf.h.
 */
#include "common.bpf.h"

struct ctw_events_map events SEC(".maps");

struct ctw_counters_map counters SEC(".maps");

struct ctw_task_state_map task_state SEC(".maps");

struct ctw_exec_creds_map exec_creds SEC(".maps");

struct ctw_fallback_syscalls_map fallback_syscalls SEC(".maps");

struct ctw_zero_record_map zero_record SEC(".maps");

struct ctw_scratch_map scratch SEC(".maps");

struct ctw_cgroup_seen_map cgroup_seen SEC(".maps");

struct ctw_runtime_bins_map runtime_bins SEC(".maps");
struct ctw_sensitive_names_map sensitive_names SEC(".maps");

const volatile __u64 cfg_enabled_types = 0;
const volatile __u32 cfg_wakeup_bytes = 0;
const volatile __u32 cfg_self_tgid = 0;
const volatile __u32 cfg_host_mnt_ns = 0;
const volatile __u64 cfg_sensitive_name_lens = 0;
const volatile bool cfg_have_rdonly_cast = false;
const volatile __s32 cfg_cgroup_v1_subsys = -1;
const volatile __u32 cfg_cgroup_hierarchy = 0;
const volatile bool cfg_runtime_bins = false;

/*
 * Keep every record type of events.h in this object's BTF, so the ABI test can
 * compare the layouts with the collector's (some are not built by BPF yet).
 */
struct ctw_counters *ctw_abi_counters __attribute__((unused));
union ctw_any_event *ctw_abi_any __attribute__((unused));

/*
 * The sources are LGPL-2.1 OR BSD-2-Clause (LICENSE); "Dual BSD/GPL" is the
 * kernel's name for a GPL-compatible dual licence, which the GPL-only helpers
 * the programs call require (libbpf, under the same licence, says the same).
 */
char LICENSE[] SEC("license") = "Dual BSD/GPL";
