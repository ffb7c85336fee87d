// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * module_load: a module is in. Kernels without CONFIG_MODULES have no such
 * tracepoint; the loader then leaves this program out and init_module /
 * finit_module attempts still arrive through the syscall programs.
 */
#include "common.bpf.h"

/* The module/module_load record, stable since 2.6.33. */
struct ctw_module_load_ctx {
	__u64 common;
	__u32 taints;
	__u32 name_loc; /* __data_loc: offset in the low 16 bits, length above */
};

SEC("tracepoint/module/module_load")
int handle_module_load(struct ctw_module_load_ctx *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct ctw_module_event *e;
	union ctw_any_event *rec;
	__u32 loc = ctx->name_loc;

	if (!ctw_type_enabled(CTW_EVENT_MODULE_LOAD) || !ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->module;
	ctw_fill_header(&e->hdr, task, CTW_EVENT_MODULE_LOAD, sizeof(*e), CTW_NO_SYSCALL,
			CTW_SOURCE_MODULE_TP, NULL);
	e->op = CTW_MODULE_OP_LOADED;
	e->fd = -1;
	e->flags = ctx->taints;
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), (void *)ctx + (loc & 0xffff));
	ctw_emit(e, sizeof(*e), CTW_EVENT_MODULE_LOAD);
	return 0;
}

/*
 * The module/module_request record (include/trace/events/module.h): ip, wait,
 * then the name as __data_loc, stable since 2.6.33 like module_load's.
 */
struct ctw_module_request_ctx {
	__u64 common;
	__u64 ip;
	__u8 wait;
	__u8 _pad[3];
	__u32 name_loc; /* __data_loc: offset in the low 16 bits, length above */
};

/*
 * request_module() fires it in the context of the task whose call needs the
 * module (socket(2) of an unregistered family, mount(2) of an unregistered
 * filesystem type, ...), before modprobe runs: the record names that task.
 */
SEC("tracepoint/module/module_request")
int handle_module_request(struct ctw_module_request_ctx *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct ctw_module_request_event *e;
	union ctw_any_event *rec;
	__u32 loc = ctx->name_loc;

	if (!ctw_type_enabled(CTW_EVENT_MODULE_REQUEST) || !ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->module_request;
	ctw_fill_header(&e->hdr, task, CTW_EVENT_MODULE_REQUEST, sizeof(*e), CTW_NO_SYSCALL,
			CTW_SOURCE_MODULE_TP, NULL);
	e->wait = ctx->wait;
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), (void *)ctx + (loc & 0xffff));
	ctw_emit(e, sizeof(*e), CTW_EVENT_MODULE_REQUEST);
	return 0;
}
