#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Dumps resume across netlink messages: enough objects for several dump
# messages, every one listed exactly once, per-network filters exact.

source "$(dirname "$0")/lib.sh"

hnet_require

ns_create HV hv
dev_add "$HV" hnet0

NREM1=1500
NREM2=500
NNET=600
NFLOOD=400

B=$TMPD/batch
{
	echo "# $NNET networks, $((NREM1 + NREM2)) remotes, $NFLOOD flood entries"
	for ((i = 1; i <= NNET; i++)); do
		echo "network add $i vni $((100000 + i)) name net-$i"
	done
	for ((i = 0; i < NREM1; i++)); do
		printf 'remote add network 1 mac 02:00:00:01:%02x:%02x ip 10.1.%d.%d vtep 192.0.2.%d\n' \
			$((i / 256)) $((i % 256)) $((i / 256)) $((i % 256)) $((i % 200 + 1))
	done
	for ((i = 0; i < NREM2; i++)); do
		printf 'remote add network 2 mac 02:00:00:02:%02x:%02x ip 10.2.%d.%d ip 10.3.%d.%d vtep 198.51.100.%d\n' \
			$((i / 256)) $((i % 256)) $((i / 256)) $((i % 256)) \
			$((i / 256)) $((i % 256)) $((i % 200 + 1))
	done
	for ((i = 0; i < NFLOOD; i++)); do
		echo "flood add network $((i % 2 + 3)) vtep 203.0.$((i / 256)).$((i % 256))"
	done
} > "$B"

start=$(date +%s%N)
check "batch of $(grep -vc '^#' "$B") adds" hn "$HV" -b "$B"
log "batch took $((($(date +%s%N) - start) / 1000000)) ms"

R=$TMPD/remotes.json
hnj "$HV" remote show > "$R"
expect_eq "remote show -j: exactly $((NREM1 + NREM2))" "$(jq length "$R")" $((NREM1 + NREM2))
expect_eq "remote show -j: each (network, mac) once" \
	"$(jq '[.[] | [.network, .mac]] | unique | length' "$R")" $((NREM1 + NREM2))
expect_eq "remote show -j: the expected set" \
	"$(jq -c '[.[] | select(.network == 1)] | sort_by(.mac) | [.[0], .[-1]]' "$R")" \
	"[{\"network\":1,\"mac\":\"02:00:00:01:00:00\",\"ips\":[\"10.1.0.0\"],\"vtep\":\"192.0.2.1\"},{\"network\":1,\"mac\":\"02:00:00:01:05:db\",\"ips\":[\"10.1.5.219\"],\"vtep\":\"192.0.2.100\"}]"
expect_eq "network 2 remotes carry both ips" \
	"$(jq -c '[.[] | select(.network == 2) | .ips | length] | unique' "$R")" '[2]'
expect_eq "remote show network 1: exactly $NREM1" \
	"$(jq_of "$HV" '[.[] | select(.network == 1) | .mac] | unique | length' remote show network 1)" "$NREM1"
expect_eq "remote show network 1: nothing else" \
	"$(jq_of "$HV" 'length' remote show network 1)" "$NREM1"
expect_eq "remote show network 2: exactly $NREM2" \
	"$(jq_of "$HV" '[.[] | select(.network == 2) | .mac] | unique | length' remote show network 2)" "$NREM2"
expect_eq "remote show network 2: nothing else" \
	"$(jq_of "$HV" 'length' remote show network 2)" "$NREM2"
expect_eq "remote show text: one line each" "$(hn "$HV" remote show | wc -l)" $((NREM1 + NREM2))

expect_eq "network show -j: exactly $NNET" \
	"$(jq_of "$HV" '[.[].id] | unique | length' network show)" "$NNET"
expect_eq "network show -j: ids 1..$NNET" \
	"$(jq_of "$HV" '[.[].id] | sort | [.[0], .[-1], length]' network show)" "[1,$NNET,$NNET]"
expect_eq "network show text: one line each" "$(hn "$HV" network show | wc -l)" "$NNET"

expect_eq "flood show -j: exactly $NFLOOD" \
	"$(jq_of "$HV" '[.[] | [.network, .vtep]] | unique | length' flood show)" "$NFLOOD"
expect_eq "flood show network 3: exactly $((NFLOOD / 2))" \
	"$(jq_of "$HV" '[.[] | select(.network == 3)] | length' flood show network 3)" $((NFLOOD / 2))
expect_eq "flood show network 4: only network 4" \
	"$(jq_of "$HV" '[.[].network] | unique' flood show network 4)" '[4]'

# Dumps stay right after deletions in the middle of the tables.
{
	for ((i = 0; i < NREM1; i += 3)); do
		printf 'remote del network 1 mac 02:00:00:01:%02x:%02x\n' $((i / 256)) $((i % 256))
	done
} > "$B"
check "batch of $(wc -l < "$B") deletes" hn "$HV" -b "$B"
expect_eq "remote show network 1 after deletes" \
	"$(jq_of "$HV" '[.[].mac] | unique | length' remote show network 1)" $((NREM1 - (NREM1 + 2) / 3))
expect_eq "remote show after deletes" \
	"$(jq_of "$HV" 'length' remote show)" $((NREM1 - (NREM1 + 2) / 3 + NREM2))
check "network del 2 with $NREM2 remotes" hn "$HV" network del 2
expect_eq "its remotes went with it" "$(jq_of "$HV" '[.[].network] | unique' remote show)" '[1]'

# Dumps read without the config mutex while a writer adds and deletes
# remotes on network 1, ahead of network 5's in the walk (a delete there
# moves every later remote one place back): every dump that hnetctl does
# not report interrupted (the kernel flags a dump spanning a change,
# hnetctl retries it) must be a consistent listing: each remaining remote
# exactly once, the writer's ones at most once.  hnetctl prints a warning
# when every retry was interrupted.
section "dumps while the table changes"
B5=$TMPD/net5
for ((i = 0; i < 500; i++)); do
	printf 'remote add network 5 mac 02:00:00:05:%02x:%02x vtep 192.0.2.7\n' \
		$((i / 256)) $((i % 256))
done > "$B5"
check "500 remotes on network 5" hn "$HV" -b "$B5"
hnj "$HV" remote show | jq -r '.[].mac' | sort > "$TMPD/base"
NBASE=$(wc -l < "$TMPD/base")
C=$TMPD/churn
for ((r = 0; r < 25; r++)); do
	for ((i = 0; i < 40; i++)); do
		printf 'remote add network 1 mac 02:00:00:09:00:%02x vtep 192.0.2.250\n' "$i"
	done
	for ((i = 0; i < 40; i++)); do
		printf 'remote del network 1 mac 02:00:00:09:00:%02x\n' "$i"
	done
done > "$C"
(
	while [ ! -e "$TMPD/stop" ]; do
		hn "$HV" -b "$C" || { echo writer-failed > "$TMPD/writer"; break; }
	done
) &
WRITER=$!
NDUMPS=12 bad=0 intr=0
for ((d = 0; d < NDUMPS; d++)); do
	hnj "$HV" remote show > "$TMPD/dump" 2> "$TMPD/dump.err"
	if grep -q "dump interrupted" "$TMPD/dump.err"; then
		intr=$((intr + 1))
		continue
	fi
	jq -r '.[].mac' "$TMPD/dump" | sort > "$TMPD/macs"
	if ! grep -v '^02:00:00:09:' "$TMPD/macs" | cmp -s - "$TMPD/base" ||
	   [ -n "$(uniq -d "$TMPD/macs")" ]; then
		bad=$((bad + 1))
		log "dump $d: $(wc -l < "$TMPD/macs") remotes, not the table at one time"
	fi
done
touch "$TMPD/stop"
wait "$WRITER"
log "$NDUMPS dumps during the writes, $intr still interrupted after hnetctl's retries"
expect_eq "the writer's batches all succeeded" "$(cat "$TMPD/writer" 2>/dev/null)" ""
expect_eq "dumps during the writes: each a consistent listing" "$bad" 0
expect_eq "after the writes: the same $NBASE remotes" \
	"$(hnj "$HV" remote show | jq -r '.[].mac' | sort | cmp -s - "$TMPD/base" && echo same)" same

ksft_exit
