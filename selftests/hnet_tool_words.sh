#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man page (Documentation/hnetctl.8) and the bash completion
# (tool/completion/hnetctl) know every word of hnetctl, and no other:
# `hnetctl help words` prints the options, objects, commands, keywords and
# keys of the parser's tables; each must be in the man page's SYNOPSIS (one
# block per command, its keywords exactly) and OPTIONS, and in the
# completion's tables (exactly); every bold word of the SYNOPSIS must be one
# of them.  Needs no module: runs on the host or in the guest.
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
echo "1..5"

if [ -z "$HNETCTL" ] || [ ! -x "$HNETCTL" ]; then
	echo "# hnetctl not found (build tool/ or set HNETCTL)"
	for i in 1 2 3 4 5; do echo "ok $i # SKIP no hnetctl"; done
	exit $ksft_skip
fi
for f in "$MAN" "$COMP"; do
	if [ ! -f "$f" ]; then
		echo "# $f not found"
		for i in 1 2 3 4 5; do echo "not ok $i # missing $f"; done
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

# same WHAT EXPECTED ACTUAL: a line per difference of the two word lists.
same()
{
	local missing extra

	missing=$(comm -23 <(sorted $2) <(sorted $3) | tr '\n' ' ')
	extra=$(comm -13 <(sorted $2) <(sorted $3) | tr '\n' ' ')
	[ -n "$missing" ] && echo "$1: missing $missing"
	[ -n "$extra" ] && echo "$1: unknown $extra"
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
CMDS=$(awk '$1 == "command" && $3 != "help" { print $2 " " $3 }' <<< "$WORDS")

# words_of KIND OBJECT COMMAND: keywords (KIND keyword) or keys (KIND key).
words_of()
{
	awk -v k="$1" -v o="$2" -v c="$3" '$1 == k && $2 == o && $3 == c { print $4 }' <<< "$WORDS"
}

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

# block OBJECT COMMAND: the SYNOPSIS block of a command ("-": none).
block()
{
	local want="hnetctl $1"

	[ "$2" != - ] && want+=" $2"
	while IFS=$'\t' read -r bold ital; do
		bold=${bold# }
		if [ "$2" = - ]; then
			[[ "$bold" == "$want" || "$bold" == "$want "* ]] || continue
			# Not "hnetctl OBJECT COMMAND": the word after is no command.
			local w=($bold)
			[ "${#w[@]}" -lt 3 ] || ! grep -qx "${w[1]} ${w[2]}" <<< "$CMDS" || continue
		else
			[[ "$bold" == "$want" || "$bold" == "$want "* ]] || continue
		fi
		printf '%s\t%s\n' "$bold" "$ital"
		return
	done <<< "$SYN"
}

err=
while read -r obj cmd; do
	b=$(block "$obj" "$cmd")
	if [ -z "$b" ]; then
		err+="no SYNOPSIS block \"hnetctl $obj $cmd\""$'\n'
		continue
	fi
	bold=$(cut -f1 <<< "$b")
	ital=$(cut -f2 <<< "$b")
	skip=3
	[ "$cmd" = - ] && skip=2
	kws=$(tr ' ' '\n' <<< "$bold" | tail -n +$((skip + 1)))
	e=$(same "SYNOPSIS of $obj $cmd: keywords" "$(words_of keyword "$obj" "$cmd")" "$kws")
	[ -n "$e" ] && err+="$e"$'\n'
	for key in $(words_of key "$obj" "$cmd"); do
		grep -qw -- "$key" <<< "$ital" ||
			err+="SYNOPSIS of $obj $cmd: no $key"$'\n'
	done
done <<< "$CMDS"
result "man page: a SYNOPSIS block per command, with exactly its keywords ($(wc -l <<< "$CMDS") commands)" "${err%$'\n'}"

# Every bold word of the SYNOPSIS is a word of hnetctl.
known=$(sorted hnetctl help $OBJECTS $(awk '{ print $2 }' <<< "$CMDS") \
	$OPTIONS $(awk '$1 == "keyword" { print $4 }' <<< "$WORDS"))
bold_all=$(cut -f1 <<< "$SYN" | tr ' ' '\n')
unknown=$(comm -13 <(echo "$known") <(sorted $bold_all) | tr '\n' ' ')
err=
[ -n "$unknown" ] && err="SYNOPSIS words hnetctl does not know: $unknown"
for w in help $OBJECTS; do
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
# Its tables, asked of the completion itself.
comp()
{
	bash -c 'source "$1" || exit 1; shift; "$@"' comp "$COMP" "$@"
}
if ! e=$(bash -c 'source "$1" 2>&1' comp "$COMP") || [ -n "$e" ]; then
	result "bash completion: exactly hnetctl's options, objects, commands, keywords and keys" \
		"$COMP does not load: $e"
	exit 1
fi
err=
e=$(same "options" "$OPTIONS" "$(comp eval 'echo $_hnetctl_options')"); [ -n "$e" ] && err+="$e"$'\n'
e=$(same "objects" "$OBJECTS help" "$(comp eval 'echo $_hnetctl_objects')"); [ -n "$e" ] && err+="$e"$'\n'
for obj in $OBJECTS; do
	want=$(awk -v o="$obj" '$1 == "command" && $2 == o && $3 != "-" { print $3 }' <<< "$WORDS")
	e=$(same "commands of $obj" "$want" "$(comp _hnetctl_commands "$obj")")
	[ -n "$e" ] && err+="$e"$'\n'
done
while read -r obj cmd; do
	e=$(same "keywords of $obj $cmd" "$(words_of keyword "$obj" "$cmd")" \
		"$(comp _hnetctl_keywords "$obj" "$cmd")")
	[ -n "$e" ] && err+="$e"$'\n'
	e=$(same "key of $obj $cmd" "$(words_of key "$obj" "$cmd")" \
		"$(comp _hnetctl_key "$obj" "$cmd")")
	[ -n "$e" ] && err+="$e"$'\n'
done <<< "$CMDS"
# No entry for a command hnetctl does not have.
while read -r oc; do
	grep -qx -- "$oc" <<< "$CMDS" || err+="completion has \"$oc\", hnetctl does not"$'\n'
done < <(grep -oE '^[[:space:]]*"[a-z-]+ [a-z-]+"(\|"[a-z-]+ [a-z-]+")*\)' "$COMP" |
	 grep -oE '"[a-z-]+ [a-z-]+"' | tr -d '"' | sort -u)
result "bash completion: exactly hnetctl's options, objects, commands, keywords and keys" "${err%$'\n'}"

exit $rc
