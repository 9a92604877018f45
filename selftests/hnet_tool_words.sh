#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man page (Documentation/hnetctl.8) and the bash completion
# (tool/completion/hnetctl) know every word of hnetctl, and no other:
# `hnetctl help words` prints the options, objects, commands, keywords and
# keys of the parser's tables; each must be in the man page's SYNOPSIS (one
# block per command, its keywords exactly) and OPTIONS, and in the
# completion's tables (exactly); every bold word of the SYNOPSIS must be one
# of them.  Needs no module: runs on the host or in the guest.  Where an
# hnet device can be made (the guest), the completion must also offer the
# live names: devices, network ids, ports.
#
# Environment: HNETCTL, HNET_MAN, HNET_COMPLETION override the files.

export LC_ALL=C
ksft_skip=4
dir=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HNETCTL:-}" ]; then
	if [ -x "$dir/../tool/hnetctl" ]; then
		HNETCTL=$dir/../tool/hnetctl
	else
		HNETCTL=$(command -v hnetctl)
	fi
fi
MAN=${HNET_MAN:-$dir/../Documentation/hnetctl.8}
COMP=${HNET_COMPLETION:-$dir/../tool/completion/hnetctl}

echo "TAP version 13"
echo "1..6"

if [ -z "$HNETCTL" ] || [ ! -x "$HNETCTL" ]; then
	echo "# hnetctl not found (build tool/ or set HNETCTL)"
	for i in 1 2 3 4 5 6; do echo "ok $i # SKIP no hnetctl"; done
	exit $ksft_skip
fi
for f in "$MAN" "$COMP"; do
	if [ ! -f "$f" ]; then
		echo "# $f not found"
		for i in 1 2 3 4 5 6; do echo "not ok $i # missing $f"; done
		exit 1
	fi
done

n=0
rc=0
result()	# result DESCRIPTION ERRORS
{
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
	else
		sed 's/^/# /' <<< "$2"
		echo "not ok $n $1"
		rc=1
	fi
}

# sorted WORD...: the words, one per line, sorted and unique.
sorted()
{
	printf '%s\n' "$@" | sed '/^$/d' | sort -u
}


# --- the tool's words -------------------------------------------------------
if ! WORDS=$("$HNETCTL" help words) || [ -z "$WORDS" ]; then
	result "hnetctl help words lists the parser's words" "no output"
	exit 1
fi
# The tables hold more than a few words: a stub list would pass the rest.
nkw=$(grep -c '^keyword ' <<< "$WORDS")
err=
[ "$nkw" -ge 30 ] || err="only $nkw keywords"
grep -q '^object network$' <<< "$WORDS" || err+=" no network object"
result "hnetctl help words lists the parser's words ($nkw keywords)" "$err"

OPTIONS=$(awk '$1 == "option" { print $2, $3 }' <<< "$WORDS")
OBJECTS=$(awk '$1 == "object" { print $2 }' <<< "$WORDS")
# Objects named by two words ("sub router iface router-iface"): not typed
# as one word, so not in the SYNOPSIS or the completion's objects.
SUBWORDS=$(awk '$1 == "sub" { print $3 }' <<< "$WORDS")
TOPOBJECTS=$(awk '$1 == "sub" { sub_[$4] = 1 } $1 == "object" && !($2 in sub_) { print $2 }' <<< "$WORDS")
CMDS=$(awk '$1 == "command" && $3 != "help" { print $2 " " $3 }' <<< "$WORDS")


# --- the man page -----------------------------------------------------------
# SYNOPSIS blocks (split at .br/.PP/.sp), each as "bold words<TAB>italic
# words": .B and .I set all their arguments in one font, .BR .RB .BI .IB
# .IR .RI alternate.
synopsis()
{
	awk '
	function flush() {
		if (bold != "" || ital != "")
			print bold "\t" ital
		bold = ""; ital = ""
	}
	function add(font, arg,   w, i, nw) {
		gsub(/\\-/, "-", arg)
		gsub(/[][{}|"]/, " ", arg)
		gsub(/\.\.\./, " ", arg)
		nw = split(arg, w, " ")
		for (i = 1; i <= nw; i++) {
			if (w[i] ~ /^:=$/ || w[i] ~ /^\/$/)
				continue
			sub(/^\//, "", w[i])
			if (font == "B")
				bold = bold " " w[i]
			else if (font == "I")
				ital = ital " " w[i]
		}
	}
	/^\.SH/ { if (in_syn) { flush(); exit } }
	/^\.SH SYNOPSIS/ { in_syn = 1; next }
	!in_syn { next }
	/^\.(br|PP|sp)/ { flush(); next }
	/^\.[BIR]+[ \t]/ {
		mac = substr($1, 2)
		line = substr($0, length($1) + 2)
		# Arguments: words, or "quoted strings".
		na = 0
		while (line != "") {
			sub(/^[ \t]+/, "", line)
			if (line == "")
				break
			if (substr(line, 1, 1) == "\"") {
				end = index(substr(line, 2), "\"")
				if (!end)
					end = length(line)
				a[++na] = substr(line, 2, end - 1)
				line = substr(line, end + 2)
			} else {
				match(line, /^[^ \t]+/)
				a[++na] = substr(line, 1, RLENGTH)
				line = substr(line, RLENGTH + 1)
			}
		}
		for (i = 1; i <= na; i++) {
			if (length(mac) == 1)
				font = mac
			else
				font = substr(mac, (i - 1) % 2 + 1, 1)
			add(font, a[i])
		}
	}
	END { flush() }' "$MAN"
}
SYN=$(synopsis)
if [ -z "$SYN" ]; then
	result "man page: SYNOPSIS has a block per command" "no SYNOPSIS found in $MAN"
	exit 1
fi

# One awk each, not a process per word: the guest pays ~0.3 s a process.
# Each command's block ("hnetctl OBJECT COMMAND ...", or "hnetctl OBJECT
# ..." for an object without command words) must hold exactly the command's
# keywords in bold and its key in italic.
err=$(awk -F'\t' '
	FILENAME == "-" {
		split($0, f, " ")
		if (f[1] == "command" && f[3] != "help") {
			cmd[f[2] " " f[3]] = 1
			order[++ncmd] = f[2] " " f[3]
		} else if (f[1] == "keyword") {
			want[f[2] " " f[3]] = want[f[2] " " f[3]] " " f[4]
		} else if (f[1] == "key") {
			key[f[2] " " f[3]] = key[f[2] " " f[3]] " " f[4]
		} else if (f[1] == "sub") {
			sub_[f[2] " " f[3]] = f[4]
		}
		next
	}
	{
		nb = split($1, b, " ")
		if (nb < 2 || b[1] != "hnetctl")
			next
		oc = b[2] " " b[3]
		first = 4
		if (oc in sub_) {
			oc = sub_[oc] " " b[4]
			first = 5
		}
		if (!(oc in cmd)) {
			oc = b[2] " -"
			first = 3
		}
		if (!(oc in cmd) || (oc in seen))
			next
		seen[oc] = 1
		got[oc] = ""
		for (i = first; i <= nb; i++)
			got[oc] = got[oc] " " b[i]
		ital[oc] = " " $2 " "
	}
	function sorted(s,   w, n, i, j, t, out) {
		n = split(s, w, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && w[j - 1] > w[j]; j--) {
				t = w[j]; w[j] = w[j - 1]; w[j - 1] = t
			}
		out = ""
		for (i = 1; i <= n; i++)
			if (i == 1 || w[i] != w[i - 1])
				out = out " " w[i]
		return out
	}
	END {
		for (i = 1; i <= ncmd; i++) {
			oc = order[i]
			if (!(oc in seen)) {
				print "no SYNOPSIS block \"hnetctl " oc "\""
				continue
			}
			if (sorted(got[oc]) != sorted(want[oc]))
				print "SYNOPSIS of " oc ": keywords" sorted(got[oc]) \
				      ", hnetctl has" sorted(want[oc])
			nk = (oc in key) ? split(key[oc], k, " ") : 0
			for (j = 1; j <= nk; j++)
				if (index(ital[oc], " " k[j] " ") == 0)
					print "SYNOPSIS of " oc ": no " k[j]
		}
	}' - <(echo "$SYN") <<< "$WORDS")
result "man page: a SYNOPSIS block per command, with exactly its keywords ($(wc -l <<< "$CMDS") commands)" "$err"

# Every bold word of the SYNOPSIS is a word of hnetctl.
known=$(sorted hnetctl help $TOPOBJECTS $SUBWORDS $(awk '{ print $2 }' <<< "$CMDS") \
	$OPTIONS $(awk '$1 == "keyword" { print $4 }' <<< "$WORDS"))
bold_all=$(cut -f1 <<< "$SYN" | tr ' ' '\n')
unknown=$(comm -13 <(echo "$known") <(sorted $bold_all) | tr '\n' ' ')
err=
[ -n "$unknown" ] && err="SYNOPSIS words hnetctl does not know: $unknown"
for w in help $TOPOBJECTS $SUBWORDS; do
	grep -qx -- "$w" <<< "$bold_all" || err+=" SYNOPSIS lacks \"$w\""
done
result "man page: every SYNOPSIS word is one of hnetctl's" "$err"

# Each option, short and long, in OPTIONS; the exit codes in EXIT STATUS.
man_text=$(sed 's/\\-/-/g' "$MAN")
err=
while read -r short long; do
	grep -qE -- "^\.BR $short \", \" $long( |$)" <<< "$man_text" ||
		err+="OPTIONS lacks \"$short, $long\""$'\n'
done <<< "$OPTIONS"
for code in 0 1 2; do
	awk '/^\.SH EXIT STATUS/ { s = 1; next } /^\.SH/ { s = 0 } s' <<< "$man_text" |
		grep -qx "\.B $code" || err+="EXIT STATUS lacks $code"$'\n'
done
result "man page: every option in OPTIONS, exit codes 0 1 2" "${err%$'\n'}"

# --- the bash completion ----------------------------------------------------
# tables: "HEAD: WORDS" lines, the words sorted (input on stdin).
tables()
{
	awk '{
		h = $0; sub(/:.*/, ":", h)
		n = split(substr($0, length(h) + 1), w, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && w[j - 1] > w[j]; j--) {
				t = w[j]; w[j] = w[j - 1]; w[j - 1] = t
			}
		out = h
		for (i = 1; i <= n; i++)
			out = out " " w[i]
		print out
	}' | sort
}

# What the tables of hnetctl say...
want=$(awk '
	$1 == "option" { opts = opts " " $2 " " $3 }
	$1 == "sub" { subobj[$4] = 1; c[$2] = c[$2] " " $3 }
	$1 == "object" && !($2 in subobj) { objs = objs " " $2 }
	$1 == "command" { if (!($2 in c)) order[++n] = $2; c[$2] = c[$2] (($3 == "-") ? "" : " " $3) }
	$1 == "command" && $3 != "help" { kw[$2 " " $3] = kw[$2 " " $3] ""; oc[++m] = $2 " " $3 }
	$1 == "keyword" { kw[$2 " " $3] = kw[$2 " " $3] " " $4 }
	$1 == "key" { key[$2 " " $3] = key[$2 " " $3] " " $4 }
	END {
		print "options:" opts
		print "objects:" objs
		for (i = 1; i <= n; i++)
			print "commands " order[i] ":" c[order[i]]
		for (i = 1; i <= m; i++) {
			print "keywords " oc[i] ":" kw[oc[i]]
			print "key " oc[i] ":" ((oc[i] in key) ? key[oc[i]] : "")
		}
	}' <<< "$WORDS" | tables)

# ... and what the completion says, asked of it in one shell.
if ! got=$(bash -c '
	source "$1" || exit 1
	shift
	echo "options: $_hnetctl_options"
	echo "objects: $_hnetctl_objects"
	for o in $1; do
		[ "$o" = help ] || echo "commands $o: $(_hnetctl_commands "$o")"
	done
	while read -r o c; do
		echo "keywords $o $c: $(_hnetctl_keywords "$o" "$c")"
		echo "key $o $c: $(_hnetctl_key "$o" "$c")"
	done <<< "$2"' comp "$COMP" "$OBJECTS" "$CMDS" 2>&1); then
	result "bash completion: exactly hnetctl's options, objects, commands, keywords and keys" \
		"$COMP does not load: $got"
	exit 1
fi
got=$(tables <<< "$got")
err=$(diff <(echo "$want") <(echo "$got") | sed -n 's/^< /hnetctl:    /p; s/^> /completion: /p')
# No entry for a command hnetctl does not have.
extra=$(grep -oE '^[[:space:]]*"[a-z-]+ [a-z-]+"(\|"[a-z-]+ [a-z-]+")*\)' "$COMP" |
	grep -oE '"[a-z-]+ [a-z-]+"' | tr -d '"' | sort -u | grep -vxF "$CMDS")
[ -n "$extra" ] && err+=$'\n'"completion has entries for what hnetctl does not: $(echo $extra)"
result "bash completion: exactly hnetctl's options, objects, commands, keywords and keys" "${err#$'\n'}"

# --- live names ---------------------------------------------------------------
# complete WORD...: what the completion offers for the last WORD.
complete_words()
{
	bash -c 'source "$1"; shift; COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _hnetctl
		printf "%s\n" "${COMPREPLY[@]}"' comp "$COMP" "$HNETCTL" "$@"
}
ns=hnet-words-$$-$RANDOM
if [ "$(id -u)" = 0 ] && ip netns add "$ns" 2>/dev/null; then
	trap 'ip netns del "$ns" 2>/dev/null' EXIT
	if ip -n "$ns" link add hnetw0 type hnet 2>/dev/null &&
	   ip -n "$ns" link add vmw1 type veth peer name vmw2 &&
	   printf '%s\n' 'network add 7 vni 70' 'network add 8 vni 80' \
		'port add vmw1 network 7 mac 02:00:00:00:00:07' |
	   "$HNETCTL" -n "$ns" -b -; then
		err=
		check_offer()	# check_offer EXPECTED WORD... (EXPECTED sorted)
		{
			local want=$1 got

			shift
			got=$(complete_words "$@" | sort | tr '\n' ' ')
			[ "$got" = "$want " ] || err+="\"$*\": offered \"$got\", not \"$want\""$'\n'
		}
		check_offer "hnetw0" -n "$ns" dev show dev ""
		check_offer "7 8 dev" -n "$ns" network del ""
		check_offer "7" -n "$ns" port add vmw2 network 7
		check_offer "8" -n "$ns" remote add network 8
		check_offer "vmw1" -n "$ns" port show vm
		check_offer "vmw1 vmw2" -n "$ns" port add vm
		check_offer "$ns" -n "$ns"
		check_offer "off on" -n "$ns" port add vmw2 security ""
		result "bash completion: live devices, networks and ports" "${err%$'\n'}"
	else
		n=$((n + 1))
		echo "ok $n bash completion: live names # SKIP cannot make an hnet device"
	fi
	ip netns del "$ns"
	trap - EXIT
else
	n=$((n + 1))
	echo "ok $n bash completion: live names # SKIP not root or no netns"
fi

exit $rc
