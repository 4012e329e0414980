#!/bin/bash
# Every man page is clean under mandoc -Tlint, and every program built
# has a man page.
. "$(dirname "$0")/../lib/t6.sh"
t6_need mandoc
cd "$T6_TOP" || t6_fail "no tree"
pages=(man/*.[1-9])
[ -e "${pages[0]}" ] || t6_skip "no man pages yet"
out=$(mandoc -Tlint -W warning "${pages[@]}" 2>&1)
[ -z "$out" ] || t6_fail "mandoc -Tlint:
$out"
for prog in "$T6_BIN"/*; do
	[ -x "$prog" ] || continue
	name=$(basename "$prog")
	ls man/"$name".[1-9] >/dev/null 2>&1 ||
	    t6_fail "$name has no man page in man/"
done
t6_pass
