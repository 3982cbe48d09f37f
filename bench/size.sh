#!/bin/sh
# Flash, RAM and stack of the whole library on small targets, and proof that it links with
# nothing but memcpy/memmove/memset/memcmp.
# usage: bench/size.sh DIR      (objects and reports go to DIR)
#
# The library is bench/library.c: one translation unit defining CUSTOMHDR_IMPLEMENTATION with
# every public function extern, so nothing is dropped. Stack depth comes from gcc's
# -fcallgraph-info=su via bench/stack.py: the deepest call path from chdr_handle, frames summed.
set -u
dir=${1:?usage: size.sh DIR}
mkdir -p "$dir"
here=$(cd "$(dirname "$0")" && pwd)
root=$(pwd)
status=0
allowed="memcpy memmove memset memcmp"

# name compiler flags
targets='m0plus arm-none-eabi-gcc -mthumb -mcpu=cortex-m0plus
m4 arm-none-eabi-gcc -mthumb -mcpu=cortex-m4
rv32imc riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -ffreestanding -nostdlib'
common="-std=c99 -Os -ffunction-sections -fstack-usage -fcallgraph-info=su -I. -c"

build() { # name cc flags... -> DIR/name/library.o; extra -D flags land in a sub directory
    name=$1 cc=$2
    shift 2
    mkdir -p "$dir/$name"
    (cd "$dir/$name" && $cc $common -I"$root" "$@" "$here/library.c" -o library.o)
}

sections() { # object -> "text rodata data bss"
    ${1%gcc}size -A "$2" | awk '
        $1 ~ /^\.text/ { t += $2 }
        $1 ~ /^\.(s?rodata)/ { r += $2 }
        $1 ~ /^\.s?data/ { d += $2 }
        $1 ~ /^\.s?bss/ || $1 == "COMMON" { b += $2 }
        END { print t + 0, r + 0, d + 0, b + 0 }'
}

printf '| target | text | rodata | text+rodata | data | bss | stack under chdr_handle | chdr_run | chdr_write | per token |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
echo "$targets" | while read -r name cc flags; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        printf '| %s | %s missing | | | | | | | | |\n' "$name" "$cc"
        continue
    fi
    # shellcheck disable=SC2086
    if ! build "$name" "$cc" $flags 2>"$dir/$name.err"; then
        printf '| %s | does not compile (see %s) | | | | | | | | |\n' "$name" "$dir/$name.err"
        continue
    fi
    # The token array is the one stack cost that grows with a limit: measure it at twice the
    # default to state the cost per token.
    # shellcheck disable=SC2086
    (mkdir -p "$dir/$name/tokens2x" && cd "$dir/$name/tokens2x" &&
        $cc $common -I"$root" $flags -DCHDR_MAX_TOKENS=128 "$here/library.c" -o library.o) \
        2>/dev/null
    set -- $(sections "$cc" "$dir/$name/library.o")
    python3 "$here/stack.py" chdr_handle "$dir/$name"/*.ci >"$dir/$name.stack" 2>&1
    depth=$(awk '/^worst depth:/ {print $3}' "$dir/$name.stack")
    depth2=$(python3 "$here/stack.py" chdr_handle "$dir/$name/tokens2x"/*.ci 2>/dev/null |
        awk '/^worst depth:/ {print $3}')
    per=n/a
    [ -n "$depth" ] && [ -n "$depth2" ] && per=$(( (depth2 - depth) / 64 ))
    grep -q '^PROBLEM' "$dir/$name.stack" && depth="${depth:-?} (unbounded, see below)"
    run=$(python3 "$here/stack.py" chdr_run "$dir/$name"/*.ci 2>/dev/null | awk '/^worst depth:/ {print $3}')
    write=$(python3 "$here/stack.py" chdr_write "$dir/$name"/*.ci 2>/dev/null | awk '/^worst depth:/ {print $3}')
    printf '| %s | %d | %d | %d | %d | %d | %s | %s | %s | %s |\n' "$name" "$1" "$2" $(($1 + $2)) "$3" "$4" \
        "${depth:-n/a}" "${run:-n/a}" "${write:-n/a}" "$per"
done

# The tokenizer's share, and upstream jsmn's for scale: each alone in a unit that only calls it.
if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    mkdir -p "$dir/tokenizer"
    m0="arm-none-eabi-gcc -std=c99 -Os -mthumb -mcpu=cortex-m0plus -ffunction-sections -I$root -c"
    line="Tokenizer alone on m0plus (text+rodata):"
    if $m0 -DBENCH_JSMN_FN=x "$here/jsmn_ours.c" -o "$dir/tokenizer/ours.o" 2>/dev/null; then
        set -- $(sections arm-none-eabi-gcc "$dir/tokenizer/ours.o")
        line="$line jsmn/jsmn.h $(($1 + $2))"
    fi
    if [ -f /usr/include/jsmn.h ] && cp /usr/include/jsmn.h "$dir/tokenizer/jsmn.h"; then
        for mode in default strict; do
            flag=""
            [ $mode = strict ] && flag=-DJSMN_STRICT
            $m0 -I"$dir/tokenizer" $flag -DBENCH_JSMN_FN=x "$here/jsmn_upstream.c" \
                -o "$dir/tokenizer/upstream-$mode.o" 2>/dev/null || continue
            set -- $(sections arm-none-eabi-gcc "$dir/tokenizer/upstream-$mode.o")
            line="$line, upstream jsmn $mode $(($1 + $2))"
        done
    fi
    echo
    echo "$line"
fi

# What each part costs a firmware that links it: bench/features.c calls more of the API at each
# level, linked with --gc-sections (so unreferenced functions are dropped) against the library
# built with -fdata-sections too; from every image the caller's own bytes and the level-0 image
# (start-up and the C library's mem*) are subtracted, so only the library's bytes remain.
if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    fdir=$dir/features
    mkdir -p "$fdir"
    m0="arm-none-eabi-gcc -std=c99 -Os -mthumb -mcpu=cortex-m0plus -ffunction-sections -fdata-sections -I$root"
    flash() { # file -> text+rodata
        set -- $(sections arm-none-eabi-gcc "$1")
        echo $(($1 + $2))
    }
    if $m0 -c "$here/library.c" -o "$fdir/library.o" 2>"$fdir/err"; then
        echo
        echo "What each part costs on m0plus (text+rodata a firmware links, --gc-sections):"
        echo
        echo "| the firmware calls | library bytes linked | added by this part |"
        echo "| --- | ---: | ---: |"
        for level in 0 1 2 3 4; do
            $m0 -DUSES=$level -c "$here/features.c" -o "$fdir/uses$level.o" 2>>"$fdir/err" &&
                $m0 -nostdlib -nostartfiles -Wl,--gc-sections -e _start -o "$fdir/uses$level.elf" \
                    "$fdir/uses$level.o" "$fdir/library.o" -lc -lgcc 2>>"$fdir/err" || break
            bytes=$(( $(flash "$fdir/uses$level.elf") - $(flash "$fdir/uses$level.o") ))
            if [ $level = 0 ]; then
                base=$bytes prev=0
                continue
            fi
            case $level in
            1) what="chdr_init, chdr_handle, chdr_block (serving the API)" ;;
            2) what="and the C API (set, remove, find, next, count, install, changes)" ;;
            3) what="and persistence (save, load, load_newest)" ;;
            4) what="and chdr_load_reason: everything" ;;
            esac
            printf '| %s | %d | %d |\n' "$what" $((bytes - base)) $((bytes - base - prev))
            prev=$((bytes - base))
        done
    fi
fi

echo
echo "Targets (the project's; gcc -Os, default limits): text+rodata of the whole library <= 4096 on"
echo "m0plus (goal 3072), serving only (chdr_init, chdr_handle, chdr_block) <= 3072, data = bss = 0;"
echo "stack <= 1536 under chdr_handle and under each streaming call, tokens included."

# RAM a firmware reserves to serve the API through the streaming calls, on m0plus: the table, the
# request buffer, the call state, the deepest stack of chdr_run and chdr_write (its tokens
# included), and a 256-byte response window. At the default limits and at bench/small_part.h.
if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    rdir=$dir/ram
    mkdir -p "$rdir"
    printf '#include "customhdr.h"\nchar ram_table[sizeof(chdr_table)];\nchar ram_call[sizeof(chdr_call)];\nchar ram_request[CHDR_REQUEST_MAX];\n' >"$rdir/sizes.c"
    echo
    echo "RAM on m0plus for serving through the streaming calls (bytes; stack from -fcallgraph-info):"
    echo
    echo "| configuration | table | request buffer | chdr_call | stack (chdr_run / chdr_write) | 256-byte window | total |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for cfg in defaults small_part; do
        flags=""
        [ $cfg = small_part ] && flags="-include $root/bench/small_part.h"
        m0="arm-none-eabi-gcc -std=c99 -Os -mthumb -mcpu=cortex-m0plus -fno-common -I$root"
        # shellcheck disable=SC2086
        $m0 $flags -c "$rdir/sizes.c" -o "$rdir/sizes-$cfg.o" 2>"$rdir/$cfg.err" || continue
        mkdir -p "$rdir/$cfg"
        # shellcheck disable=SC2086
        (cd "$rdir/$cfg" && $m0 $flags -ffunction-sections -fstack-usage -fcallgraph-info=su -c \
            "$here/library.c" -o library.o) 2>>"$rdir/$cfg.err" || continue
        sz() {
            v=$(arm-none-eabi-nm -S "$rdir/sizes-$cfg.o" | awk -v s="$1" '$4 == s {print $2}')
            echo $((0x${v:-0}))
        }
        t=$(sz ram_table) c=$(sz ram_call) q=$(sz ram_request)
        sr=$(python3 "$here/stack.py" chdr_run "$rdir/$cfg"/*.ci 2>/dev/null | awk '/^worst depth:/ {print $3}')
        sw=$(python3 "$here/stack.py" chdr_write "$rdir/$cfg"/*.ci 2>/dev/null | awk '/^worst depth:/ {print $3}')
        st=$(( ${sr:-0} > ${sw:-0} ? ${sr:-0} : ${sw:-0} ))
        printf '| %s | %s | %s | %s | %s (%s / %s) | 256 | %s |\n' "$cfg" "$t" "$q" "$c" "$st" \
            "${sr:-?}" "${sw:-?}" $((t + q + c + st + 256))
    done
    echo
    echo "Targets (the project's): defaults <= 8192, small_part (bench/small_part.h: the four AXIS defaults"
    echo "and a 60-byte Access-Control-Allow-Origin) <= 2560. chdr_handle instead of the streaming"
    echo "calls needs a CHDR_RESPONSE_MAX buffer and its stack holds the chdr_call."
fi
for name in m0plus m4 rv32imc; do
    [ -f "$dir/$name.stack" ] || continue
    echo
    echo "$name stack: $(cat "$dir/$name.stack" | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
done

echo
echo "Undefined symbols (firmware must supply them; only $allowed are allowed;"
echo "compiler-runtime helpers from libgcc are listed apart: gcc links libgcc unless told not to):"
for name in m0plus m4 rv32imc; do
    obj=$dir/$name/library.o
    [ -f "$obj" ] || continue
    case $name in rv32imc) nm=riscv64-unknown-elf-nm ;; *) nm=arm-none-eabi-nm ;; esac
    undef=$($nm -u "$obj" | awk '{print $NF}' | sort | tr '\n' ' ' | sed 's/ $//')
    extra=""
    runtime=""
    for s in $undef; do
        case " $allowed " in
        *" $s "*) ;;
        *)
            case $s in
            __aeabi_* | __gnu_* | __*div[sdt]i3 | __*mod[sdt]i3 | __mul[sdt]i3 | __ashl* | \
                __ashr* | __lshr* | __clz* | __ctz* | __popcount*) runtime="$runtime $s" ;;
            *) extra="$extra $s" ;;
            esac
            ;;
        esac
    done
    echo "  $name: ${undef:-none}${runtime:+ -- libgcc:$runtime}${extra:+ -- NOT ALLOWED:$extra}"
    [ -n "$extra" ] && status=1
done

obj=$dir/m0plus/library.o
if [ -f "$obj" ]; then
    echo
    arm-none-eabi-size -A "$obj" | awk '
        $1 ~ /^\.rodata\.str/ { s += $2; next } $1 ~ /^\.rodata/ { r += $2 }
        END { printf "rodata on m0plus: %d bytes of string literals (messages, member names),", s
              printf " %d bytes of tables\n\n", r }'
    echo "Functions on m0plus, by size (bytes of code; stack frame from -fstack-usage):"
    echo
    echo "| function | code | frame |"
    echo "| --- | ---: | ---: |"
    arm-none-eabi-nm --size-sort -r -S "$obj" | awk '$3 ~ /^[tTrR]$/' |
        while read -r _ size kind sym; do
            # .su names drop the clone number: jsmn_parse.constprop.0 is jsmn_parse.constprop
            frame=$(awk -F'\t' -v f="$sym" '
                BEGIN { g = f; sub(/\.[0-9]+$/, "", g) }
                { n = $1; sub(/.*:/, "", n) } n == f || n == g { print $2; exit }' \
                "$dir"/m0plus/library.su)
            printf '| %s%s | %d | %s |\n' "$sym" "$(case $kind in [rR]) echo ' (rodata)' ;; esac)" \
                $((0x$size)) "${frame:-}"
        done
fi

if [ -f "$dir/m0plus/library.ci" ]; then
    echo
    echo "Worst-case stack from each public function on m0plus (frames summed, mem* counted as 0):"
    echo
    echo "| function | stack |"
    echo "| --- | ---: |"
    arm-none-eabi-nm -g --defined-only "$dir/m0plus/library.o" | awk '$2 == "T" {print $3}' |
        sort | while read -r fn; do
            d=$(python3 "$here/stack.py" "$fn" "$dir/m0plus/library.ci" 2>/dev/null |
                awk '/^worst depth:/ {print $3}')
            printf '| %s | %s |\n' "$fn" "${d:-?}"
        done
fi

# Link check: a -nostdlib rv32imc image whose only other code is a tiny _start and the four
# mem* functions. Every undefined reference of the library must be resolved by them alone.
if command -v riscv64-unknown-elf-gcc >/dev/null 2>&1 && [ -f "$dir/rv32imc/library.o" ]; then
    echo
    rv="riscv64-unknown-elf-gcc -std=c99 -Os -march=rv32imc -mabi=ilp32 -ffreestanding -nostdlib"
    if $rv -fno-tree-loop-distribute-patterns -I. -c "$here/start.c" -o "$dir/rv32imc/start.o" \
            2>"$dir/link.err" &&
        $rv -o "$dir/rv32imc/image.elf" "$dir/rv32imc/start.o" "$dir/rv32imc/library.o" \
            2>>"$dir/link.err"; then
        echo "Link check (rv32imc, -nostdlib, no libgcc, library + _start + mem*): ok," \
            "$(riscv64-unknown-elf-size "$dir/rv32imc/image.elf" | awk 'NR == 2 {print $1 " bytes text"}')"
    else
        echo "Link check (rv32imc, -nostdlib): FAILED"
        sed 's/^/  /' "$dir/link.err"
        status=1
    fi
fi
# The same on Cortex-M0+, which has no divide instruction: what the library needs from libgcc
# there shows up as unresolved names. Informational; every gcc link brings libgcc.
if command -v arm-none-eabi-gcc >/dev/null 2>&1 && [ -f "$dir/m0plus/library.o" ]; then
    arm="arm-none-eabi-gcc -std=c99 -Os -mthumb -mcpu=cortex-m0plus -ffreestanding -nostdlib"
    if $arm -fno-tree-loop-distribute-patterns -I. -c "$here/start.c" -o "$dir/m0plus/start.o" \
            2>"$dir/link-m0plus.err" &&
        $arm -o "$dir/m0plus/image.elf" "$dir/m0plus/start.o" "$dir/m0plus/library.o" \
            2>>"$dir/link-m0plus.err"; then
        echo "Link check (m0plus, -nostdlib, no libgcc): ok," \
            "$(arm-none-eabi-size "$dir/m0plus/image.elf" | awk 'NR == 2 {print $1 " bytes text"}')"
    else
        echo "Link check (m0plus, -nostdlib, no libgcc): needs libgcc for" \
            "$(grep -o "undefined reference to \`[^']*'" "$dir/link-m0plus.err" |
                sed "s/.*\`//; s/'//" | sort -u | tr '\n' ' ')"
    fi
fi
exit $status
