#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-debug-kernel.sh [-f]: build (once) the kernel of make check-debug and
# print its build tree on stdout (everything else goes to stderr).
#
# The kernel is Debian's linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz)
# configured as x86_64_defconfig + kvm_guest.config + selftests/vm/debug.config
# (KASAN, lockdep, atomic-sleep checks, kmemleak; everything the guest and
# the selftests need built in), then olddefconfig. It is built in place, in
#
#   $HNET_DEBUG_CACHE/debug-<linux-source-6.1 version>/linux-source-6.1
#
# (HNET_DEBUG_CACHE defaults to /var/cache/hnet), outside the repository, so
# that hnet can be built against it (KDIR=, with Module.symvers) and its
# bzImage booted (arch/x86/boot/bzImage). Its modules.* files are installed
# into /lib/modules/<release> (make modules_install: no module files, hnet
# is the only module), which the guest uses for modprobe and depmod.
#
# A later run reuses the tree when the package version and debug.config are
# those it was built from (a stamp file records them): it only reinstalls
# /lib/modules/<release> if that is missing. -f or HNET_DEBUG_REBUILD=1
# forces a rebuild. HNET_DEBUG_JOBS sets make -j (default 2). A lock file
# serialises concurrent runs on the machine.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
FRAGMENT=$REPO/selftests/vm/debug.config
CACHE=${HNET_DEBUG_CACHE:-/var/cache/hnet}
PKG=linux-source-6.1
TARBALL=/usr/src/$PKG.tar.xz
JOBS=${HNET_DEBUG_JOBS:-2}
FORCE=${HNET_DEBUG_REBUILD:-0}

[ "${1:-}" = -f ] && FORCE=1

log() {
	echo "debug-kernel: $*" >&2
}

die() {
	log "$*"
	exit 1
}

ver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
	die "$PKG is not installed (make check-debug installs it)"
[ -r "$TARBALL" ] || die "no $TARBALL"
case $ver in */* | *" "*) die "odd package version '$ver'" ;; esac

DIR=$CACHE/debug-$ver
TREE=$DIR/$PKG
STAMP=$DIR/stamp
IMAGE=$TREE/arch/x86/boot/bzImage
# What the tree is built from; a mismatch means rebuild.
want="$PKG $ver config $(sha256sum "$FRAGMENT" | cut -d' ' -f1)"

mkdir -p "$CACHE"
exec 9>"$CACHE/debug.lock"
if ! flock -n 9; then
	log "waiting for another build-debug-kernel.sh ($CACHE/debug.lock)"
	flock 9
fi

# Install the tree's modules.* (and build/source links) for the guest.
install_moddir() {
	local rel

	rel=$(cat "$TREE/include/config/kernel.release")
	if [ ! -f "/lib/modules/$rel/modules.builtin" ] ||
	   [ "$(readlink -f "/lib/modules/$rel/build")" != "$(readlink -f "$TREE")" ]; then
		log "installing /lib/modules/$rel (modules.*, build link)"
		make -C "$TREE" -s LOCALVERSION= modules_install >&2
	fi
}

if [ "$FORCE" != 1 ] && [ -f "$STAMP" ] && [ -f "$IMAGE" ] &&
   [ -f "$TREE/Module.symvers" ] && [ "$(head -n 1 "$STAMP")" = "$want" ]; then
	log "reusing $TREE ($(sed -n 2p "$STAMP"))"
	install_moddir
	echo "$TREE"
	exit 0
fi

command -v flex >/dev/null && command -v bison >/dev/null &&
	command -v bc >/dev/null ||
	die "flex, bison and bc are needed (make check-debug installs them)"

start=$(date +%s)
log "building $PKG $ver with $(basename "$FRAGMENT") in $DIR, -j$JOBS (about 45 min of CPU: 25 min on an idle 2-core machine)"
rm -rf "$DIR"
mkdir -p "$DIR"
tar -C "$DIR" -xJf "$TARBALL"
[ -f "$TREE/Makefile" ] || die "$TARBALL has no $PKG/Makefile"

# LOCALVERSION= (set, empty): no "+" appended to the release, whatever
# version control the cache directory may be under.
mk() {
	make -C "$TREE" LOCALVERSION= "$@"
}

mk -s x86_64_defconfig >&2
(cd "$TREE" && ./scripts/kconfig/merge_config.sh -m .config \
	kernel/configs/kvm_guest.config "$FRAGMENT") >&2
mk -s olddefconfig >&2

# Kconfig silently drops what it cannot satisfy: insist on the fragment.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$TREE/.config" || {
			log "not in .config: $line ($(grep "^${line%%=*}=" "$TREE/.config" || echo unset))"
			bad=1
		}
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" "$TREE/.config"; then
			log "set in .config, wanted off: $(grep "^$opt=" "$TREE/.config")"
			bad=1
		fi
		;;
	esac
done <"$FRAGMENT"
[ $bad = 0 ] || die "the config fragment did not apply ($TREE/.config)"

log "building (log: $DIR/build.log)"
if ! mk -j"$JOBS" >"$DIR/build.log" 2>&1; then
	tail -n 40 "$DIR/build.log" >&2
	die "kernel build failed ($DIR/build.log)"
fi
[ -f "$IMAGE" ] && [ -f "$TREE/Module.symvers" ] ||
	die "the build left no bzImage or Module.symvers"
rel=$(cat "$TREE/include/config/kernel.release")
install_moddir

took=$(($(date +%s) - start))
printf '%s\nrelease %s, built %s in %d min %d s\n' "$want" "$rel" \
	"$(date -u +%FT%TZ)" $((took / 60)) $((took % 60)) >"$STAMP"
log "built $rel in $((took / 60)) min $((took % 60)) s: $IMAGE"
echo "$TREE"
