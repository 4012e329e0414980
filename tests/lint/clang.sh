#!/bin/bash
# The tree builds warning-free with clang -Wall -Wextra -Werror too (the
# tests themselves run on the gcc build).
# t6-timeout: 900
. "$(dirname "$0")/../lib/t6.sh"
t6_need clang
# (--no-print-directory: a make -C above us exports -w in MAKEFLAGS)
out=$(make --no-print-directory -C "$T6_TOP" -s CC=clang tests 2>&1) ||
    t6_fail "clang build failed:
$(printf '%s\n' "$out" | tail -40)"
[ -z "$out" ] || t6_fail "clang build printed warnings:
$(printf '%s\n' "$out" | tail -40)"
t6_pass
