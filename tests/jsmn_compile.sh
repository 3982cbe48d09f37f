#!/bin/sh
# Compile check for jsmn/jsmn.h: warning-free under gcc and clang as C99, C11 and C++11 with
# -Wsign-conversion, in every linkage mode (extern, JSMN_STATIC, JSMN_HEADER + one definition,
# JSMN_PARENT_LINKS), plus freestanding cross-compiles for rv32imc and Cortex-M0+.
#   sh tests/jsmn_compile.sh BUILD_DIR
out=${1:-build/jsmn}/compile
mkdir -p "$out"
INC=${JSMN_INC:--I.}
W="-Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror"
pass=0 fail=0 skip=0

cat >"$out/use.c" <<'C'
#include "jsmn/jsmn.h"
#ifndef JSMN_STRICT_RFC8259
#error not the strict tokenizer
#endif
int use_jsmn(const char *js, unsigned int len);
int use_jsmn(const char *js, unsigned int len)
{
    jsmntok_t t[8];
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, js, len, t, 8);
}
C
cat >"$out/main.c" <<'C'
#define JSMN_HEADER
#include "jsmn/jsmn.h"
int use_jsmn(const char *js, unsigned int len);
int main(void)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, "[1]", 3, 0, 0) == 2 && use_jsmn("{}", 2) == 1 ? 0 : 1;
}
C

run() { # description, command...
    what=$1; shift
    if "$@" >"$out/log" 2>&1; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "FAIL $what: $*"; cat "$out/log"; fi
}

# each compiler the machine lacks is one skip, naming its Debian package
for c in gcc:gcc clang:clang g++:g++ clang++:clang; do
    command -v ${c%%:*} >/dev/null 2>&1 ||
        { echo "SKIP: jsmn-compile: needs ${c#*:} (the ${c%%:*} builds)"; skip=$((skip + 1)); }
done
for cc in gcc clang; do
    for std in "-std=c99" "-std=c11" "-x c++ -std=c++11"; do
        [ "$cc" = gcc ] && c=gcc && [ "$std" != "${std#-x}" ] && c=g++
        [ "$cc" = clang ] && c=clang && [ "$std" != "${std#-x}" ] && c=clang++
        command -v $c >/dev/null 2>&1 || continue
        for mode in "" "-DJSMN_STATIC" "-DJSMN_PARENT_LINKS" "-DJSMN_STATIC -DJSMN_PARENT_LINKS"; do
            run "$c $std $mode" $c $std $W -O2 $mode $INC -c "$out/use.c" -o "$out/use.o"
        done
        # One definition, one JSMN_HEADER user: links and runs.
        run "$c $std link" sh -c "$c $std $W -O2 $INC -c $out/use.c -o $out/use.o &&
            $c $std $W -O2 $INC -c $out/main.c -o $out/main.o &&
            $c $out/use.o $out/main.o -o $out/main && $out/main"
    done
done

if command -v riscv64-unknown-elf-gcc >/dev/null 2>&1; then
    run "rv32imc freestanding" riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -ffreestanding \
        -nostdlib -std=c99 $W -Os $INC -c "$out/use.c" -o "$out/rv32.o"
else
    echo "SKIP: jsmn-compile: needs gcc-riscv64-unknown-elf (the rv32imc build)"
    skip=$((skip + 1))
fi

# Code size on Cortex-M0+ -Os: the tokenizer alone, extern so nothing is dropped.
if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    printf '#include "jsmn/jsmn.h"\n' >"$out/alone.c"
    if arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os -ffreestanding $W $INC \
        -c "$out/alone.c" -o "$out/m0.o"; then
        text=$(arm-none-eabi-size "$out/m0.o" | awk 'NR == 2 {print $1}')
        echo "Cortex-M0+ -Os: jsmn_init + jsmn_parse = $text bytes of text"
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL Cortex-M0+ compile"
    fi
else
    echo "SKIP: jsmn-compile: needs gcc-arm-none-eabi (the Cortex-M0+ build)"
    skip=$((skip + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
