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
W="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
for cc in gcc clang; do
    for std in c99 c11; do
        check "$cc $std" $cc -std=$std $W -Wsign-conversion -I. -c "$out/lib.c" -o "$out/lib-$cc-$std.o"
    done
done
check "g++ c++11" g++ -x c++ -std=c++11 $W -I. -c "$out/lib.c" -o "$out/lib-cxx.o"
check "clang++ c++11" clang++ -x c++ -std=c++11 $W -I. -c "$out/lib.c" -o "$out/lib-clangxx.o"
if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    check "cortex-m0plus" arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os $W -I. -c "$out/lib.c" -o "$out/m0.o"
else
    echo "SKIP: arm-none-eabi-gcc missing (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"; skip=$((skip + 1))
fi
if command -v riscv64-unknown-elf-gcc >/dev/null 2>&1; then
    check "rv32imc nostdlib" riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -Os -ffreestanding -nostdlib $W -I. -c "$out/lib.c" -o "$out/rv.o"
    if [ -f "$out/rv.o" ]; then
        extra=$(riscv64-unknown-elf-nm -u "$out/rv.o" | awk '{print $2}' | grep -vxE 'memcpy|memmove|memset|memcmp')
        if [ -z "$extra" ]; then pass=$((pass + 1)); else echo "FAIL: needs more than mem*: $extra"; fail=$((fail + 1)); fi
    fi
else
    echo "SKIP: riscv64-unknown-elf-gcc missing (apt-get install gcc-riscv64-unknown-elf)"; skip=$((skip + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
