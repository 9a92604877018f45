#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel in QEMU (TCG) with the host's / as its root (9p, read-only,
# tmpfs overlay), load hnet.ko, run the selftests and judge the run.
#
# Environment (all optional; the top-level Makefile passes them):
#   VM_KERNEL   kernel image to boot     (default /boot/vmlinuz-$KVER)
#   KDIR, KVER  kernel tree hnet.ko was built against, and its release; the
#               image must be the same release
#   T           run only this test (name with or without .sh)
#   VM_TIMEOUT  seconds before QEMU is killed (default 1200), a failure
#   VM_MEM, VM_SMP        guest memory and CPUs (default 2G, 2)
#   VM_APPEND   extra kernel command line (e.g. kmemleak=on)
#   HNET_TEST_TIMEOUT     per-test timeout in the guest, seconds (default:
#               selftests/settings; make check-debug raises it)
#   VM_ICOUNT   QEMU -icount shift (e.g. 0): guest time counts executed
#               instructions, for repeatable timings (make bench)
#   VM_CMD      run this command (relative to the repository, with
#               arguments) in the guest instead of the selftests, its output
#               streamed; then report only kernel splats and a missing end
#               marker (exit 1), no test verdicts (make bench)
#   VM_CMD_STRICT=1       with VM_CMD: also fail on a kernel splat, a failed
#               rmmod or the command's non-zero exit status (make demo)
#   HNET_ALLOW_NO_KO=1    do not fail when kmod/hnet.ko is missing (only for
#               working on the harness itself)
#   V=1         also stream the kernel console while the guest runs
#
# Outputs: build/vm-console.log (serial console, ttyS0: kernel log),
# build/vm-results.log (ttyS1: KTAP of selftests/run_tests.sh and the HNET-*
# lines of guest-init.sh). Prints one PASS/FAIL/SKIP line per test and ends
# with "N passed, N failed, N skipped"; exits 1 on any failure.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
BUILD=$REPO/build
VMDIR=$BUILD/vm
CONSOLE=$BUILD/vm-console.log
RESULTS=$BUILD/vm-results.log

VM_TIMEOUT=${VM_TIMEOUT:-1200}
VM_MEM=${VM_MEM:-2G}
VM_SMP=${VM_SMP:-2}
VM_APPEND=${VM_APPEND:-}
VM_ICOUNT=${VM_ICOUNT:-}
VM_CMD=${VM_CMD:-}
T=${T:-}
KVER=${KVER:-}
HNET_ALLOW_NO_KO=${HNET_ALLOW_NO_KO:-0}
HNET_TEST_TIMEOUT=${HNET_TEST_TIMEOUT:-}

die() {
	echo "run-vm: $*" >&2
	exit 1
}

# Release string of a bzImage: the setup header's kernel_version field
# (offset 0x20e) points at "6.1.0-56-amd64 (...) #1 SMP ..." minus 0x200.
bzimage_release() {
	local off

	off=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null |
		tr '\0' '\n' | head -n 1 | awk '{print $1}'
}

[ -n "$KVER" ] || [ -n "${VM_KERNEL:-}" ] ||
	die "set VM_KERNEL or KVER/KDIR (make check does)"
VM_KERNEL=${VM_KERNEL:-/boot/vmlinuz-$KVER}
[ -r "$VM_KERNEL" ] ||
	die "no readable kernel image $VM_KERNEL (install linux-image-$KVER or set VM_KERNEL=)"

GVER=$(bzimage_release "$VM_KERNEL") || true
[ -n "$GVER" ] || die "cannot read the release of $VM_KERNEL"
if [ -n "$KVER" ] && [ "$KVER" != "$GVER" ]; then
	die "$VM_KERNEL is $GVER but hnet.ko is built for $KVER (KDIR=${KDIR:-?}); pass matching VM_KERNEL= and KDIR="
fi
MODDIR=/lib/modules/$GVER
[ -d "$MODDIR" ] || die "$MODDIR missing: the guest loads its modules from the host's $MODDIR"

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found"
BUSYBOX=$(command -v busybox || true)
[ -x /bin/busybox ] && BUSYBOX=/bin/busybox
[ -n "$BUSYBOX" ] || die "busybox not found (install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is dynamically linked (install busybox-static)"
fi

[[ $HNET_TEST_TIMEOUT =~ ^([1-9][0-9]*)?$ ]] ||
	die "HNET_TEST_TIMEOUT='$HNET_TEST_TIMEOUT' is not a number of seconds"
for v in "$REPO" "$T" "$VM_CMD"; do
	case $v in *"'"*) die "quote in '$v'" ;; esac
done

# ---- initramfs -----------------------------------------------------------

IR=$VMDIR/initramfs
rm -rf "$IR"
mkdir -p "$IR/bin" "$IR/modules"
cp "$BUSYBOX" "$IR/bin/busybox"
cp "$REPO/selftests/vm/initramfs-init" "$IR/init"
chmod 755 "$IR/init" "$IR/bin/busybox"

# Modules for virtio-pci, 9p and overlayfs, in load order. modprobe resolves
# the dependencies of the guest kernel; without it use the known 6.1 list.
# Built-in ones are skipped; compressed ones are decompressed here.
mods=()
if command -v modprobe >/dev/null &&
   out=$(for m in virtio_pci 9pnet_virtio 9p overlay; do
		modprobe -S "$GVER" -d / --show-depends "$m" || exit 1
	 done); then
	while read -r kw path _; do
		[ "$kw" = insmod ] && mods+=("$path")
	done <<<"$out"
else
	for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
		 virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay; do
		if grep -q "/$m\.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
			continue
		fi
		f=$(find "$MODDIR" -name "$m.ko*" | head -n 1)
		[ -n "$f" ] && mods+=("$f")
	done
fi

: >"$IR/modules.list"
for f in "${mods[@]}"; do
	b=$(basename "$f")
	name=${b%%.ko*}.ko
	grep -qx "$name" "$IR/modules.list" && continue
	case $f in
	*.ko)     cp "$f" "$IR/modules/$name" ;;
	*.ko.xz)  xz -dc "$f" >"$IR/modules/$name" ;;
	*.ko.zst) zstd -qdc "$f" >"$IR/modules/$name" ;;
	*.ko.gz)  gzip -dc "$f" >"$IR/modules/$name" ;;
	*) die "unknown module file $f" ;;
	esac
	echo "$name" >>"$IR/modules.list"
done

cat >"$IR/hnet.conf" <<EOF
export HNET_REPO='$REPO'
export HNET_T='$T'
export HNET_ALLOW_NO_KO='$HNET_ALLOW_NO_KO'
export HNET_CMD='$VM_CMD'
${HNET_TEST_TIMEOUT:+export HNET_TEST_TIMEOUT='$HNET_TEST_TIMEOUT'}
EOF

(cd "$IR" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$VMDIR/initramfs.cpio.gz"

# ---- boot ------------------------------------------------------------------

# ignore_loglevel: every kernel message reaches the console, whatever a
# test does to the log level.
APPEND="console=ttyS0 panic=-1 printk.time=1 printk.devkmsg=on ignore_loglevel"
APPEND="$APPEND mitigations=off"
APPEND="$APPEND $VM_APPEND"

: >"$CONSOLE"
: >"$RESULTS"
QOPTS=()
[ -n "$VM_ICOUNT" ] && QOPTS+=(-icount "shift=$VM_ICOUNT")
echo "run-vm: booting $VM_KERNEL ($GVER), timeout ${VM_TIMEOUT}s, ${VM_CMD:-T=${T:-all}}"
start=$(date +%s)

timeout -k 10 "$VM_TIMEOUT" qemu-system-x86_64 \
	-accel tcg -m "$VM_MEM" -smp "$VM_SMP" "${QOPTS[@]}" \
	-nographic -no-reboot -monitor none -net none \
	-kernel "$VM_KERNEL" -initrd "$VMDIR/initramfs.cpio.gz" \
	-append "$APPEND" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-serial "file:$CONSOLE" -serial "file:$RESULTS" \
	</dev/null >"$VMDIR/qemu.log" 2>&1 &
qpid=$!
trap 'kill $qpid 2>/dev/null' EXIT
trap 'kill $qpid 2>/dev/null; exit 130' INT TERM

# Stream the results (and with V=1 the console) while the guest runs.
tail -n +1 -F --pid=$qpid "$RESULTS" 2>/dev/null | tr -d '\r' &
tpid=$!
if [ "${V:-0}" = 1 ]; then
	tail -n +1 -F --pid=$qpid "$CONSOLE" 2>/dev/null | tr -d '\r' &
fi

qrc=0
wait $qpid || qrc=$?
trap - EXIT INT TERM
wait $tpid 2>/dev/null || true
elapsed=$(($(date +%s) - start))
echo "run-vm: QEMU exited with $qrc after ${elapsed}s"
if [ -s "$VMDIR/qemu.log" ]; then
	sed 's/^/qemu: /' "$VMDIR/qemu.log"
fi

# ---- judge -----------------------------------------------------------------

# A command run (make bench, make demo): its output was streamed above; no
# test verdicts. Kernel splats and a failed rmmod are shown; with
# VM_CMD_STRICT=1 (make demo) they fail the run, and so does the command's
# own exit status.
if [ -n "$VM_CMD" ]; then
	bad=0
	splats=$(tr -d '\r' <"$CONSOLE" |
		grep -E '^\[ *[0-9]+\.[0-9]+\] .*(Oops|BUG:|WARNING:|Call Trace|general protection|Kernel panic|refcount_t:|unregister_netdevice: waiting for|soft lockup)' |
		head -n 40) || true
	if [ -n "$splats" ]; then
		sed 's/^/run-vm: kernel: /' <<<"$splats"
		bad=1
	fi
	if grep -a '^HNET-RMMOD fail' "$RESULTS" | sed 's/^/run-vm: /' | grep .; then
		bad=1
	fi
	if ! grep -aq '^HNET-END' "$RESULTS"; then
		echo "run-vm: the guest did not reach its end marker (QEMU exit $qrc); last console lines:"
		tr -d '\r' <"$CONSOLE" | tail -n 40
		exit 1
	fi
	[ "${VM_CMD_STRICT:-0}" = 1 ] || exit 0
	rc=$(tr -d '\r' <"$RESULTS" | sed -n 's/^HNET-CMD \([0-9]*\).*/\1/p' | tail -n 1)
	if [ "${rc:-1}" != 0 ]; then
		echo "run-vm: $VM_CMD exited with ${rc:-no status}"
		bad=1
	fi
	exit "$bad"
fi

exec "$REPO/selftests/vm/parse-results.sh" "$CONSOLE" "$RESULTS" "$qrc"
