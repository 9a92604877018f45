#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-dkms.sh [KDIR...]: prove that the repository's dkms.conf builds and
# installs hnet with dkms against each kernel tree KDIR (default: every
# /lib/modules/*/build present, as dkms autoinstall would).
#
# Nothing of the system's is used or left behind: the source tree
# (/usr/src/hnet-<version> for a real install), the dkms tree
# (/var/lib/dkms), the install tree (/lib/modules) and the module signing
# key (/var/lib/dkms/mok.*) all live in a temporary directory, removed on
# exit. Also checks that dkms.conf's PACKAGE_VERSION is kmod/hnet.h's
# HNET_VERSION. Exits 1 on any failure.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)

die() {
	echo "check-dkms: $*" >&2
	exit 1
}

command -v dkms >/dev/null || die "dkms not installed (make check installs it)"

conf_ver=$(sed -n 's/^PACKAGE_VERSION="\?\([^"]*\)"\?$/\1/p' "$REPO/dkms.conf")
conf_name=$(sed -n 's/^PACKAGE_NAME="\?\([^"]*\)"\?$/\1/p' "$REPO/dkms.conf")
hnet_ver=$(sed -n 's/^#define HNET_VERSION[[:space:]]*"\(.*\)"$/\1/p' "$REPO/kmod/hnet.h")
[ -n "$conf_ver" ] && [ "$conf_name" = hnet ] || die "dkms.conf: no PACKAGE_NAME=hnet / PACKAGE_VERSION"
[ "$conf_ver" = "$hnet_ver" ] ||
	die "dkms.conf PACKAGE_VERSION=$conf_ver but kmod/hnet.h HNET_VERSION is \"$hnet_ver\""

kdirs=("$@")
if [ ${#kdirs[@]} -eq 0 ]; then
	for d in /lib/modules/*/build; do
		[ -f "$d/Makefile" ] && kdirs+=("$(readlink -f "$d")")
	done
fi
[ ${#kdirs[@]} -gt 0 ] || die "no kernel tree (install linux-headers-amd64)"

TMP=$(mktemp -d /tmp/hnet-dkms.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The source tree dkms needs: the module, the uAPI header it includes and
# dkms.conf (what make dkms-install copies to /usr/src/hnet-<version>).
SRC=$TMP/src/hnet-$conf_ver
mkdir -p "$SRC/kmod" "$SRC/uapi"
cp "$REPO/dkms.conf" "$SRC/"
cp "$REPO/kmod/Kbuild" "$REPO/kmod/Makefile" "$SRC/kmod/"
find "$REPO/kmod" -maxdepth 1 \( -name '*.[ch]' ! -name '*.mod.c' \) \
	-exec cp {} "$SRC/kmod/" \;
cp -r "$REPO/uapi/." "$SRC/uapi/"

D=(--sourcetree "$TMP/src" --dkmstree "$TMP/dkms" --installtree "$TMP/lib-modules")
mkdir -p "$TMP/dkms" "$TMP/lib-modules"
# dkms signs with (and, if missing, creates) these; keep them private.
export mok_signing_key=$TMP/mok.key mok_certificate=$TMP/mok.pub

dkms add -m hnet -v "$conf_ver" "${D[@]}" >"$TMP/add.log" 2>&1 ||
	{ cat "$TMP/add.log"; die "dkms add failed"; }

rc=0
for kdir in "${kdirs[@]}"; do
	# UTS_RELEASE, not include/config/kernel.release: Debian's headers
	# packages carry the upstream version in the latter.
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null)
	[ -n "$rel" ] || die "$kdir: no include/generated/utsrelease.h (not a kernel tree?)"
	# dkms installs only for a kernel whose module directory exists.
	mkdir -p "$TMP/lib-modules/$rel"
	log=$TMP/build-$rel.log
	if ! dkms build -m hnet -v "$conf_ver" -k "$rel" --kernelsourcedir "$kdir" \
		"${D[@]}" >"$log" 2>&1; then
		cat "$log"
		find "$TMP/dkms" -name make.log -exec tail -n 40 {} \;
		echo "check-dkms: FAIL dkms build for $rel ($kdir)"
		rc=1
		continue
	fi
	if ! dkms install -m hnet -v "$conf_ver" -k "$rel" --kernelsourcedir "$kdir" \
		--no-depmod "${D[@]}" >"$log" 2>&1; then
		cat "$log"
		echo "check-dkms: FAIL dkms install for $rel ($kdir)"
		rc=1
		continue
	fi
	ko=$(find "$TMP/lib-modules/$rel" -name 'hnet.ko*' | head -n 1)
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	if [ -z "$ko" ] || [ "${vermagic%% *}" != "$rel" ]; then
		echo "check-dkms: FAIL $rel: installed module '${ko:-none}' has vermagic '$vermagic'"
		rc=1
		continue
	fi
	echo "check-dkms: ok $rel: ${ko#"$TMP/lib-modules/"}"
done
exit $rc
