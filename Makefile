# SPDX-License-Identifier: GPL-2.0
#
# hnet top-level Makefile: builds the kernel module (kmod/hnet.ko), the
# configuration tool (tool/hnetctl) and the selftest helpers, and runs the
# selftests in a QEMU guest (make check).
#
#   make                      build everything
#   make KDIR=/path/to/tree   build against another kernel tree
#   make W=1                  extra kbuild warnings
#   make install              install hnet.ko (extra/) + depmod, and hnetctl
#                             with its man page and bash completion
#   make check                install missing Debian packages, build, boot
#                             the kernel in QEMU and run every selftest
#   make check T=hnet_foo     run one selftest
#   make check VM_KERNEL=/boot/vmlinuz-X KDIR=/usr/src/linux-headers-X
#   make check-build          W=1 + sparse (C=2) + checkpatch --strict (part
#                             of make check)
#   make ynl                  the kernel's YNL CLI (tools/net/ynl) and netlink
#                             schemas from linux-source-6.12 in build/ynl/
#                             (part of make all; selftests/hnet_ynl.sh)
#   make check-dkms           dkms add/build/install in a private tree, for
#                             KDIR (part of make check; alone: every kernel
#                             with /lib/modules/*/build)
#   make check-debug          the selftests on a KASAN/lockdep/kmemleak
#                             kernel built (once, cached) from linux-source-6.1
#   make dkms-install         install the source in /usr/src/hnet-<version>
#                             and build hnet for every installed kernel
#   make demo                 narrated two-hypervisor, two-tenant scenario
#                             in the VM (selftests/demo.sh)
#   make bench                hnet against a bare veth pair, the Linux
#                             bridge (+ vxlan) and Open vSwitch, in the VM
#                             (bench/bench.sh)
#   make clean

# Kernel tree: the running kernel's build dir if it exists (a hypervisor),
# else the newest headers of Debian 12's default kernel, 6.1
# (linux-headers-6.1.*-amd64, what linux-headers-amd64 installs), else the
# newest installed linux-headers-*-amd64. make check tests this one kernel;
# CI (.ci/run) runs it for 6.1 and for 6.12 with explicit KDIR/VM_KERNEL.
newest-headers = $(lastword $(shell ls -d /usr/src/linux-headers-$(1)-amd64 2>/dev/null | sort -V))
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(call newest-headers,6.1.[0-9]*) $(call newest-headers,*))

# Release of the kernel tree (e.g. 6.1.0-56-amd64).
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# Guest kernel for make check: the image matching KDIR by default.
VM_KERNEL ?= /boot/vmlinuz-$(KVER)
VM_TIMEOUT ?= 1800

SHELL := /bin/bash

PREFIX ?= /usr/local
DESTDIR ?=

KBUILD_ARGS = -C $(KDIR) M=$(CURDIR)/kmod $(if $(W),W=$(W)) $(if $(C),C=$(C))

.PHONY: all kmod tool selftests ynl install install-kmod install-tool \
	check check-deps check-vm check-build checkpatch clean kdir-check \
	bench bench-vm demo demo-vm check-dkms check-debug dkms-install

all: kmod tool selftests ynl

kdir-check:
	@if [ -z "$(KDIR)" ] || [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "hnet: no kernel tree found (KDIR='$(KDIR)')." >&2; \
		echo "hnet: install linux-headers-amd64 or pass KDIR=/path/to/kernel/build" >&2; \
		exit 1; \
	fi

# Kbuild compares command lines, which name the kernel tree by relative
# paths: switching KDIR would keep objects of the other kernel (and a
# module that does not load). kmod/.kdir remembers the tree.
kmod: kdir-check
	@if [ "$$(cat kmod/.kdir 2>/dev/null)" != "$(KDIR)" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean >/dev/null; \
		echo "$(KDIR)" > kmod/.kdir; \
	fi
	$(MAKE) $(KBUILD_ARGS) modules

tool:
	$(MAKE) -C tool

selftests:
	$(MAKE) -C selftests

# The kernel's YNL CLI (tools/net/ynl/cli.py) and the netlink spec schemas
# (Documentation/netlink/*.yaml), extracted once from Debian's
# linux-source-6.12 into build/ynl/, again when the tarball changes;
# selftests/hnet_ynl.sh drives hnet with it (and skips without it). No
# tarball: a note, not an error.
YNL_TARBALL ?= /usr/src/linux-source-6.12.tar.xz

ynl: build/ynl/.stamp

build/ynl/.stamp: $(wildcard $(YNL_TARBALL)) selftests/vm/get-ynl.sh
	selftests/vm/get-ynl.sh "$(YNL_TARBALL)" "$(CURDIR)/build/ynl"

install: install-kmod install-tool

install-kmod: kmod
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) \
		$(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=) \
		modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(KVER)

install-tool: tool
	$(MAKE) -C tool install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# make check: the whole test run, as on CI. Missing Debian packages are
# installed first; the build runs in a sub-make so that KDIR is looked up
# again once the headers are there.
check: check-deps
	$(MAKE) check-build
	$(MAKE) check-dkms DKMS_KDIRS="$(KDIR)"
	$(MAKE) all
	$(MAKE) check-vm

check-deps:
	selftests/vm/install-deps.sh

check-vm: kdir-check
	KDIR="$(KDIR)" KVER="$(KVER)" VM_KERNEL="$(VM_KERNEL)" \
	VM_TIMEOUT="$(VM_TIMEOUT)" T="$(T)" $(if $(VM_MEM),VM_MEM="$(VM_MEM)") \
	$(if $(HNET_TEST_TIMEOUT),HNET_TEST_TIMEOUT="$(HNET_TEST_TIMEOUT)") \
		selftests/vm/run-vm.sh

# dkms.conf, checked with dkms itself in a private tree (nothing left in
# /usr/src, /var/lib/dkms or /lib/modules): add, build and install for each
# kernel tree of DKMS_KDIRS (default: every /lib/modules/*/build).
DKMS_KDIRS ?=
check-dkms:
	selftests/vm/check-dkms.sh $(DKMS_KDIRS)

# make check-debug: the whole suite on a debug kernel (KASAN, lockdep,
# atomic-sleep checks, kmemleak) built from Debian's linux-source-6.1 with
# selftests/vm/debug.config, once: it is cached in
# $(HNET_DEBUG_CACHE)/debug-<version>/ and rebuilt when the package version
# or debug.config changes (or with HNET_DEBUG_REBUILD=1). hnet is built
# against that tree. Debug kernels are slow under TCG (3-4 times): the guest
# gets two hours, each test 25 minutes, and more memory.
HNET_DEBUG_CACHE ?= /var/cache/hnet
DEBUG_VM_TIMEOUT ?= 7200
DEBUG_TEST_TIMEOUT ?= 1500
DEBUG_VM_MEM ?= 3G

check-debug:
	selftests/vm/install-deps.sh debug
	set -e; \
	kdir=$$(HNET_DEBUG_CACHE="$(HNET_DEBUG_CACHE)" selftests/vm/build-debug-kernel.sh); \
	$(MAKE) all KDIR="$$kdir"; \
	$(MAKE) check-vm KDIR="$$kdir" VM_KERNEL="$$kdir/arch/x86/boot/bzImage" \
		VM_TIMEOUT="$(DEBUG_VM_TIMEOUT)" VM_MEM="$(DEBUG_VM_MEM)" \
		HNET_TEST_TIMEOUT="$(DEBUG_TEST_TIMEOUT)"

# Install with dkms on a hypervisor: the source DKMS keeps (dkms.conf, kmod/,
# uapi/) goes to /usr/src/hnet-<version>; hnet is then built and installed
# for every kernel that has its headers, and again by dkms for each kernel
# installed later (AUTOINSTALL).
DKMS_VERSION = $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
DKMS_SRC = /usr/src/hnet-$(DKMS_VERSION)

dkms-install:
	rm -rf "$(DKMS_SRC)"
	mkdir -p "$(DKMS_SRC)/kmod" "$(DKMS_SRC)/uapi"
	cp dkms.conf "$(DKMS_SRC)/"
	cp kmod/Kbuild kmod/Makefile $(filter-out %.mod.c,$(wildcard kmod/*.c)) \
		$(wildcard kmod/*.h) "$(DKMS_SRC)/kmod/"
	cp -r uapi/. "$(DKMS_SRC)/uapi/"
	dkms add -m hnet -v $(DKMS_VERSION) || dkms status -m hnet -v $(DKMS_VERSION) | grep -q .
	for d in /lib/modules/*/build; do \
		[ -f "$$d/Makefile" ] || continue; \
		k=$${d#/lib/modules/}; k=$${k%/build}; \
		dkms install -m hnet -v $(DKMS_VERSION) -k "$$k" || exit 1; \
	done

# Static checks on the host, the first step of make check. Fails on any
# compiler, W=1 or sparse warning and on checkpatch --strict complaints.
check-build: kdir-check
	@mkdir -p build
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean
	@echo "$(KDIR)" > kmod/.kdir	# what make kmod finds (see kmod:)
	set -o pipefail; \
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod W=1 C=2 modules 2>&1 | \
		tee build/check-build.log
	set -o pipefail; \
	$(MAKE) -B -C tool 2>&1 | tee -a build/check-build.log
	set -o pipefail; \
	$(MAKE) -B -C selftests 2>&1 | tee -a build/check-build.log
	@if grep -E '(warning|error):' build/check-build.log; then \
		echo "check-build: warnings above (build/check-build.log)" >&2; \
		exit 1; \
	fi
	$(MAKE) checkpatch

checkpatch:
	KDIR="$(KDIR)" selftests/vm/checkpatch.sh \
		$(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)

# make demo: boot the VM and run the narrated scenario of selftests/demo.sh;
# it fails when the scenario does not behave as narrated or the kernel
# complains.
demo: check-deps
	$(MAKE) all
	$(MAKE) demo-vm

demo-vm: kdir-check
	KDIR="$(KDIR)" KVER="$(KVER)" VM_KERNEL="$(VM_KERNEL)" \
	VM_TIMEOUT="$(VM_TIMEOUT)" VM_CMD=selftests/demo.sh VM_CMD_STRICT=1 \
		selftests/vm/run-vm.sh

# make bench: a benchmark, not a test (not part of make check; exits 0
# whatever it measures). One vCPU with -icount shift=0, so that guest time
# counts executed instructions: the figures measure path length and repeat
# within about 1%, unlike plain TCG. Default run: pktgen frames/s same host
# (veth, bridge, hnet, ovs) and cross host (bridge+vxlan, hnet, ovs), iperf3
# TCP cross host, 5 runs each: 140 s of guest time, 45 minutes on the 2-core
# machine busy with other guests (less when idle; BENCH_ARGS="-r 3" saves a
# third). BENCH_ARGS go to
# bench/bench.sh: -r runs, -c pktgen frames per run, -t iperf3 seconds,
# -m metrics, -p variants (e.g. BENCH_ARGS="-r 3 -c 50000 -m pktgen-cross").
# BENCH_TIMEOUT: seconds before the guest is killed (a safety net for a
# loaded machine).
BENCH_ARGS ?=
BENCH_TIMEOUT ?= 3600

bench: check-deps
	$(MAKE) all
	$(MAKE) bench-vm

bench-vm: kdir-check
	KDIR="$(KDIR)" KVER="$(KVER)" VM_KERNEL="$(VM_KERNEL)" \
	VM_TIMEOUT="$(BENCH_TIMEOUT)" VM_SMP=1 VM_ICOUNT=0 HNET_ALLOW_NO_KO=1 \
	VM_CMD="bench/bench.sh $(BENCH_ARGS)" \
		selftests/vm/run-vm.sh

clean:
	@if [ -n "$(KDIR)" ] && [ -f "$(KDIR)/Makefile" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean; \
	fi
	$(MAKE) -C tool clean
	$(MAKE) -C selftests clean
	rm -rf build
