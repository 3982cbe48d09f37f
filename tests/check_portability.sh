#!/bin/sh
# The library builds warning-free everywhere firmware builds it: gcc and clang as C99, C11 and
# C++11, Cortex-M0+, and a freestanding -nostdlib RV32 image that needs nothing from the C
# library but memcpy, memmove, memset and memcmp.
set -u
out=build/portability
mkdir -p "$out"
printf '#define CUSTOMHDR_IMPLEMENTATION\n#include "customhdr.h"\n' > "$out/lib.c"
pass=0 fail=0 skip=0
check() { # name, command...
    name=$1; shift
    if "$@" >"$out/log" 2>&1; then pass=$((pass + 1)); else echo "FAIL: $name"; cat "$out/log"; fail=$((fail + 1)); fi
}
# has COMMAND PACKAGE WHAT: COMMAND is on PATH; if not, one skip for WHAT, naming the package
has() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "SKIP: portability: needs $2 ($3)"; skip=$((skip + 1)); return 1
}
W="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
for cc in gcc clang; do
    has $cc $cc "$cc as C99 and C11" || continue
    for std in c99 c11; do
        check "$cc $std" $cc -std=$std $W -Wsign-conversion -I. -c "$out/lib.c" -o "$out/lib-$cc-$std.o"
    done
done
if has g++ g++ "g++ as C++11"; then
    check "g++ c++11" g++ -x c++ -std=c++11 $W -I. -c "$out/lib.c" -o "$out/lib-cxx.o"
fi
if has clang++ clang "clang++ as C++11"; then
    check "clang++ c++11" clang++ -x c++ -std=c++11 $W -I. -c "$out/lib.c" -o "$out/lib-clangxx.o"
fi
if has arm-none-eabi-gcc "gcc-arm-none-eabi libnewlib-arm-none-eabi" "Cortex-M0+ build"; then
    check "cortex-m0plus" arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os $W -I. -c "$out/lib.c" -o "$out/m0.o"
fi
if has riscv64-unknown-elf-gcc gcc-riscv64-unknown-elf "rv32imc -nostdlib build"; then
    check "rv32imc nostdlib" riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -Os -ffreestanding -nostdlib $W -I. -c "$out/lib.c" -o "$out/rv.o"
    if [ -f "$out/rv.o" ]; then
        extra=$(riscv64-unknown-elf-nm -u "$out/rv.o" | awk '{print $2}' | grep -vxE 'memcpy|memmove|memset|memcmp')
        if [ -z "$extra" ]; then pass=$((pass + 1)); else echo "FAIL: needs more than mem*: $extra"; fail=$((fail + 1)); fi
    fi
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
