#!/bin/sh
# make check-targets: the library on the cores it is for (tests/targets/README.md).
#   host     the target script built for this machine, at the default limits and at
#            bench/small_part.h's; a saved blob held to docs/behaviour.md section 4's format
#   arm/mips the spec, property, buffer and persist suites, cross-built -static, under qemu-user;
#            the saved blob byte for byte the same as on the host
#   microbit the target script on a Cortex-M0 (qemu-system-arm -M microbit), both configurations:
#   sifive_e and on rv32imac (qemu-system-riscv32 -M sifive_e): it passes, its transcript is the
#            host's byte for byte, and each library call's measured stack is within the static
#            bound bench/stack.py gives for the same object code
# A part whose compiler or emulator is missing says SKIP and the rest still runs.
set -u
cd "$(dirname "$0")/../.."
OUT=build/targets/check
CHECK=targets
. tests/lib.sh
skip=0
TG=build/targets
MAKE=${MAKE:-make}
JSONSUITE=${SPEC_JSONSUITE:-../shared/conformance/JSONTestSuite/test_parsing}
# wall-clock limits: a hung emulator is a failure, not a hung check
QEMU_USER_LIMIT=180
QEMU_SYSTEM_LIMIT=60

have() { command -v "$1" >/dev/null 2>&1; }
skip_part() { echo "SKIP: targets: needs $1 ($2)"; skip=$((skip + 1)); }
# build NAME TARGET...: make the targets; a failure counts as the test NAME, with make's output
build_part() {
    _name=$1; shift
    _log=$OUT/build-$(echo "$_name" | tr -c 'a-z0-9\n' '-').log
    $MAKE --no-print-directory "$@" >"$_log" 2>&1 && return 0
    result "$_name: builds" 1 "$_log"
    return 1
}

# ---- the host -------------------------------------------------------------------------------
host_ok=
if build_part host $TG/host-defaults/script $TG/host-small/script $TG/host/blob; then
    host_ok=yes
    for cfg in defaults small; do
        $TG/host-$cfg/script >"$OUT/host-$cfg.txt" 2>"$OUT/host-$cfg.notes"
        result "host $cfg: the target script answers as docs/behaviour.md says" $? "$OUT/host-$cfg.notes"
    done
    $TG/host/blob >"$OUT/blob-host.txt"
    if have python3; then
        # the format of section 4, written out here: magic, format 1, count, block length and
        # sequence number little-endian, the block as chdr_block gives it, CRC-32 little-endian
        python3 - "$OUT/blob-host.txt" >"$OUT/blob-format.log" 2>&1 <<'EOF'
import struct, sys, zlib
blob = bytes.fromhex(open(sys.argv[1]).read().replace("\n", ""))
block = (b"X-Frame-Options: SAMEORIGIN\r\nX-Content-Type-Options: nosniff\r\n"
         b"Referrer-Policy: strict-origin-when-cross-origin\r\n"
         b"Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; object-src 'none'\r\n"
         b"Access-Control-Allow-Origin: https://example.com\r\nX-Tab: a\tb\r\n")
want = b"CHDR" + bytes([1, 6]) + struct.pack("<HI", len(block), 0x01020304) + block
want += struct.pack("<I", zlib.crc32(want))
if blob != want:
    sys.exit("got  %s\nwant %s" % (blob.hex(), want.hex()))
EOF
        result "host: the saved blob is docs/behaviour.md section 4's format" $? "$OUT/blob-format.log"
    else
        skip_part python3 "the blob format check"
    fi
fi

# ---- the suites under qemu-user ---------------------------------------------------------------
for arch in arm mips; do
    case $arch in
    arm) cc=arm-linux-gnueabihf-gcc pkg=gcc-arm-linux-gnueabihf qemu=qemu-arm ;;
    mips) cc=mips-linux-gnu-gcc pkg=gcc-mips-linux-gnu qemu=qemu-mips ;;
    esac
    if ! have $cc; then skip_part $pkg "the $arch suites: no $cc"; continue; fi
    if ! have $qemu; then skip_part qemu-user "the $arch suites: no $qemu"; continue; fi
    d=$TG/linux-$arch
    build_part "$arch suites" $d/test_spec $d/test_property $d/test_buffer $d/test_persist $d/blob ||
        continue
    for suite in spec property buffer persist; do
        log=$OUT/$arch-$suite.log
        timeout $QEMU_USER_LIMIT $qemu $d/test_$suite >"$log" 2>&1
        st=$?
        result "$qemu: $suite suite ($(tail -n 1 "$log"))" $st "$log"
    done
    if [ -d "$JSONSUITE" ]; then
        log=$OUT/$arch-jsonsuite.log
        timeout $QEMU_USER_LIMIT $qemu $d/test_spec --jsonsuite "$JSONSUITE" >"$log" 2>&1
        st=$?
        # a directory it cannot read is no pass: it must have seen the files
        files=$(sed -n 's/^jsonsuite: \([0-9]*\) files.*/\1/p' "$log")
        [ "${files:-0}" -gt 0 ] || st=1
        result "$qemu: spec suite over JSONTestSuite (${files:-0} files, $(tail -n 1 "$log"))" $st "$log"
    else
        skip_part "JSONTestSuite's test_parsing at $JSONSUITE" "the $arch JSONTestSuite run; not a Debian package, set SPEC_JSONSUITE=DIR"
    fi
    timeout $QEMU_USER_LIMIT $qemu $d/blob >"$OUT/blob-$arch.txt" 2>"$OUT/blob-$arch.err"
    st=$?
    if [ -n "$host_ok" ]; then
        [ $st -eq 0 ] && cmp "$OUT/blob-host.txt" "$OUT/blob-$arch.txt" >"$OUT/blob-$arch.cmp" 2>&1
        st=$?
        result "$qemu: the saved blob is x86-64's, byte for byte" $st "$OUT/blob-$arch.cmp"
    fi
done

# ---- the bare-metal images --------------------------------------------------------------------
# static FN DIR [mem]: bench/stack.py's worst depth under FN in DIR's library, with our mem*
# functions' frames when asked (make size counts them as 0)
static() {
    _ci=$2/library.ci
    [ "${3:-}" = mem ] && _ci="$_ci $2/mem.ci"
    # shellcheck disable=SC2086
    python3 bench/stack.py "$1" $_ci 2>/dev/null | sed -n 's/^worst depth: \([0-9]*\) bytes/\1/p'
}

for core in m0 rv32; do
    case $core in
    m0) cc=arm-none-eabi-gcc pkg=gcc-arm-none-eabi qemu=qemu-system-arm qpkg=qemu-system-arm
        board=microbit size=arm-none-eabi-size ;;
    rv32) cc=riscv64-unknown-elf-gcc pkg=gcc-riscv64-unknown-elf qemu=qemu-system-riscv32
        qpkg=qemu-system-misc board=sifive_e size=riscv64-unknown-elf-size ;;
    esac
    if ! have $cc; then skip_part $pkg "the $board image: no $cc"; continue; fi
    if ! have $qemu; then skip_part $qpkg "the $board image: no $qemu"; continue; fi
    for cfg in defaults small; do
        d=$TG/$core-$cfg
        build_part "$board $cfg" $d/script.elf || continue
        stack=$(${size%size}nm $d/script.elf | awk '$3 == "__stack_size" {print $1}')
        stack=$((0x${stack:-0}))
        echo "size: $board $cfg: $($size $d/script.elf | awk -v s="$stack" 'NR == 2 {print "text " $1 ", data " $2 ", bss " $3 " (a stack of " s " bytes included)"}')"
        timeout $QEMU_SYSTEM_LIMIT $qemu -M $board -display none -monitor none -serial none \
            -semihosting-config enable=on,target=native -kernel $d/script.elf \
            >"$OUT/$board-$cfg.txt" 2>"$OUT/$board-$cfg.notes"
        st=$?
        [ $st -eq 0 ] && grep -q '^PASS$' "$OUT/$board-$cfg.notes" || st=1
        result "$board $cfg: the target script runs to its end and passes" $st "$OUT/$board-$cfg.notes"
        if [ -n "$host_ok" ]; then
            cmp "$OUT/host-$cfg.txt" "$OUT/$board-$cfg.txt" >"$OUT/$board-$cfg.cmp" 2>&1
            result "$board $cfg: its transcript is the host's, byte for byte" $? "$OUT/$board-$cfg.cmp"
        fi
        if ! have python3; then skip_part python3 "the $board stack bounds"; continue; fi
        for fn in chdr_handle chdr_run chdr_write chdr_set chdr_install chdr_save chdr_load chdr_load_newest; do
            line=$(grep "^stack $fn " "$OUT/$board-$cfg.notes")
            used=$(echo "$line" | awk '{print $3}')
            at=$(echo "$line" | cut -d' ' -f4-)
            bound=$(static $fn $d mem)
            sizefig=$(static $fn $d)
            st=0
            [ -n "$used" ] && [ -n "$bound" ] && [ "$used" -le "$bound" ] || st=1
            result "$board $cfg: $fn stack measured ${used:-?} <= static ${bound:-?} (make size's figure, mem* as 0: ${sizefig:-?}; deepest: $at)" $st "$OUT/$board-$cfg.notes"
        done
    done
done

finish
