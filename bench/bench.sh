#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hnet benchmark (make bench runs it in the QEMU guest): the same
# two-hypervisor topology built with hnet and with the Linux-native datapath
# of Neutron's Linux bridge agent (bridge + vxlan device per network), see
# bench/topo.sh. Measures, with iperf3 from VM1:
#
#   tcp-same   TCP throughput VM1 -> VM2 (same hypervisor)
#   tcp-cross  TCP throughput VM1 -> VM3 (other hypervisor, VXLAN)
#   udp-same   64-byte UDP datagrams per second received by VM2
#   udp-cross  64-byte UDP datagrams per second received by VM3
#
# REPS repetitions of every metric, hnet and native alternating (which goes
# first alternates too), and prints the median of each with the ratio
# hnet/native. A benchmark, not a test: it exits 0 whatever it measures; a
# variant that cannot be built or does not pass traffic shows as "n/a".
#
# Usage: bench/bench.sh [-r REPS] [-t SECONDS] [-m METRIC,...] [-v]
#   -r  repetitions (default 3; env BENCH_REPS)
#   -t  seconds per iperf3 run (default 1; env BENCH_TIME)
#   -m  metrics to run (default all four; env BENCH_METRICS)
#   -v  print each run's iperf3 output on failure and the topology
#
# Needs root, iproute2, iperf3, jq; hnet.ko loaded (or HNET_KO to load)
# and hnetctl (HNETCTL, else tool/hnetctl, else PATH) for the hnet column.
# Runs on a real host too (sudo bench/bench.sh); it only touches the
# namespaces it creates (hb-*).

export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPS=${BENCH_REPS:-3}
SECS=${BENCH_TIME:-1}
METRICS=${BENCH_METRICS:-tcp-same,tcp-cross,udp-same,udp-cross}
VERBOSE=0

while getopts "r:t:m:vh" opt; do
	case $opt in
	r) REPS=$OPTARG ;;
	t) SECS=$OPTARG ;;
	m) METRICS=$OPTARG ;;
	v) VERBOSE=1 ;;
	*)
		sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
		exit 0
		;;
	esac
done

# shellcheck source=bench/topo.sh
source "$BENCH_DIR/topo.sh"

if [ -z "$HNETCTL" ]; then
	if [ -x "$BENCH_DIR/../tool/hnetctl" ]; then
		HNETCTL=$BENCH_DIR/../tool/hnetctl
	else
		HNETCTL=$(command -v hnetctl)
	fi
fi
if [ -z "$HNET_KO" ] && [ -f "$BENCH_DIR/../kmod/hnet.ko" ]; then
	HNET_KO=$BENCH_DIR/../kmod/hnet.ko
fi

TMPD=$(mktemp -d /tmp/hnet-bench.XXXXXX)
PIDS=()
VARIANTS=()
declare -A NA VALS

cleanup()
{
	local pid

	for pid in "${PIDS[@]}"; do
		kill "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
	done
	topo_destroy hnet
	topo_destroy native
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

say()
{
	echo "# $*"
}

IFS=, read -r -a MLIST <<< "$METRICS"
for m in "${MLIST[@]}"; do
	case $m in
	tcp-same | tcp-cross | udp-same | udp-cross) ;;
	*)
		echo "bench: unknown metric '$m'" >&2
		exit 0
		;;
	esac
done

if [ "$(id -u)" -ne 0 ]; then
	echo "bench: needs root; nothing measured"
	exit 0
fi
for c in ip bridge iperf3 jq; do
	if ! command -v $c > /dev/null; then
		echo "bench: $c not installed; nothing measured"
		exit 0
	fi
done

# ---- build both variants --------------------------------------------------

start=$SECONDS
say "hnet benchmark: kernel $(uname -r), $(nproc) CPU(s), $REPS repetitions of ${SECS}s"

if [ ! -d /sys/module/hnet ]; then
	modprobe hnet 2> /dev/null ||
	{ [ -n "$HNET_KO" ] && [ -f "$HNET_KO" ] &&
	  modprobe udp_tunnel 2> /dev/null && insmod "$HNET_KO" 2> /dev/null; }
fi
if [ ! -d /sys/module/hnet ] && ! topo_hnet_probe; then
	NA[hnet]="hnet module not loaded"
elif ! topo_hnet_probe; then
	NA[hnet]="'ip link add type hnet' fails"
elif [ -z "$HNETCTL" ] || [ ! -x "$HNETCTL" ]; then
	NA[hnet]="hnetctl not found"
elif ! topo_hnet > "$TMPD/topo-hnet" 2>&1; then
	NA[hnet]="topology setup failed: $(tail -n 3 "$TMPD/topo-hnet" | tr '\n' ' ')"
fi
if ! topo_native > "$TMPD/topo-native" 2>&1; then
	NA[native]="topology setup failed: $(tail -n 3 "$TMPD/topo-native" | tr '\n' ' ')"
fi
say "topologies built ($((SECONDS - start))s)"

# iperf3 servers in VM2 and VM3; the first ping of each path resolves ARP
# and proves the path works before anything is timed.
for v in hnet native; do
	[ -n "${NA[$v]}" ] && continue
	for vm in 2 3; do
		ip netns exec "$(topo_ns $v "vm$vm")" iperf3 -s --rcv-timeout 10000 \
			> "$TMPD/server-$v-$vm" 2>&1 &
		PIDS+=($!)
	done
done
for v in hnet native; do
	[ -n "${NA[$v]}" ] && continue
	for vm in 2 3; do
		for i in 1 2 3; do
			ip netns exec "$(topo_ns $v vm1)" ping -q -c 1 -W 2 \
				"$(topo_vm_ip $vm)" > /dev/null 2>&1 && break
		done
		if [ "$i" = 3 ]; then
			NA[$v]="no ping from VM1 to VM$vm"
			break
		fi
	done
	[ -z "${NA[$v]}" ] && VARIANTS+=("$v")
done
for v in hnet native; do
	[ -n "${NA[$v]}" ] && say "$v: n/a (${NA[$v]})"
done
if [ "$VERBOSE" = 1 ]; then
	for v in "${VARIANTS[@]}"; do
		for h in 1 2; do
			say "$v hv$h:"
			ip -n "$(topo_ns "$v" "hv$h")" -br link | sed 's/^/#   /'
		done
	done
	[[ " ${VARIANTS[*]} " == *" hnet "* ]] &&
		"$HNETCTL" -n "$(topo_ns hnet hv1)" port show | sed 's/^/#   /'
fi
# iperf3 servers need a moment before they accept.
sleep 1

# ---- measure ---------------------------------------------------------------

# measure VARIANT METRIC: one iperf3 run; prints Mbit/s (tcp) or
# datagrams/s received (udp), nothing on failure.
measure()
{
	local v=$1 m=$2 dst args=() filter out=$TMPD/run.json

	case $m in
	*-same)  dst=$(topo_vm_ip 2) ;;
	*-cross) dst=$(topo_vm_ip 3) ;;
	esac
	case $m in
	tcp-*)
		filter='.end.sum_received.bits_per_second / 1e6'
		;;
	udp-*)
		args=(-u -l 64 -b 0)
		filter='.end.sum_received | (.packets - .lost_packets) / .seconds'
		;;
	esac
	timeout $((SECS * 3 + 30)) ip netns exec "$(topo_ns "$v" vm1)" \
		iperf3 -c "$dst" -t "$SECS" -J --connect-timeout 5000 \
		"${args[@]}" > "$out" 2>&1
	jq -er 'if .error then error(.error) else '"$filter"' end' "$out" \
		2> "$TMPD/jq.err" && return 0
	if [ "$VERBOSE" = 1 ]; then
		say "$v $m failed:"
		sed 's/^/#   /' "$out" "$TMPD/jq.err" | tail -n 20
	fi
	return 1
}

for ((r = 1; r <= REPS; r++)); do
	order=("${VARIANTS[@]}")
	if [ $((r % 2)) = 0 ] && [ ${#order[@]} = 2 ]; then
		order=("${order[1]}" "${order[0]}")
	fi
	for m in "${MLIST[@]}"; do
		for v in "${order[@]}"; do
			if val=$(measure "$v" "$m"); then
				VALS[$v $m]+="$val "
				say "run $r/$REPS $m $v: $(printf '%.1f' "$val") ($((SECONDS - start))s)"
			else
				say "run $r/$REPS $m $v: failed ($((SECONDS - start))s)"
			fi
		done
	done
done

# ---- report ----------------------------------------------------------------

# median VALUES...: prints the median, nothing if there are no values.
median()
{
	[ $# -eq 0 ] && return
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A LABEL=(
	[tcp-same]="TCP same host (Mbit/s)"
	[tcp-cross]="TCP cross host (Mbit/s)"
	[udp-same]="UDP 64B same host (kpps)"
	[udp-cross]="UDP 64B cross host (kpps)"
)

# spread VALUES...: (max - min) / median in percent.
spread()
{
	[ $# -eq 0 ] && return
	printf '%s\n' "$@" | sort -g | awk -v med="$(median "$@")" '
		NR == 1 { min = $1 } { max = $1 }
		END { if (med > 0) printf "%.1f\n", (max - min) * 100 / med }'
}

maxspread=0
echo
printf '%-28s %10s %10s %12s\n' metric hnet native hnet/native
for m in "${MLIST[@]}"; do
	declare -A med=()
	for v in hnet native; do
		# shellcheck disable=SC2086
		sp=$(spread ${VALS[$v $m]})
		if [ -n "$sp" ] && awk -v a="$sp" -v b="$maxspread" 'BEGIN { exit !(a > b) }'; then
			maxspread=$sp
		fi
		# shellcheck disable=SC2086
		med[$v]=$(median ${VALS[$v $m]})
		if [ -n "${med[$v]}" ] && [[ $m == udp-* ]]; then
			med[$v]=$(awk -v x="${med[$v]}" 'BEGIN { print x / 1000 }')
		fi
	done
	awk -v l="${LABEL[$m]}" -v h="${med[hnet]}" -v n="${med[native]}" 'BEGIN {
		r = (h != "" && n != "" && n > 0) ? sprintf("%.2f", h / n) : "n/a"
		printf "%-28s %10s %10s %12s\n", l,
			h == "" ? "n/a" : sprintf("%.1f", h),
			n == "" ? "n/a" : sprintf("%.1f", n), r }'
	unset med
done
echo
for v in hnet native; do
	[ -n "${NA[$v]}" ] && echo "$v: n/a (${NA[$v]})"
done
echo "Median of $REPS runs of ${SECS}s each, hnet and native alternating; iperf3 from VM1;"
echo "the runs of one figure differ by up to ${maxspread}% of its median."
echo "hnet with port security on; native without a firewall (no security groups)."
if [ "${HNET_VM:-0}" = 1 ]; then
	echo "Measured under QEMU TCG emulation (guest time counts executed instructions"
	echo "with -icount): absolute figures mean nothing; only the ratio hnet/native does."
else
	echo "Absolute figures depend on this machine; compare the ratio hnet/native."
fi

if [[ " ${VARIANTS[*]} " == *" hnet "* ]]; then
	echo
	echo "hnet counters on hv1 (drops show datapath refusals during the runs):"
	"$HNETCTL" -n "$(topo_ns hnet hv1)" -s dev show 2>&1 | sed 's/^/  /'
fi
say "bench: done in $((SECONDS - start))s"
exit 0
