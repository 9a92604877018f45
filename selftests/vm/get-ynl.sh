#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# get-ynl.sh [TARBALL [DEST]]: extract the kernel's YNL CLI
# (tools/net/ynl: cli.py and its lib/) and the netlink spec schemas
# (Documentation/netlink/*.yaml, the specs/ below them too) from a kernel
# source tarball, by default Debian's linux-source-6.12
# (/usr/src/linux-source-6.12.tar.xz), into DEST (default build/ynl of the
# repository): DEST/tools/net/ynl/cli.py, DEST/Documentation/netlink/.
# selftests/hnet_ynl.sh drives hnet with it; the VM guest sees DEST through
# the host's /.
#
# Done once: DEST/.stamp names the tarball and its size and mtime, and the
# extraction is repeated only when they change (make ynl also compares
# mtimes). A missing tarball is not an error (a note, exit 0): the test then
# skips. The CLI needs python3-yaml and python3-jsonschema at run time
# (selftests/vm/install-deps.sh installs both and linux-source-6.12).

set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
src=${1:-/usr/src/linux-source-6.12.tar.xz}
dest=${2:-$REPO/build/ynl}

if [ ! -f "$src" ]; then
	echo "get-ynl: $src not found (apt-get install linux-source-6.12):" \
	     "no YNL CLI, selftests/hnet_ynl.sh will skip" >&2
	exit 0
fi

id="$src $(stat -c '%s %Y' "$src")"
if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$id" ] &&
   [ -f "$dest/tools/net/ynl/cli.py" ]; then
	exit 0
fi

echo "get-ynl: extracting tools/net/ynl and Documentation/netlink from $src"
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The tarball's one top directory (linux-source-6.12/) is stripped.
tar -xJf "$src" -C "$tmp" --strip-components=1 --wildcards \
	'*/tools/net/ynl/*' '*/Documentation/netlink/*.yaml'
cli=$tmp/tools/net/ynl/cli.py
[ -f "$cli" ] || cli=$tmp/tools/net/ynl/pyynl/cli.py	# layout of 6.14+
if [ ! -f "$cli" ] || [ ! -f "$tmp/Documentation/netlink/genetlink.yaml" ]; then
	echo "get-ynl: $src has no tools/net/ynl/cli.py or netlink schemas" >&2
	exit 1
fi
echo "$id" > "$tmp/.stamp"
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "get-ynl: $dest/${cli#"$tmp"/}"
