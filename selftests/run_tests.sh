#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the hnet selftests and print KTAP, like the kselftest runner.
#
#   ./run_tests.sh              every hnet_*.sh in this directory, sorted
#   ./run_tests.sh NAME...      the named tests (NAME with or without .sh)
#   T=NAME ./run_tests.sh       the same for one test
#
# Each test runs from this directory under `timeout` (default 300 s; a
# `timeout=N` line in ./settings or HNET_TEST_TIMEOUT=N overrides). Exit code
# 0 is ok, 4 is a skip, anything else (124 = timed out) is a failure. Lines
# the test prints are passed through, prefixed with "# " unless they already
# start with "#". The exit status is 1 if any test failed, else 0.
#
# With HNET_VM=1 (set by the VM harness) a test that leaves network
# namespaces or hnet devices in the initial namespace behind fails, and they
# are removed before the next test; if a test unloaded hnet.ko, it is loaded
# again (modprobe hnet, else insmod $HNET_KO).
#
# Needs root and a kernel with hnet.ko loaded (the VM harness does both).

export LC_ALL=C
KSFT_SKIP=4

cd "$(dirname "$0")" || exit 1

timeout_s=300
if [ -f settings ]; then
	v=$(sed -n 's/^timeout=\([0-9]\+\)$/\1/p' settings)
	[ -n "$v" ] && timeout_s=$v
fi
timeout_s=${HNET_TEST_TIMEOUT:-$timeout_s}

tests=()
if [ $# -eq 0 ] && [ -n "${T:-}" ]; then
	set -- "$T"
fi
if [ $# -eq 0 ]; then
	for f in hnet_*.sh; do
		[ -f "$f" ] && tests+=("$f")
	done
else
	for n in "$@"; do
		n=${n##*/}
		if [ -f "$n" ]; then
			tests+=("$n")
		elif [ -f "$n.sh" ]; then
			tests+=("$n.sh")
		else
			tests+=("$n")
		fi
	done
fi

kmsg() {
	[ "${HNET_KMSG:-0}" = 1 ] && [ -w /dev/kmsg ] &&
		echo "hnet-selftest: $*" >/dev/kmsg
}

echo "TAP version 13"
echo "1..${#tests[@]}"

n=0
rc_all=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# selftests: hnet: $t"
	if [ ! -f "$t" ]; then
		echo "# no such test: $t"
		echo "not ok $n $t"
		rc_all=1
		continue
	fi
	if [ -x "$t" ]; then
		cmd=("./$t")
	else
		echo "# warning: $t is not executable, running it with bash"
		cmd=(bash "./$t")
	fi
	hnet_was_loaded=0
	grep -q '^hnet ' /proc/modules 2>/dev/null && hnet_was_loaded=1
	kmsg "START $t"
	start=$SECONDS
	timeout -k 10 "$timeout_s" "${cmd[@]}" </dev/null 2>&1 |
		sed -u -e '/^#/!s/^/# /'
	rc=${PIPESTATUS[0]}
	kmsg "END $t rc=$rc"
	echo "# $t: exit $rc after $((SECONDS - start)) s"
	why="exit=$rc"
	# In the throwaway VM, a test that leaves network namespaces behind
	# fails (tests clean up on exit), and the leftovers are removed so
	# that they cannot disturb the next test.
	if [ "${HNET_VM:-0}" = 1 ]; then
		left=$(ip netns list 2>/dev/null | awk '{print $1}')
		if [ -n "$left" ]; then
			echo "# $t left network namespaces behind: ${left//$'\n'/ }"
			for ns in $left; do
				ip netns del "$ns"
			done
			[ "$rc" -eq 0 ] && rc=1 why="left network namespaces"
		fi
		left=$(ip -o link show type hnet 2>/dev/null |
		       awk -F': ' '{sub(/@.*/, "", $2); print $2}')
		if [ -n "$left" ]; then
			echo "# $t left hnet devices behind: ${left//$'\n'/ }"
			for dev in $left; do
				ip link del "$dev"
			done
			[ "$rc" -eq 0 ] && rc=1 why="left hnet devices"
		fi
		if [ $hnet_was_loaded = 1 ] &&
		   ! grep -q '^hnet ' /proc/modules; then
			echo "# $t left hnet.ko unloaded, loading it again"
			modprobe hnet || { [ -f "${HNET_KO:-}" ] &&
				modprobe udp_tunnel && insmod "$HNET_KO"; } ||
				echo "# loading hnet failed"
		fi
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok $n $t"
	elif [ "$rc" -eq $KSFT_SKIP ]; then
		echo "ok $n $t # SKIP"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "not ok $n $t # TIMEOUT $timeout_s seconds"
		rc_all=1
	else
		echo "not ok $n $t # $why"
		rc_all=1
	fi
done

exit $rc_all
