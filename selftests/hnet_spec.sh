#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation/netlink/specs/hnet.yaml must agree with uapi/linux/hnet.h:
# family name and version, multicast group, commands, attribute sets,
# attribute names and numbers, notification aliases (see check_uapi_spec.py),
# and validate against the kernel's JSON schema for its protocol when make
# ynl extracted the schemas (build/ynl; selftests/hnet_ynl.sh always does).
# Needs no module, runs on the host or in the guest.

ksft_skip=4
dir=$(cd "$(dirname "$0")" && pwd)

echo "TAP version 13"
echo "1..1"

py=
for cand in /usr/bin/python3 python3; do
	if command -v "$cand" >/dev/null 2>&1 &&
	   "$cand" -c 'import yaml' >/dev/null 2>&1; then
		py=$cand
		break
	fi
done
if [ -z "$py" ]; then
	echo "ok 1 hnet spec matches uapi # SKIP python3 with PyYAML (python3-yaml) not found"
	exit $ksft_skip
fi
if ! command -v "${CC:-gcc}" >/dev/null 2>&1; then
	echo "ok 1 hnet spec matches uapi # SKIP no C compiler (${CC:-gcc})"
	exit $ksft_skip
fi

out=$("$py" "$dir/check_uapi_spec.py" "$@" 2>&1)
rc=$?
sed 's/^/# /' <<< "$out"
case $rc in
0)	echo "ok 1 hnet spec matches uapi"; exit 0 ;;
2)	echo "ok 1 hnet spec matches uapi # SKIP checker could not run"
	exit $ksft_skip ;;
*)	echo "not ok 1 hnet spec matches uapi"; exit 1 ;;
esac
