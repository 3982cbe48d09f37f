#!/bin/sh
# Compiles every ```c block of README.md as its own translation unit, strictly, with gcc and
# clang as C99 and C++: the README's code must be code that builds.
set -u
out=build/readme
mkdir -p "$out"
awk -v dir="$out" '
    /^```c$/ { n++; file = sprintf("%s/sample%d.c", dir, n); inside = 1; next }
    /^```/   { inside = 0; next }
    inside   { print > file }
' README.md
pass=0 fail=0 skip=0
# a compiler this machine lacks is one skip, naming its Debian package (the command's name)
for cc in gcc clang g++; do
    command -v $cc >/dev/null 2>&1 ||
        { echo "SKIP: readme: needs $cc (the samples built with $cc)"; skip=$((skip + 1)); }
done
for f in "$out"/sample*.c; do
    [ -f "$f" ] || { echo "no C sample in README.md"; fail=$((fail + 1)); break; }
    for cc in "gcc -std=c99" "clang -std=c99" "g++ -x c++ -std=c++11"; do
        command -v "${cc%% *}" >/dev/null 2>&1 || continue
        if $cc -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -I. -c "$f" -o "$f.o"; then
            pass=$((pass + 1))
        else
            echo "FAIL: $f with $cc"; fail=$((fail + 1))
        fi
    done
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
