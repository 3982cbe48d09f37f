#!/bin/sh
# The lwIP glue's API Discovery, cross-site refusal and CHDR_LWIP_BASIC=0 (tests/pkg_lwip_web.c)
# against Debian's real lwIP 2.1 headers, under ASan/UBSan, with gcc and clang. httpd.c itself is not in
# liblwip-dev: the test drives the callbacks it calls (see examples/lwip/README.md).
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/lwip-web
CHECK=lwip-web
. tests/lib.sh
LWIP_INC=$(pkg-config --cflags-only-I lwip 2>/dev/null | sed 's/^-I//; s/ .*//')
LWIP_INC=${LWIP_INC:-/usr/include/lwip}
[ -f "$LWIP_INC/lwip/apps/httpd.h" ] || skip_check liblwip-dev "no $LWIP_INC/lwip/apps/httpd.h"
STRICT="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
rc=0
# with Basic (the default) and with CHDR_LWIP_BASIC=0 (the firmware's own check)
for cc in "${CC:-cc}" clang; do
    command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: lwip-web: needs clang (no $cc command)"; echo "0 passed, 0 failed, 1 skipped"; continue; }
    for basic in 1 0; do
        # shellcheck disable=SC2086  # flag lists
        if $cc -std=c99 -g -O1 $STRICT $SAN -DCHDR_LWIP_BASIC=$basic -I. -Iexamples/lwip \
                -Iexamples/common -Iexamples/lwip/port -Itests -isystem "$LWIP_INC" \
                tests/pkg_lwip_web.c examples/lwip/customhdr_lwip.c \
                -o "$OUT/test-$cc-$basic" >"$OUT/build-$cc-$basic.log" 2>&1; then
            echo "# $cc, CHDR_LWIP_BASIC=$basic"
            "$OUT/test-$cc-$basic" || rc=1
        else
            cat "$OUT/build-$cc-$basic.log"
            echo "FAIL building tests/pkg_lwip_web.c with $cc, CHDR_LWIP_BASIC=$basic"
            echo "0 passed, 1 failed"; rc=1
        fi
    done
done
exit $rc
