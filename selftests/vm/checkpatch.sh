#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh FILE...: run the kernel's checkpatch.pl --strict on FILEs.
# Uses CHECKPATCH=, else scripts/checkpatch.pl of $KDIR or of an extracted
# source tree, else extracts it (with its data files) from
# /usr/src/linux-source-*.tar.xz into build/checkpatch. Skips (exit 0, with
# a message) when none is available.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
OUT=$REPO/build/checkpatch

cp=${CHECKPATCH:-}
if [ -z "$cp" ]; then
	for c in "${KDIR:-/nonexistent}/scripts/checkpatch.pl" \
		 "$OUT"/*/scripts/checkpatch.pl \
		 /tmp/linux-src/linux-source-*/scripts/checkpatch.pl; do
		if [ -f "$c" ]; then
			cp=$c
			break
		fi
	done
fi
if [ -z "$cp" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$tarball" ]; then
		echo "checkpatch: no checkpatch.pl and no /usr/src/linux-source-*.tar.xz, skipped"
		exit 0
	fi
	top=$(basename "$tarball" .tar.xz)
	mkdir -p "$OUT"
	tar -C "$OUT" -xJf "$tarball" "$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" "$top/scripts/const_structs.checkpatch"
	cp=$OUT/$top/scripts/checkpatch.pl
fi

rc=0
for f in "$@"; do
	[ -f "$f" ] || continue
	perl "$cp" --no-tree --strict --terse --show-types -f "$f" || rc=1
done
exit $rc
