# ctrwatch — build everything into $(BUILD)/.
#   make            build the BPF object, its skeleton, the collector and the tests
#   make run        install dependencies, build and run the monitor on this host
#   make test       unit tests (no root), integration tests (root), VM tests, ASan/UBSan,
#                   then every fuzz target for 20 s (fuzz-ci)
#   make vmtest     the collector on Debian's 6.1 and 6.12 kernels under qemu (VMTEST_KERNELS)
#   make ARCH=arm64 cross-build for arm64 into build-arm64/ (scripts/install-deps.sh --arm64);
#                   make vmtest ARCH=arm64 runs that build under qemu-system-aarch64
#   make fuzz       build the libFuzzer targets and run each FUZZ_SECONDS (60) under the heavy lock
#   make vmlinux    regenerate vmlinux/$(ARCH)/vmlinux.h from the running kernel's BTF
#                   (another ARCH's: from Debian's VMLINUX_KERNEL booted under qemu)
#   make fmt | fmt-check | clean | install (DESTDIR, prefix)
# V=1 shows commands; WERROR=1 (set by CI) turns warnings into errors;
# SANITIZE=1 builds with AddressSanitizer and UBSan into build-asan/.

.DELETE_ON_ERROR:
.SUFFIXES:

VERSION     := 0.1.0
HOST_ARCH   := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
ARCH        ?= $(HOST_ARCH)
ifeq ($(SANITIZE),1)
BUILD       ?= build-asan
else ifneq ($(ARCH),$(HOST_ARCH))
BUILD       ?= build-$(ARCH)
else
BUILD       ?= build
endif
CLANG       ?= clang
# ARCH=arm64 on another host cross-compiles: GCC's cross compiler against Debian's
# arm64 libraries installed through multiarch (scripts/install-deps.sh --arm64).
ifneq ($(ARCH),$(HOST_ARCH))
CROSS_COMPILE ?= $(subst arm64,aarch64,$(subst x86,x86_64,$(ARCH)))-linux-gnu-
endif
ifdef CROSS_COMPILE
CC          := $(CROSS_COMPILE)gcc
AR          := $(CROSS_COMPILE)ar
else
CC          ?= cc
AR          ?= ar
endif
BPFTOOL     ?= bpftool
prefix      ?= /usr/local
DESTDIR     ?=

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN        := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wformat=2 -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN        += -Werror
endif

BPF_ARCH    := $(subst x86,x86,$(subst arm64,arm64,$(ARCH)))
BPF_CFLAGS  := -g -O2 -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -D__BPF__ \
               -I$(BUILD) -Ivmlinux/$(ARCH) -Ibpf -Wall -Wno-unused-function
ifeq ($(WERROR),1)
BPF_CFLAGS  += -Werror
endif

USER_CFLAGS := -std=gnu11 -g -O2 -D_GNU_SOURCE -DCTRWATCH_VERSION='"$(VERSION)"' \
               -I$(BUILD) -Iuser -Ibpf $(WARN) -MMD -MP
# A packager's flags (dpkg-buildflags: hardening, -ffile-prefix-map) come last.
USER_CFLAGS += $(CPPFLAGS) $(CFLAGS)
LDLIBS      := -lbpf -lelf -lz -ljson-c -lyaml -lmicrohttpd -lcurl -lgnutls -lcrypt -lpthread
ifeq ($(SANITIZE),1)
USER_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS     += -fsanitize=address,undefined
endif

# One translation unit that includes the other bpf/*.bpf.c (bpf/ctrwatch.bpf.c says why).
BPF_SRCS    := bpf/ctrwatch.bpf.c
BPF_PARTS   := $(filter-out $(BPF_SRCS),$(wildcard bpf/*.bpf.c))
BPF_OBJS    := $(patsubst bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))
USER_SRCS   := $(sort $(wildcard user/*.c))
USER_OBJS   := $(patsubst user/%.c,$(BUILD)/user/%.o,$(USER_SRCS))
LIB_OBJS    := $(filter-out $(BUILD)/user/main.o,$(USER_OBJS))
UNIT_SRCS   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
ITEST_SRCS  := $(sort $(wildcard tests/integration/*.c))
ITEST_BINS  := $(patsubst tests/integration/%.c,$(BUILD)/tests/integration/%,$(ITEST_SRCS))

.PHONY: all run test unit-test integration-test vmtest asan-test vmlinux fmt fmt-check clean install deps
all: $(BUILD)/ctrwatch $(UNIT_BINS) $(ITEST_BINS)

deps:
	$(Q)bash scripts/install-deps.sh

# stdout carries the events alone (`make run | jq`): the dependency
# script's and the build's own lines go to stderr.
run:
	$(Q)bash scripts/install-deps.sh >&2
	$(Q)$(MAKE) --no-print-directory all >&2
	$(Q)exec $(BUILD)/ctrwatch $(ARGS)

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c $(BPF_PARTS) $(wildcard bpf/*.h) vmlinux/$(ARCH)/vmlinux.h | $(BUILD)/bpf
	@$(if $(Q),echo "  BPF     $@")
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# The compiled unit through the BPF linker: it drops DWARF and leaves the BTF the skeleton reads.
$(BUILD)/ctrwatch.bpf.o: $(BPF_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(BPFTOOL) gen object $@ $^

$(BUILD)/ctrwatch.skel.h: $(BUILD)/ctrwatch.bpf.o
	@$(if $(Q),echo "  SKEL    $@")
	$(Q)$(BPFTOOL) gen skeleton $< name ctrwatch_bpf > $@

$(BUILD)/user/%.o: user/%.c | $(BUILD)/user
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

# Only the loader includes the skeleton; the other modules build without a BPF toolchain.
$(BUILD)/user/loader.o: $(BUILD)/ctrwatch.skel.h

$(BUILD)/libctrwatch.a: $(LIB_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/ctrwatch: $(BUILD)/user/main.o $(BUILD)/libctrwatch.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libctrwatch.a | $(BUILD)/tests
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(USER_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libctrwatch.a $(LDFLAGS) $(LDLIBS)

# test_abi reads its own compiler's layout of the records from the BTF that -gbtf
# (GCC 12 and later) leaves in the binary; no other object here carries BTF.
$(BUILD)/tests/test_abi: tests/unit/test_abi.c tests/unit/check.h $(wildcard bpf/*.h bpf/*.def) | $(BUILD)/tests
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(USER_CFLAGS) -gbtf -Itests/unit -o $@ $< $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/integration/%: tests/integration/%.c | $(BUILD)/tests/integration
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) -std=gnu11 -O2 -D_GNU_SOURCE $(WARN) -o $@ $< -static

$(BUILD)/bpf $(BUILD)/user $(BUILD)/tests $(BUILD)/tests/integration:
	$(Q)mkdir -p $@

test: fmt-check unit-test integration-test vmtest asan-test fuzz-ci
# The Debian package is built once per `make test`, by the plain integration pass; the
# sanitizer pass installs that one (the package never holds the sanitizer build).
test: export CTW_DEB_KEEP := $(abspath $(BUILD))/deb

unit-test: $(UNIT_BINS)
	$(Q)CTW_BPF_OBJ=$(BUILD)/ctrwatch.bpf.o bash tests/run-unit.sh $(UNIT_BINS)

integration-test: all
	$(Q)BUILD=$(BUILD) bash tests/integration/run.sh

# Debian 12's stock kernel and its newer 6.12, cgroup2 only, and 6.1 with systemd's hybrid
# layout (tests/vmtest/run.sh): the code paths this host's kernel does not take (module
# tracepoints, no bpf_rdonly_cast on 6.1).
# ARCH=arm64: the cross build under qemu-system-aarch64 (TCG), not part of `make test`
# (README.md gives its run time).
VMTEST_KERNELS ?= 6.1 6.12 6.1:hybrid 6.1:v1
vmtest: all
	$(Q)ARCH=$(ARCH) BUILD=$(BUILD) bash tests/vmtest/run.sh $(VMTEST_KERNELS)

# The sanitizer pass: unit tests and the integration suite against an ASan/UBSan collector.
asan-test:
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 all
	$(Q)CTW_BPF_OBJ=build-asan/ctrwatch.bpf.o bash tests/run-unit.sh $(patsubst tests/unit/%.c,build-asan/tests/%,$(UNIT_SRCS))
	$(Q)BUILD=build-asan CTW_DEB=$${CTW_DEB_KEEP:+$$(ls "$$CTW_DEB_KEEP"/*.deb 2>/dev/null)} \
		bash tests/integration/run.sh

# libFuzzer targets (tests/fuzz/README.md): clang with the fuzzer, ASan and UBSan, over the
# collector's modules built the same way into $(FUZZ_BUILD)/ (the loader, which needs the BPF
# skeleton, is not among them: no target reaches it).
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRCS))
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -D_GNU_SOURCE -DCTRWATCH_VERSION='"$(VERSION)"' -Iuser -Ibpf \
                $(WARN) -MMD -MP $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(patsubst user/%.c,$(FUZZ_BUILD)/user/%.o, \
                   $(filter-out user/main.c user/loader.c,$(USER_SRCS)))
FUZZ_SECONDS ?= 60
FUZZ_LOCK    ?= flock /tmp/ctw-heavy.lock

$(FUZZ_BUILD)/user/%.o: user/%.c | $(FUZZ_BUILD)/user
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libctrwatch-fuzz.a: $(FUZZ_LIB_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_BUILD)/libctrwatch-fuzz.a
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
		$(FUZZ_BUILD)/libctrwatch-fuzz.a $(LDLIBS)

$(FUZZ_BUILD)/user:
	$(Q)mkdir -p $@

.PHONY: fuzz fuzz-build fuzz-ci
fuzz-build: $(FUZZ_BINS)

# A campaign: the corpus in $(FUZZ_BUILD)/corpus/ grows from run to run.
fuzz: fuzz-build
	$(Q)$(FUZZ_LOCK) env FUZZ_BUILD=$(FUZZ_BUILD) bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# CI: every target 20 s from the seeds only, two at a time (one a core); any crash, leak,
# timeout or failed check fails.
fuzz-ci: fuzz-build
	$(Q)FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_FRESH=1 FUZZ_JOBS=2 bash tests/fuzz/run.sh 20

# Root, not part of `make test`: cost tables into $(BUILD)/bench/results.txt (docs/performance.md).
BENCH_BINS := $(addprefix $(BUILD)/bench/,floor.bpf.o reference.bpf.o floor_loader syscall_bench evgen \
                true)
.PHONY: bench
bench: $(BUILD)/ctrwatch $(BENCH_BINS)
	$(Q)BUILD=$(BUILD) bash tests/bench/run.sh

$(BUILD)/bench/floor.bpf.o $(BUILD)/bench/reference.bpf.o: $(BUILD)/bench/%.bpf.o: tests/bench/%.bpf.c \
                vmlinux/$(ARCH)/vmlinux.h | $(BUILD)/bench
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bench/floor_loader: tests/bench/floor_loader.c | $(BUILD)/bench
	$(Q)$(CC) -std=gnu11 -O2 -D_GNU_SOURCE $(WARN) -o $@ $< -lbpf -lelf -lz

$(BUILD)/bench/syscall_bench $(BUILD)/bench/evgen: $(BUILD)/bench/%: tests/bench/%.c | $(BUILD)/bench
	$(Q)$(CC) -std=gnu11 -O2 -D_GNU_SOURCE $(WARN) -o $@ $< -lpthread

$(BUILD)/bench/true: tests/bench/true.c | $(BUILD)/bench
	$(Q)$(CC) -O2 -static -o $@ $<

$(BUILD)/bench:
	$(Q)mkdir -p $@

# Another architecture's (make vmlinux ARCH=arm64): from Debian's kernel booted under qemu.
VMLINUX_KERNEL ?= 6.12
ifneq ($(ARCH),$(HOST_ARCH))
vmlinux:
	$(Q)bash scripts/vmlinux-debian.sh $(ARCH) $(VMLINUX_KERNEL) $(BUILD)
else
vmlinux:
	@test -r /sys/kernel/btf/vmlinux || { echo "make vmlinux: this kernel exposes no BTF (/sys/kernel/btf/vmlinux): build on a kernel with CONFIG_DEBUG_INFO_BTF=y" >&2; exit 1; }
	$(Q)mkdir -p vmlinux/$(ARCH)
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux/$(ARCH)/vmlinux.h
	@echo "  GEN     vmlinux/$(ARCH)/vmlinux.h"
endif

FMT_SRCS := $(wildcard bpf/*.c bpf/*.h user/*.c user/*.h user/*/*.c user/*/*.h tests/unit/*.c \
              tests/unit/*.h tests/integration/*.c tests/fuzz/*.c)
fmt:
	$(Q)clang-format -i $(FMT_SRCS)

# Fails, listing the files, when any source differs from what `make fmt` would write.
fmt-check:
	$(Q)bad=$$(for f in $(FMT_SRCS); do clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "make fmt-check: not formatted (run make fmt):" $$bad >&2; exit 1; fi

clean:
	$(Q)rm -rf build build-asan build-arm64 build-x86

# PREFIX is accepted as well as prefix. The config lives in /etc whatever the
# prefix (the binary's default path) and an existing one is never overwritten.
install_prefix = $(or $(PREFIX),$(prefix))
install: $(BUILD)/ctrwatch
	install -D -m 0755 $(BUILD)/ctrwatch $(DESTDIR)$(install_prefix)/sbin/ctrwatch
	install -d $(DESTDIR)$(install_prefix)/lib/systemd/system
	sed 's|/usr/local/sbin/ctrwatch|$(install_prefix)/sbin/ctrwatch|g' packaging/ctrwatch.service \
		> $(DESTDIR)$(install_prefix)/lib/systemd/system/ctrwatch.service
	chmod 0644 $(DESTDIR)$(install_prefix)/lib/systemd/system/ctrwatch.service
	install -D -m 0644 docs/ctrwatch.8 $(DESTDIR)$(install_prefix)/share/man/man8/ctrwatch.8
	test -e $(DESTDIR)/etc/ctrwatch/ctrwatch.yaml || \
		install -D -m 0640 packaging/ctrwatch.yaml $(DESTDIR)/etc/ctrwatch/ctrwatch.yaml
	if [ -f packaging/logrotate.d/ctrwatch ]; then \
		install -D -m 0644 packaging/logrotate.d/ctrwatch $(DESTDIR)/etc/logrotate.d/ctrwatch; fi

-include $(USER_OBJS:.o=.d) $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:=.d)
