#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the hnet selftests (kselftest conventions).
#
# A test sources this file, calls hnet_require (skips unless root, iproute2,
# jq and a working hnet module are there), builds its topology with
# ns_create/veth_vm/dev_add, runs checks and ends with ksft_exit.  The
# namespaces (and so everything in them) and the background processes it
# made are removed on exit.
#
# Checks: check/check_not (status), expect_eq/expect_match (values),
# expect_out/expect_jq (a command's exact output, or a jq view of it),
# expect_fail_with/expect_refused/expect_usage (exit status 1 or 2 and
# exactly "Error: MSG" on stderr).  hn NS ARGS runs "hnetctl -n NS ARGS".
#
# Output: diagnostics as "# ..." lines, one "# ok - DESC" or
# "# FAIL - DESC: DETAILS" line per check.  Exit 0 pass, 1 fail, 4 skip.
#
# Under emulation (TCG) every process start costs a few hundred ms, so the
# helpers avoid them: run/slurp read output without cat, configuration goes
# in through one "hnetctl -b", link_info parses one "ip -d link show".
#
# Environment: HNETCTL (path to hnetctl; default tool/hnetctl of this tree,
# else hnetctl on PATH), HNET_KO (path to hnet.ko, for tests that reload it
# where modprobe cannot find it).

# Variables set here are read by the tests that source this file.
# shellcheck disable=SC2034
KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -z "$HNETCTL" ]; then
	if [ -x "$SELFTEST_DIR/../tool/hnetctl" ]; then
		HNETCTL=$SELFTEST_DIR/../tool/hnetctl
	else
		HNETCTL=$(command -v hnetctl)
	fi
fi
if [ -z "$HNET_KO" ] && [ -f "$SELFTEST_DIR/../kmod/hnet.ko" ]; then
	HNET_KO=$SELFTEST_DIR/../kmod/hnet.ko
fi
# Prefer the distribution python (scapy lives there).
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3

TEST_NAME=$(basename "$0" .sh)
NCHECKS=0
NFAILED=0
NS_LIST=()
PID_LIST=()
CLEANUP_HOOKS=()
TMPD=$(mktemp -d "/tmp/${TEST_NAME}.XXXXXX")
# Last command's output, for checks that look at it afterwards.
OUT=""
ERR=""
RC=0

log()
{
	local line

	while IFS= read -r line; do
		echo "# $line"
	done <<< "$*"
}

ok()
{
	NCHECKS=$((NCHECKS + 1))
	echo "# ok - $1"
}

fail()
{
	local desc=$1 first=${2-}

	shift 2
	NCHECKS=$((NCHECKS + 1))
	NFAILED=$((NFAILED + 1))
	# The KTAP-ish line on one line, further detail below it.
	echo "# FAIL - $desc: ${first%%$'\n'*}"
	[[ "$first" == *$'\n'* ]] && log "${first#*$'\n'}"
	[ $# -gt 0 ] && log "$*"
	return 1
}

# slurp FILE VAR: VAR = contents of FILE without trailing newlines, like
# $(cat FILE) but without starting a process (slow in an emulated VM).
slurp()
{
	local __v=

	IFS= read -r -d '' __v < "$1"
	while [[ "$__v" == *$'\n' ]]; do
		__v=${__v%$'\n'}
	done
	printf -v "$2" '%s' "$__v"
}

# run CMD...: run a command, keep its stdout/stderr/status in OUT/ERR/RC.
run()
{
	"$@" > "$TMPD/out" 2> "$TMPD/err"
	RC=$?
	slurp "$TMPD/out" OUT
	slurp "$TMPD/err" ERR
	return $RC
}

# expect_out DESC WANT CMD...: CMD succeeds and prints exactly WANT.
expect_out()
{
	local desc=$1 want=$2

	shift 2
	run "$@"
	if [ "$RC" -ne 0 ]; then
		fail "$desc" "'$*' exited $RC: $ERR"
	elif [ "$OUT" != "$want" ]; then
		fail "$desc" "got '$OUT'" "want '$want'"
	else
		ok "$desc"
	fi
}

# expect_jq DESC FILTER WANT CMD...: CMD succeeds and jq -c FILTER of its
# output is exactly WANT.  A FILTER starting with "-s " slurps the output.
expect_jq()
{
	local desc=$1 filter=$2 want=$3 got jqopt=-c

	shift 3
	run "$@"
	if [ "$RC" -ne 0 ]; then
		fail "$desc" "'$*' exited $RC: $ERR"
		return 1
	fi
	if [[ "$filter" == "-s "* ]]; then
		jqopt=-cs
		filter=${filter#-s }
	fi
	jq "$jqopt" "$filter" "$TMPD/out" > "$TMPD/jq" 2>&1
	slurp "$TMPD/jq" got
	if [ "$got" != "$want" ]; then
		fail "$desc" "got '$got'" "want '$want'"
	else
		ok "$desc"
	fi
}

# check DESC CMD...: CMD must succeed.
check()
{
	local desc=$1

	shift
	if run "$@"; then
		ok "$desc"
	else
		fail "$desc" "'$*' exited $RC" "stdout: $OUT" "stderr: $ERR"
	fi
}

# check_not DESC CMD...: CMD must fail (any nonzero status).
check_not()
{
	local desc=$1

	shift
	if run "$@"; then
		fail "$desc" "'$*' succeeded but should have failed" "stdout: $OUT"
	else
		ok "$desc"
	fi
}

# expect_eq DESC GOT WANT: exact string comparison.
expect_eq()
{
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		fail "$1" "got '$2', want '$3'"
	fi
}

# expect_match DESC GOT REGEX (extended regex, whole string).
expect_match()
{
	if [[ "$2" =~ ^$3$ ]]; then
		ok "$1"
	else
		fail "$1" "got '$2', does not match '$3'"
	fi
}

# expect_status DESC STATUS CMD...: CMD must exit with exactly STATUS.
expect_status()
{
	local desc=$1 want=$2

	shift 2
	run "$@"
	if [ "$RC" -eq "$want" ]; then
		ok "$desc"
	else
		fail "$desc" "'$*' exited $RC, want $want" "stdout: $OUT" "stderr: $ERR"
	fi
}

# expect_fail_with DESC MSG STATUS CMD...: CMD must exit with STATUS and
# print exactly "Error: MSG" (one line) on stderr and nothing on stdout.
expect_fail_with()
{
	local desc=$1 msg=$2 want=$3

	shift 3
	run "$@"
	if [ "$RC" -ne "$want" ]; then
		fail "$desc" "'$*' exited $RC, want $want" "stdout: $OUT" "stderr: $ERR"
	elif [ "$ERR" != "Error: $msg" ]; then
		fail "$desc" "stderr is '$ERR', want 'Error: $msg'"
	elif [ -n "$OUT" ]; then
		fail "$desc" "unexpected stdout '$OUT'"
	else
		ok "$desc"
	fi
}

# expect_refused DESC MSG CMD...: the kernel refused (exit 1, extack MSG).
expect_refused()
{
	local desc=$1 msg=$2

	shift 2
	expect_fail_with "$desc" "$msg" 1 "$@"
}

# expect_usage DESC CMD...: usage error: exit 2, something on stderr
# starting with "Error: " or "Usage", nothing on stdout.
expect_usage()
{
	local desc=$1

	shift
	run "$@"
	if [ "$RC" -ne 2 ]; then
		fail "$desc" "'$*' exited $RC, want 2" "stdout: $OUT" "stderr: $ERR"
	elif [ -z "$ERR" ]; then
		fail "$desc" "no message on stderr"
	elif [ -n "$OUT" ]; then
		fail "$desc" "unexpected stdout '$OUT'"
	else
		ok "$desc"
	fi
}

# section NAME: a diagnostic line with the time spent so far.
section()
{
	echo "# == $* (${SECONDS}s)"
}

ksft_skip()
{
	echo "# SKIP - $TEST_NAME: $*"
	exit $KSFT_SKIP
}

ksft_exit()
{
	echo "# $TEST_NAME: $NCHECKS checks, $NFAILED failed (${SECONDS}s)"
	if [ "$NFAILED" -ne 0 ]; then
		exit $KSFT_FAIL
	fi
	exit $KSFT_PASS
}

# Abort the test (fail) when a setup step that everything else needs fails.
die()
{
	fail "setup" "$*"
	ksft_exit
}

# setup CMD...: a setup step that must work; its failure ends the test.
setup()
{
	run "$@" || die "'$*' exited $RC: $ERR"
}

cleanup()
{
	local i pid ns

	for ((i = ${#CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUP_HOOKS[i]}" > /dev/null 2>&1
	done
	for pid in "${PID_LIST[@]}"; do
		kill "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
	done
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2> /dev/null
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# on_exit CMD: run CMD (a string) at exit, before namespaces are deleted.
on_exit()
{
	CLEANUP_HOOKS+=("$1")
}

have_hnet_module()
{
	[ -d /sys/module/hnet ]
}

# Load hnet if it is not loaded: modprobe (the installed module and its
# dependencies; the VM harness installs the tree's hnet.ko), else insmod
# $HNET_KO after its dependency udp_tunnel.
hnet_load()
{
	have_hnet_module && return 0
	modprobe hnet 2> /dev/null && return 0
	[ -n "$HNET_KO" ] && [ -f "$HNET_KO" ] || return 1
	modprobe udp_tunnel 2> /dev/null
	insmod "$HNET_KO"
}

# Unload hnet (and udp_tunnel if nothing else uses it).
hnet_unload()
{
	modprobe -r hnet 2> /dev/null || rmmod hnet
}

# hnet_require [CMD...]: skip unless root with the tools and the module.
hnet_require()
{
	local c ns

	[ "$(id -u)" -eq 0 ] || ksft_skip "needs root"
	for c in ip jq "$@"; do
		command -v "$c" > /dev/null || ksft_skip "$c not installed"
	done
	if [ -z "$HNETCTL" ] || [ ! -x "$HNETCTL" ]; then
		ksft_skip "hnetctl not found (set HNETCTL)"
	fi
	hnet_load || ksft_skip "hnet module not loaded and cannot be loaded"
	# The kernel must know the link kind.
	ns=hnet-probe-$$-$RANDOM
	ip netns add "$ns" || ksft_skip "cannot create network namespaces"
	if ! ip -n "$ns" link add hnetprobe type hnet 2> /dev/null; then
		ip netns del "$ns"
		ksft_skip "'ip link add type hnet' does not work"
	fi
	ip netns del "$ns"
	log "hnetctl: $HNETCTL"
}

# ns_create VAR [PREFIX]: create a fresh namespace, name it in VAR.
# IPv6 is off inside so that no unsolicited frames disturb the counters.
ns_create()
{
	local name="hnet-${2:-ns}-$$-$RANDOM"

	ip netns add "$name" || die "ip netns add $name"
	NS_LIST+=("$name")
	ip netns exec "$name" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 > /dev/null 2>&1
	ip -n "$name" link set lo up
	printf -v "$1" '%s' "$name"
}

# ns_forget NS: a test deleted NS itself.
ns_forget()
{
	local i

	for i in "${!NS_LIST[@]}"; do
		[ "${NS_LIST[i]}" == "$1" ] && unset 'NS_LIST[i]'
	done
}

# hn NS ARGS...: hnetctl in namespace NS.
hn()
{
	local ns=$1

	shift
	"$HNETCTL" -n "$ns" "$@"
}

# hnj NS ARGS...: hnetctl -j in namespace NS.
hnj()
{
	local ns=$1

	shift
	"$HNETCTL" -n "$ns" -j "$@"
}

# jq_of NS FILTER ARGS...: hnetctl -j ARGS, filtered by jq -c FILTER.
# Prints "HNETCTL-FAILED" when hnetctl fails, so that comparisons fail.
jq_of()
{
	local ns=$1 filter=$2 out

	shift 2
	if ! out=$("$HNETCTL" -n "$ns" -j "$@" 2>&1); then
		echo "HNETCTL-FAILED($*): $out"
		return 1
	fi
	jq -c "$filter" <<< "$out" 2>&1 || echo "BAD-JSON($*): $out"
}

# dev_add NS NAME: ip link add NAME type hnet, up.
dev_add()
{
	setup ip -n "$1" link add "$2" type hnet
	setup ip -n "$1" link set "$2" up
}

# veth_vm HVNS IFNAME VMNS [VMIF]: a VM: veth pair, IFNAME in the
# hypervisor namespace (the future port), VMIF (default eth0) in VMNS.
veth_vm()
{
	local hv=$1 ifname=$2 vm=$3 vmif=${4:-eth0}

	setup ip -n "$hv" link add "$ifname" type veth peer name "$vmif" netns "$vm"
	setup ip -n "$hv" link set "$ifname" up
	setup ip -n "$vm" link set "$vmif" up
}

# link_info NS IFNAME: LINK = "ip -d link show" of the netdev (its whole
# configuration: flags, MTU, master, promiscuity, MAC, ...), "none" if it
# does not exist; L_MASTER (or "none"), L_PROMISC, L_MAC, L_IFINDEX from it.
link_info()
{
	LINK=none
	L_MASTER=none
	L_PROMISC=
	L_MAC=
	L_IFINDEX=
	run ip -n "$1" -d link show dev "$2" || return 1
	LINK=$OUT
	[[ "$LINK" =~ \ master\ ([^ ]+) ]] && L_MASTER=${BASH_REMATCH[1]}
	[[ "$LINK" =~ promiscuity\ ([0-9]+) ]] && L_PROMISC=${BASH_REMATCH[1]}
	[[ "$LINK" =~ link/ether\ ([0-9a-f:]+) ]] && L_MAC=${BASH_REMATCH[1]}
	[[ "$LINK" =~ ^([0-9]+): ]] && L_IFINDEX=${BASH_REMATCH[1]}
	return 0
}

# bg_start VAR FILE CMD...: start CMD in the background, stdout to FILE,
# stderr to FILE.err; VAR gets its pid.  Killed on exit.
bg_start()
{
	local var=$1 file=$2

	shift 2
	"$@" > "$file" 2> "$file.err" &
	printf -v "$var" '%s' "$!"
	PID_LIST+=("$!")
}

bg_stop()
{
	kill "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}

# wait_for TIMEOUT_DS CMD...: poll CMD every 0.1 s up to TIMEOUT_DS tenths.
wait_for()
{
	local n=$1

	shift
	while [ "$n" -gt 0 ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	"$@" > /dev/null 2>&1
}

# monitor_start VAR FILE NS [DEV] [-j]: start "hnetctl monitor" and wait
# until it is subscribed: it must have printed the dev-set event of a
# no-op "dev set dstport" (sent again until it shows).  FILE then holds
# that sync event; callers count events after it.
monitor_start()
{
	local var=$1 file=$2 ns=$3 dev=$4 json=$5 port i pid out

	if [ -n "$json" ]; then
		bg_start pid "$file" "$HNETCTL" -n "$ns" -j monitor
	else
		bg_start pid "$file" "$HNETCTL" -n "$ns" monitor
	fi
	printf -v "$var" '%s' "$pid"
	run "$HNETCTL" -n "$ns" -j dev show dev "$dev"
	port=4789
	[[ "$OUT" =~ \"dstport\":([0-9]+) ]] && port=${BASH_REMATCH[1]}
	for ((i = 0; i < 50; i++)); do
		"$HNETCTL" -n "$ns" dev set dev "$dev" dstport "$port" > /dev/null 2>&1
		sleep 0.1
		slurp "$file" out
		[[ "$out" == *dev-set* ]] && return 0
		kill -0 "$pid" 2> /dev/null || break
	done
	fail "monitor starts" "no dev-set event seen: $(cat "$file" "$file.err")"
	return 1
}

# count_lines FILE: NLINES = its number of lines, without a process.
count_lines()
{
	local line

	NLINES=0
	while IFS= read -r line; do
		NLINES=$((NLINES + 1))
	done < "$1"
}

# wait_lines FILE N: wait (max 5 s) until FILE has at least N lines.
wait_lines()
{
	local i

	for ((i = 0; i < 50; i++)); do
		count_lines "$1"
		[ "$NLINES" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# if_stats NS IFNAME: IF_RX_PACKETS IF_RX_BYTES IF_TX_PACKETS IF_TX_BYTES
# of the netdev, from "ip -s link show".
if_stats()
{
	local re='RX: *bytes.*'$'\n'' *([0-9]+) +([0-9]+).*TX: *bytes.*'$'\n'' *([0-9]+) +([0-9]+)'

	run ip -n "$1" -s link show dev "$2"
	if [[ "$OUT" =~ $re ]]; then
		IF_RX_BYTES=${BASH_REMATCH[1]}
		IF_RX_PACKETS=${BASH_REMATCH[2]}
		IF_TX_BYTES=${BASH_REMATCH[3]}
		IF_TX_PACKETS=${BASH_REMATCH[4]}
	else
		IF_RX_BYTES="?"
		IF_RX_PACKETS="?"
		IF_TX_BYTES="?"
		IF_TX_PACKETS="?"
	fi
}

# Refusals change nothing.  snapshot_init NS FILE: the state is what the
# hnetctl batch FILE (show commands) prints as JSON in NS; it is read into
# SNAP by snapshot (a test may redefine snapshot to read more) and kept as
# BASE.  refused DESC MSG ARGS...: hnetctl ARGS in NS is refused with MSG
# and the state did not change.  accepted DESC CMD...: CMD succeeds; its
# state is the new BASE.
snapshot_init()
{
	SNAP_NS=$1
	SNAP_FILE=$2
	snapshot
	BASE=$SNAP
}

snapshot()
{
	run hn "$SNAP_NS" -j -b "$SNAP_FILE"
	SNAP=$OUT
}

refused()
{
	local desc=$1 msg=$2

	shift 2
	expect_refused "$desc" "$msg" hn "$SNAP_NS" "$@"
	snapshot
	if [ "$SNAP" != "$BASE" ]; then
		fail "$desc: nothing changed" "$(diff <(echo "$BASE") <(echo "$SNAP"))"
		BASE=$SNAP
	fi
}

accepted()
{
	check "$@"
	snapshot
	BASE=$SNAP
}

# ping_ok NS ADDR: one ping answered within 2 s.
ping_ok()
{
	ip netns exec "$1" ping -q -c 1 -W 2 "$2" > /dev/null 2>&1
}
