#!/bin/sh
# lwIP httpd integration: `make lwip-example` compiles examples/lwip/customhdr_lwip.c against
# Debian's real lwIP 2.1 headers (gcc and clang, warnings as errors); then the glue is driven
# through the callbacks httpd.c and fs.c call (tests/pkg_lwip_glue.c) under ASan/UBSan.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/lwip
mkdir -p "$OUT"
LWIP_INC=$(pkg-config --cflags-only-I lwip 2>/dev/null | sed 's/^-I//; s/ .*//')
LWIP_INC=${LWIP_INC:-/usr/include/lwip}
if ! [ -f "$LWIP_INC/lwip/apps/httpd.h" ]; then
    echo "SKIP: lwip: needs liblwip-dev (no $LWIP_INC/lwip/apps/httpd.h)"
    echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
pass=0 fail=0 skip=0
# make lwip-example builds with clang too when it is there
with=gcc
if command -v "${CLANG:-clang}" >/dev/null 2>&1; then with="gcc and clang"
else echo "SKIP: lwip: needs clang (the clang build of the glue)"; skip=1; fi
if make --no-print-directory -B lwip-example >"$OUT/build.log" 2>&1; then
    pass=$((pass + 1)); echo "ok   make lwip-example ($with, strict, real lwIP headers)"
else
    fail=$((fail + 1)); echo "FAIL make lwip-example"; cat "$OUT/build.log"
fi
CC=${CC:-cc}
STRICT="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if $CC -std=c99 -g -O1 $STRICT $SAN -I. -Iexamples/lwip -Iexamples/common -Iexamples/lwip/port -isystem "$LWIP_INC" \
        tests/pkg_lwip_glue.c examples/lwip/customhdr_lwip.c -o "$OUT/glue" >"$OUT/glue-build.log" 2>&1; then
    "$OUT/glue"
    rc=$?
else
    cat "$OUT/glue-build.log"; echo "FAIL building tests/pkg_lwip_glue.c"
    rc=1
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$rc" -eq 0 ]
