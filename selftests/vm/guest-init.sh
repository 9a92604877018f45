#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the hnet test VM, after switch_root into the host's / (9p,
# read-only, with a tmpfs overlay). Prepares a sane system, installs hnet.ko
# (/lib/modules/$(uname -r)/extra, depmod) and loads it with modprobe,
# runs selftests/run_tests.sh and reports to the host:
#
#   ttyS0 (console): kernel log and the progress of this script
#   ttyS1 (results): KTAP output of the runner and the HNET-* lines below
#
#   HNET-INSMOD ok|fail <rc>|skip
#   HNET-RMMOD ok|fail <rc>|skip
#   HNET-TAINT-BOOT <value>     /proc/sys/kernel/tainted before loading hnet
#   HNET-TAINT <value>          /proc/sys/kernel/tainted at the end
#   HNET-KMEMLEAK <line>        kmemleak report, after rmmod (kernels with
#                               kmemleak: make check-debug)
#   HNET-END                    end marker: everything above is complete
#
# Input (from the initramfs' /hnet.conf): HNET_REPO (the repository, same
# path as on the host), HNET_T (test to run, empty = all), HNET_ALLOW_NO_KO,
# HNET_CMD (a command to run instead of the selftests, relative to the
# repository; run even without hnet.ko; HNET-CMD <exit status> reports it).
#
# The tests get: HNET_KO=$REPO/kmod/hnet.ko, HNETCTL=$REPO/tool/hnetctl,
# PATH=$REPO/tool:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin,
# HNET_VM=1, HNET_KMSG=1, KSFT_MACHINE_SLOW=yes, PYTHON=/usr/bin/python3,
# HOME=/root, LANG=C.UTF-8, TERM=dumb; cwd $REPO/selftests, stdin /dev/null.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
umask 022

RES=/dev/ttyS1

res() {
	echo "$*" >"$RES"
	echo "$*"
}

# Never return: PID 1 exiting panics the kernel.
halt() {
	sync
	/bin/busybox poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 30
}

REPO=${HNET_REPO:?}

mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
# The repository may live under /tmp or /run (a clone in /tmp), which get
# fresh tmpfs mounts below: keep a handle on it and mount it back.
mkdir -p /.hnet-repo
mount --bind "$REPO" /.hnet-repo
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/netns /run/lock
[ -e /var/run ] || ln -s /run /var/run
if [ ! -e "$REPO/selftests/vm/guest-init.sh" ]; then
	mkdir -p "$REPO"
	mount --bind /.hnet-repo "$REPO"
fi
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname hnet-vm
ip link set lo up
echo 1 >/proc/sys/kernel/sysrq

exec </dev/null >/dev/console 2>&1

export HNET_KO="$REPO/kmod/hnet.ko"
export HNETCTL="$REPO/tool/hnetctl"
export PATH="$REPO/tool:$PATH"
export HNET_VM=1
export HNET_KMSG=1
export PYTHON=/usr/bin/python3
export KSFT_MACHINE_SLOW=yes

res "HNET-GUEST $(uname -r)"
res "HNET-TAINT-BOOT $(cat /proc/sys/kernel/tainted)"

# Kernels with kmemleak (make check-debug): what boot itself leaves
# unreferenced is not hnet's; scan once now and clear what it found, so that
# the report at the end holds only objects allocated from here on.
KMEMLEAK=/sys/kernel/debug/kmemleak
if [ -w "$KMEMLEAK" ]; then
	echo scan >"$KMEMLEAK"
	n=$(grep -c '^unreferenced object' "$KMEMLEAK")
	echo clear >"$KMEMLEAK"
	echo "hnet guest: kmemleak: $n suspects from boot cleared"
fi

# Install hnet.ko as "make install-kmod" does on a hypervisor (extra/ and
# depmod; the root is a writable tmpfs overlay) and load it with modprobe,
# which loads its dependencies (udp_tunnel) first.
hnet_install() {
	local dir

	dir=/lib/modules/$(uname -r)/extra
	# Another hnet.ko of the host's (make dkms-install puts one in
	# updates/dkms, which depmod prefers) would be loaded instead.
	find "/lib/modules/$(uname -r)" -name 'hnet.ko*' -delete
	mkdir -p "$dir" && cp "$HNET_KO" "$dir/hnet.ko" && depmod -a &&
		modprobe hnet
}

loaded=0
if [ -f "$HNET_KO" ]; then
	if err=$(hnet_install 2>&1); then
		loaded=1
		res "HNET-INSMOD ok"
	else
		res "HNET-INSMOD fail $? $err"
	fi
elif [ "${HNET_ALLOW_NO_KO:-0}" = 1 ]; then
	res "HNET-INSMOD skip"
else
	res "HNET-INSMOD fail missing $HNET_KO"
fi

if [ -n "${HNET_CMD:-}" ]; then
	cd "$REPO" || halt
	bash -c "$HNET_CMD" >"$RES" 2>&1
	res "HNET-CMD $?"
	cd /
elif [ $loaded = 1 ] || [ "${HNET_ALLOW_NO_KO:-0}" = 1 ]; then
	cd "$REPO/selftests" || halt
	# shellcheck disable=SC2086
	./run_tests.sh ${HNET_T:+"$HNET_T"} >"$RES" 2>&1
	res "HNET-RUNNER $?"
	cd /
fi

if [ $loaded = 1 ]; then
	# Give deferred work (RCU callbacks, netns cleanup) a moment.
	sleep 1
	if err=$(modprobe -r hnet 2>&1); then
		res "HNET-RMMOD ok"
	else
		res "HNET-RMMOD fail $? $err"
		lsmod | grep -w hnet
	fi
else
	res "HNET-RMMOD skip"
fi

# Kernels with kmemleak: report what leaked since boot, hnet unloaded. Two
# scans with a pause, as Documentation/dev-tools/kmemleak.rst advises:
# objects younger than 5 s are never reported, and an object seen once
# without references may be in flight. The report goes to both ports: the
# results port fails the run (HNET-KMEMLEAK), the console shows it in
# context.
if [ -w "$KMEMLEAK" ]; then
	echo scan >"$KMEMLEAK"
	sleep 6
	echo scan >"$KMEMLEAK"
	sed 's/^/HNET-KMEMLEAK /' "$KMEMLEAK" | tee "$RES"
fi

res "HNET-TAINT $(cat /proc/sys/kernel/tainted)"
res "HNET-END"
halt
