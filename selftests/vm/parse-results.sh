#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge a VM run: parse-results.sh CONSOLE_LOG RESULTS_LOG [QEMU_RC]
#
# RESULTS_LOG (guest ttyS1) holds the KTAP of run_tests.sh and the HNET-*
# lines of guest-init.sh; CONSOLE_LOG (guest ttyS0) the kernel log, where
# run_tests.sh marks each test with "hnet-selftest: START/END <test>".
#
# The run fails if a test failed (not ok, or started without a result), a
# kernel splat shows on the console (attributed to the test during which it
# appeared, else reported as "kernel-log"), insmod or rmmod of hnet failed,
# the final taint has bits other than O (4096) and E (8192), kmemleak
# reported objects (kernels with kmemleak), no test ran, or
# the guest did not reach HNET-END (QEMU timeout, crash). Prints one
# PASS/FAIL/SKIP line per test, then "N passed, N failed, N skipped" as the
# last line; exits 1 on any failure.

set -uo pipefail

CONSOLE=$1
RESULTS=$2
QRC=${3:-0}

# Kernel messages that mean the run is broken. Matched only on lines that
# carry a printk timestamp, so user space output cannot trip it.
SPLAT='Oops|BUG:|WARNING:|Call Trace|possible circular locking|possible recursive locking|INFO: |suspicious RCU usage|rcu_sched detected stall|rcu_preempt detected stall|detected stalls on CPU|unregister_netdevice: waiting for|kmemleak|unreferenced object|general protection|Kernel panic|kernel BUG|UBSAN:|KASAN:|KFENCE:|list_add corruption|list_del corruption|refcount_t:|soft lockup|hard LOCKUP|blocked for more than'
# ... except these.
# The count kmemleak prints after each scan is not judged: the boot-time
# suspects are cleared, and what the final scans find comes as HNET-KMEMLEAK
# lines on the results port (judged below, with the objects).
ALLOW='kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning thread started|kmemleak: [0-9]+ new suspected memory leaks|hnet-selftest: '
TS='\[ *[0-9]+\.[0-9]+\]'

names=()
declare -A status reason

plan=-1
cur=
end=0
insmod=
rmmod=
taint=
taint_boot=
initfail=
kmemleak=()

add() { # add NAME STATUS [REASON]
	if [ -z "${status[$1]+x}" ]; then
		names+=("$1")
	fi
	status[$1]=$2
	reason[$1]=${3:-}
}

while IFS= read -r line || [ -n "$line" ]; do
	line=${line%$'\r'}
	if [[ $line =~ ^(not\ )?ok\ [0-9]+\ ([^ ]+)(\ #\ (.*))?$ ]]; then
		n=${BASH_REMATCH[2]}
		d=${BASH_REMATCH[4]}
		if [ -n "${BASH_REMATCH[1]}" ]; then
			add "$n" FAIL "$d"
		elif [[ ${d^^} == SKIP* ]]; then
			d=${d:4}
			add "$n" SKIP "${d# }"
		else
			add "$n" PASS
		fi
		cur=
		continue
	fi
	case $line in
	1..*)			plan=${line#1..} ;;
	"# selftests: hnet: "*)	cur=${line#"# selftests: hnet: "} ;;
	"HNET-INSMOD "*)	insmod=${line#HNET-INSMOD } ;;
	"HNET-RMMOD "*)		rmmod=${line#HNET-RMMOD } ;;
	"HNET-TAINT-BOOT "*)	taint_boot=${line#HNET-TAINT-BOOT } ;;
	"HNET-TAINT "*)		taint=${line#HNET-TAINT } ;;
	"HNET-INITRAMFS-FAIL "*) initfail=${line#HNET-INITRAMFS-FAIL } ;;
	"HNET-KMEMLEAK "*)	kmemleak+=("${line#HNET-KMEMLEAK }") ;;
	HNET-END)		end=1 ;;
	esac
done <"$RESULTS"

problems=0
problem() {
	problems=1
	echo "run-vm: $*"
}

# A test that started but has no result: the guest died or hung in it.
if [ -n "$cur" ]; then
	add "$cur" FAIL "no result (guest died or timed out during it)"
fi

# Kernel splats, attributed to the running test.
splats=$(tr -d '\r' <"$CONSOLE" | awk -v splat="$SPLAT" -v allow="$ALLOW" -v ts="$TS" '
	/hnet-selftest: START / { t = $NF; next }
	/hnet-selftest: END / { t = ""; next }
	$0 ~ ts && $0 ~ splat && $0 !~ allow { print NR "\t" (t == "" ? "-" : t) "\t" $0 }')
if [ -n "$splats" ]; then
	problem "kernel splat on the console ($CONSOLE):"
	echo "$splats" | head -n 60 | cut -f3-
	first=$(echo "$splats" | head -n 1 | cut -f1)
	echo "run-vm: console from the first splat (line $first):"
	tr -d '\r' <"$CONSOLE" | sed -n "$((first > 5 ? first - 5 : 1)),$((first + 60))p"
	while IFS=$'\t' read -r _ t _; do
		if [ "$t" = - ]; then
			add kernel-log FAIL "kernel splat outside any test"
		elif [ "${status[$t]:-}" != FAIL ]; then
			add "$t" FAIL "kernel splat during this test"
		fi
	done <<<"$splats"
fi

if [ -n "$initfail" ]; then
	add vm-boot FAIL "initramfs: $initfail"
fi
case $insmod in
ok | skip) ;;
"")	[ -n "$initfail" ] || add insmod FAIL "guest-init never loaded hnet.ko" ;;
*)	add insmod FAIL "insmod hnet.ko: $insmod" ;;
esac
case $rmmod in
ok | skip | "") ;;
*)	add rmmod FAIL "rmmod hnet: $rmmod" ;;
esac
if [ "$insmod" = ok ] && [ -z "$rmmod" ] && [ $end = 1 ]; then
	add rmmod FAIL "rmmod hnet was not attempted"
fi

if [ ${#kmemleak[@]} -gt 0 ]; then
	problem "kmemleak report:"
	printf '%s\n' "${kmemleak[@]}" | head -n 60
	add kmemleak FAIL "kmemleak found unreferenced objects"
fi

taint_flags() {
	local v=$1 i s='' letters=PFSRMBUDAWCIOELKXTN

	for ((i = 0; i < ${#letters}; i++)); do
		((v & (1 << i))) && s+=${letters:i:1}
	done
	echo "$s"
}
if [ -n "$taint" ]; then
	bad=$((taint & ~(4096 | 8192)))
	if [ $bad -ne 0 ]; then
		r="tainted $taint ($(taint_flags "$taint")), beyond O/E: $(taint_flags $bad)"
		[ -n "$taint_boot" ] && [ "$taint_boot" != 0 ] &&
			r="$r; at boot already $taint_boot ($(taint_flags "$taint_boot"))"
		add taint FAIL "$r"
	fi
fi

if [ $end != 1 ]; then
	if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
		add vm FAIL "QEMU timed out before the end marker"
	else
		add vm FAIL "guest stopped before the end marker (QEMU exit $QRC)"
	fi
	echo "run-vm: no HNET-END; last console lines:"
	tr -d '\r' <"$CONSOLE" | tail -n 40
	echo "run-vm: last result lines:"
	tr -d '\r' <"$RESULTS" | tail -n 20
fi

ntests=0
for n in "${names[@]}"; do
	case $n in
	kernel-log | insmod | rmmod | taint | kmemleak | vm | vm-boot) ;;
	*) ntests=$((ntests + 1)) ;;
	esac
done
if [ "$plan" -gt "$ntests" ] 2>/dev/null && [ $end = 1 ]; then
	add missing FAIL "$((plan - ntests)) of $plan planned tests have no result"
fi
if [ "$plan" = 0 ] || { [ "$plan" = -1 ] && [ $end = 1 ] && [ "$insmod" != skip ]; }; then
	add no-tests FAIL "no test ran"
fi

# Output of each failed test, from the results log.
for n in "${names[@]}"; do
	[ "${status[$n]}" = FAIL ] || continue
	out=$(tr -d '\r' <"$RESULTS" | awk -v n="$n" '
		$0 == "# selftests: hnet: " n { on = 1 }
		on { print }
		on && /^(not )?ok [0-9]+ / { exit }')
	[ -n "$out" ] || continue
	echo "run-vm: ---- output of $n ----"
	echo "$out" | tail -n 80
done

for n in "${names[@]}"; do
	[ "${status[$n]}" != PASS ] && [ -n "${reason[$n]}" ] &&
		echo "run-vm: ${status[$n]} $n: ${reason[$n]}"
done

pass=0 fail=0 skip=0
for n in "${names[@]}"; do
	s=${status[$n]}
	echo "$s $n"
	case $s in
	PASS) pass=$((pass + 1)) ;;
	FAIL) fail=$((fail + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $problems -eq 0 ]
