#!/bin/sh
# Packaging checks: one version everywhere, manifests with their required fields and existing
# paths, the CMake package used both through add_subdirectory and find_package after an
# install, `make install` with pkg-config and DESTDIR, and the ESP-IDF and Zephyr CMake entry
# points run against stand-ins for the functions those build systems provide.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
OUT=$ROOT/build/pkg
rm -rf "$OUT"
mkdir -p "$OUT"
pass=0 fail=0 skip=0
LOG=$OUT/step.log

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
    fail=$((fail + 1)); echo "FAIL $1"
    [ -s "$LOG" ] && tail -n 25 "$LOG" | sed 's/^/     | /'
    : >"$LOG"
}
# skipped PACKAGE WHAT: WHAT needs the Debian package PACKAGE, which this machine lacks
skipped() { skip=$((skip + 1)); echo "SKIP: packaging: needs $1 ($2)"; }
# check NAME COMMAND...: one test, passed when COMMAND succeeds (its output goes to the log).
check() { n=$1; shift; if "$@" >"$LOG" 2>&1; then ok "$n"; else bad "$n"; fi; }
have() { command -v "$1" >/dev/null 2>&1; }
CC=${CC:-cc}

# ---------------------------------------------------------------- one version everywhere
V=$(sed -n 's/^#define CHDR_VERSION "\([^"]*\)".*/\1/p' customhdr.h)
NUM=$(sed -n 's/^#define CHDR_VERSION_NUM \([0-9]*\).*/\1/p' customhdr.h)
echo "customhdr.h says version '$V'"
check "CHDR_VERSION is X.Y.Z" sh -c "echo '$V' | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$'"
check "first line names the same version" \
    sh -c "head -n 1 customhdr.h | grep -Fq '/* customhdr - v$V - '"
check "CHDR_VERSION_NUM agrees with CHDR_VERSION" sh -c "
    echo '$V' | awk -F. -v n='$NUM' '{ exit !(n != \"\" && \$1 * 10000 + \$2 * 100 + \$3 == n) }'"
check "CHANGELOG.md's newest entry is this version" sh -c "
    grep -m1 '^## ' CHANGELOG.md | grep -Eq '^## \[?$V\]?( |\$)'"
check "library.properties version" sh -c "[ \"\$(sed -n 's/^version=//p' library.properties)\" = '$V' ]"
check "idf_component.yml version" sh -c "
    [ \"\$(awk -F': *' '/^version:/ { gsub(/\"/, \"\", \$2); print \$2 }' idf_component.yml)\" = '$V' ]"

# ---------------------------------------------------------------- library.json (PlatformIO)
if have python3; then
    check "library.json: valid JSON, required fields, paths exist, version $V" \
        python3 - "$V" <<'PY'
import glob, json, os, re, sys
want = sys.argv[1]
m = json.load(open("library.json"))
errors = []
for key in ("name", "version", "description", "keywords", "repository", "authors", "license",
            "frameworks", "platforms", "headers", "build"):
    if not m.get(key):
        errors.append("missing or empty: " + key)
if m.get("name") != "customhdr":
    errors.append("name is %r" % m.get("name"))
if m.get("version") != want:
    errors.append("version %r, customhdr.h says %r" % (m.get("version"), want))
repo = m.get("repository") or {}
if repo.get("type") != "git" or not str(repo.get("url", "")).startswith("https://"):
    errors.append("repository needs type git and an https url")
if not all(isinstance(a, dict) and a.get("name") for a in m.get("authors", [])):
    errors.append("every author needs a name")
if m.get("license") != "MIT" or "MIT License" not in open("customhdr.h").read():
    errors.append("license field and the license in customhdr.h disagree")
headers = m.get("headers")
for h in [headers] if isinstance(headers, str) else (headers or []):
    if not os.path.isfile(h):
        errors.append("headers: no file " + h)
b = m.get("build", {})
inc = b.get("includeDir", "include")
if not os.path.isfile(os.path.join(inc, "customhdr.h")):
    errors.append("build.includeDir %r holds no customhdr.h" % inc)
if not os.path.isdir(b.get("srcDir", "src")):
    errors.append("build.srcDir %r is no directory" % b.get("srcDir"))
# Header-only: with srcDir "." the filter must keep PlatformIO from compiling tests and tools.
if b.get("srcDir") == "." and b.get("srcFilter") not in (["-<*>"], "-<*>"):
    errors.append("srcDir '.' without srcFilter -<*> would compile tests/ and fuzz/")
for pattern in m.get("export", {}).get("include", []):
    if not glob.glob(pattern):
        errors.append("export.include %r matches no file" % pattern)
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
else
    skipped python3 "the library.json checks"
fi

# ---------------------------------------------------------------- library.properties (Arduino)
check "library.properties: required fields once each and non-empty" sh -c '
    for k in name version author maintainer sentence paragraph category url architectures; do
        [ "$(grep -c "^$k=." library.properties)" = 1 ] || { echo "field $k"; exit 1; }
    done'
check "library.properties: name, category and url are valid values" sh -c '
    grep -Eq "^name=[A-Za-z0-9][A-Za-z0-9 _.-]*$" library.properties &&
    grep -Eq "^category=(Display|Communication|Signal Input/Output|Sensors|Device Control|Timing|Data Storage|Data Processing|Other)$" library.properties &&
    grep -Eq "^url=https?://" library.properties &&
    grep -Eq "^architectures=" library.properties'
check "library.properties: every header in includes= exists at the root" sh -c '
    inc=$(sed -n "s/^includes=//p" library.properties); [ -n "$inc" ] || exit 1
    for h in $(echo "$inc" | tr , " "); do [ -f "$h" ] || { echo "no $h"; exit 1; }; done'
# The flat (1.0) layout is what makes a root-level header valid: a src/ folder would switch the
# library to the recursive layout and hide customhdr.h, and root .c files get compiled into
# every sketch.
check "Arduino flat layout: no src/, no sources at the root" sh -c '
    [ ! -e src ] && [ -z "$(ls *.c *.cpp *.cc *.S 2>/dev/null)" ]'

# ---------------------------------------------------------------- idf_component.yml
check "idf_component.yml: version, description, url, license, idf dependency" sh -c '
    for k in version description url license; do
        grep -Eq "^$k: *\"?[^\" ].*" idf_component.yml || { echo "missing $k"; exit 1; }
    done
    awk "/^dependencies:/ { d = 1; next } /^[^ #]/ { d = 0 } d && /^  idf: *\"?>=/ { f = 1 }
         END { exit !f }" idf_component.yml'

# ---------------------------------------------------------------- zephyr/module.yml + Kconfig
check "zephyr/module.yml: name, build.cmake dir with CMakeLists.txt, build.kconfig file" sh -c '
    grep -Eq "^name: *customhdr$" zephyr/module.yml || exit 1
    d=$(awk "/^build:/ { b = 1; next } /^[^ ]/ { b = 0 } b && \$1 == \"cmake:\" { print \$2 }" zephyr/module.yml)
    k=$(awk "/^build:/ { b = 1; next } /^[^ ]/ { b = 0 } b && \$1 == \"kconfig:\" { print \$2 }" zephyr/module.yml)
    echo "cmake=$d kconfig=$k"
    [ -n "$d" ] && [ -f "$d/CMakeLists.txt" ] && [ -n "$k" ] && [ -f "$k" ]'
check "zephyr/Kconfig defines CUSTOMHDR and every CONFIG_ the module uses" sh -c '
    grep -Eq "^config CUSTOMHDR$" zephyr/Kconfig || exit 1
    for c in $(grep -o "CONFIG_[A-Z0-9_]*" zephyr/CMakeLists.txt | sort -u); do
        grep -Eq "^config ${c#CONFIG_}$" zephyr/Kconfig || { echo "undefined $c"; exit 1; }
    done'
# Kconfig defaults must be the header's defaults, or a Zephyr build would differ silently.
check "zephyr/Kconfig defaults equal customhdr.h's" sh -c '
    for pair in MAX_HEADERS:CHDR_MAX_HEADERS STORAGE:CHDR_STORAGE REQUEST_MAX:CHDR_REQUEST_MAX; do
        k=${pair%%:*} m=${pair#*:}
        h=$(sed -n "s/^#define $m \([0-9]*\)$/\1/p" customhdr.h)
        z=$(awk -v c="config CUSTOMHDR_$k" "\$0 == c { f = 1; next } /^config / { f = 0 }
                f && \$1 == \"default\" { print \$2; exit }" zephyr/Kconfig)
        echo "$m: header $h, Kconfig $z"; [ -n "$h" ] && [ "$h" = "$z" ] || exit 1
    done'

if ! have cmake; then
    skipped cmake "the CMake, ESP-IDF and Zephyr checks"
else
    # ---------------------------------------------------------- ESP-IDF and Zephyr entry points
    # Both systems run these files with their own functions defined; stand-ins record the calls.
    # ESP-IDF's first pass is script mode, where project() is an error, so cmake -P is faithful.
    cat >"$OUT/idf.cmake" <<EOC
function(idf_component_register)
  message("IDF_REGISTER \${ARGN}")
endfunction()
set(ESP_PLATFORM 1)
include("$ROOT/CMakeLists.txt")
message("IDF_AFTER_RETURN")
EOC
    check "ESP-IDF: CMakeLists.txt registers the root as include dir, in script mode" sh -c "
        cmake -P '$OUT/idf.cmake' 2>&1 | tee '$OUT/idf.out'
        grep -qx 'IDF_REGISTER INCLUDE_DIRS;.' '$OUT/idf.out' && grep -qx IDF_AFTER_RETURN '$OUT/idf.out'"
    cat >"$OUT/zephyr.cmake" <<EOC
function(zephyr_include_directories)
  message("ZEPHYR_INCLUDE \${ARGN}")
endfunction()
function(zephyr_compile_definitions)
  message("ZEPHYR_DEFS \${ARGN}")
endfunction()
if(ON_)
  set(CONFIG_CUSTOMHDR y)
  set(CONFIG_CUSTOMHDR_MAX_HEADERS 16)
  set(CONFIG_CUSTOMHDR_STORAGE 2048)
  set(CONFIG_CUSTOMHDR_REQUEST_MAX 8192)
endif()
include("$ROOT/zephyr/CMakeLists.txt")
EOC
    check "Zephyr: CONFIG_CUSTOMHDR=y adds the dir holding customhdr.h and the limits" sh -c "
        cmake -DON_=1 -P '$OUT/zephyr.cmake' 2>&1 | tee '$OUT/zephyr.out'
        dir=\$(sed -n 's/^ZEPHYR_INCLUDE //p' '$OUT/zephyr.out')
        [ -f \"\$dir/customhdr.h\" ] && [ -f \"\$dir/jsmn/jsmn.h\" ] &&
        grep -q 'CHDR_MAX_HEADERS=16;CHDR_STORAGE=2048;CHDR_REQUEST_MAX=8192' '$OUT/zephyr.out'"
    check "Zephyr: without CONFIG_CUSTOMHDR the module adds nothing" sh -c "
        ! cmake -P '$OUT/zephyr.cmake' 2>&1 | grep -q ZEPHYR_"

    # ---------------------------------------------------------- CMake: configure, install
    PREFIX=$OUT/cmake-prefix
    CFLAGS_W="-Wall -Wextra -Wpedantic -Werror"
    check "cmake configure + install to a temporary prefix" sh -c "
        cmake -S . -B '$OUT/lib' -DCMAKE_INSTALL_PREFIX='$PREFIX' &&
        cmake --install '$OUT/lib'"
    check "CMake's project VERSION, parsed from customhdr.h, is $V" sh -c "
        grep -qx 'CMAKE_PROJECT_VERSION:STATIC=$V' '$OUT/lib/CMakeCache.txt'"
    check "installed: headers (jsmn/ kept), config, version file, targets, customhdr.pc" sh -c "
        cmp customhdr.h '$PREFIX/include/customhdr/customhdr.h' &&
        cmp jsmn/jsmn.h '$PREFIX/include/customhdr/jsmn/jsmn.h' &&
        ls '$PREFIX/share/cmake/customhdr/customhdrConfig.cmake' \
           '$PREFIX/share/cmake/customhdr/customhdrConfigVersion.cmake' \
           '$PREFIX/share/cmake/customhdr/customhdrTargets.cmake' \
           '$PREFIX/share/pkgconfig/customhdr.pc'"

    # ---------------------------------------------------------- consumer via find_package
    check "find_package consumer: configure, build, run" sh -c "
        cmake -S tests/pkg_consumer -B '$OUT/find' -DCMAKE_PREFIX_PATH='$PREFIX' \
              -DWANT_VERSION='$V' -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_C_FLAGS='$CFLAGS_W' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
              | tee '$OUT/find.out' &&
        cmake --build '$OUT/find' && '$OUT/find/consumer' | tee '$OUT/find.run' &&
        grep -qx 'customhdr $V ok' '$OUT/find.run'"
    check "find_package reports version $V from the installed config" \
        grep -q "customhdr_VERSION=$V\$" "$OUT/find.out"
    # The installed copy, not the source tree, must be what the consumer compiled against.
    check "find_package consumer compiled with the prefix's include dir, not the source tree" sh -c "
        grep -Eq -- '(-I|-isystem )$PREFIX/include/customhdr' '$OUT/find/compile_commands.json' &&
        ! grep -Eq -- '(-I|-isystem )$ROOT( |\"|/?\$)' '$OUT/find/compile_commands.json'"
    NEXT_MAJOR=$(( ${V%%.*} + 1 )).0.0
    check "find_package refuses an incompatible version ($NEXT_MAJOR)" sh -c "
        ! cmake -S tests/pkg_consumer -B '$OUT/find-bad' -DCMAKE_PREFIX_PATH='$PREFIX' \
              -DWANT_VERSION='$NEXT_MAJOR' -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"

    # ---------------------------------------------------------- consumer via add_subdirectory
    check "add_subdirectory consumer: configure, build, run" sh -c "
        cmake -S tests/pkg_consumer -B '$OUT/sub' -DCUSTOMHDR_SOURCE='$ROOT' \
              -DCMAKE_C_FLAGS='$CFLAGS_W' &&
        cmake --build '$OUT/sub' && '$OUT/sub/consumer' | grep -qx 'customhdr $V ok'"
    check "add_subdirectory: no install rules leak into the parent project" \
        grep -qx "CUSTOMHDR_INSTALL:BOOL=OFF" "$OUT/sub/CMakeCache.txt"
fi

# ---------------------------------------------------------------- make install + pkg-config
MKPREFIX=$OUT/make-prefix
check "make install PREFIX=<tmp>" make --no-print-directory install PREFIX="$MKPREFIX"
check "make install: headers with jsmn/ beside customhdr.h" sh -c "
    cmp customhdr.h '$MKPREFIX/include/customhdr/customhdr.h' &&
    cmp jsmn/jsmn.h '$MKPREFIX/include/customhdr/jsmn/jsmn.h'"
if have pkg-config; then
    export PKG_CONFIG_PATH="$MKPREFIX/share/pkgconfig"
    check "pkg-config --modversion customhdr is $V" sh -c "[ \"\$(pkg-config --modversion customhdr)\" = '$V' ]"
    check "pkg-config --cflags customhdr points into the prefix" sh -c "
        [ \"\$(pkg-config --cflags customhdr | tr -d ' ')\" = '-I$MKPREFIX/include/customhdr' ]"
    check "consumer built with \`pkg-config --cflags customhdr\` runs" sh -c "
        $CC -std=c99 -Wall -Wextra -Wpedantic -Werror \$(pkg-config --cflags customhdr) \
            tests/pkg_consumer/consumer.c -o '$OUT/pc-consumer' &&
        '$OUT/pc-consumer' | grep -qx 'customhdr $V ok'"
    if [ -f "$OUT/cmake-prefix/share/pkgconfig/customhdr.pc" ]; then
        check "CMake's customhdr.pc works the same way" sh -c "
            PKG_CONFIG_PATH='$OUT/cmake-prefix/share/pkgconfig'
            export PKG_CONFIG_PATH
            [ \"\$(pkg-config --modversion customhdr)\" = '$V' ] &&
            [ \"\$(pkg-config --cflags customhdr | tr -d ' ')\" = '-I$OUT/cmake-prefix/include/customhdr' ]"
    fi
    unset PKG_CONFIG_PATH
else
    skipped pkg-config "the pkg-config checks"
fi
# DESTDIR stages the files without baking the staging directory into customhdr.pc.
STAGE=$OUT/stage
check "make install DESTDIR=<stage> PREFIX=/opt/chdr stages, .pc keeps the real prefix" sh -c "
    make --no-print-directory install DESTDIR='$STAGE' PREFIX=/opt/chdr &&
    [ -f '$STAGE/opt/chdr/include/customhdr/customhdr.h' ] &&
    [ -f '$STAGE/opt/chdr/include/customhdr/jsmn/jsmn.h' ] &&
    grep -qx 'prefix=/opt/chdr' '$STAGE/opt/chdr/share/pkgconfig/customhdr.pc' &&
    ! grep -q '$STAGE' '$STAGE/opt/chdr/share/pkgconfig/customhdr.pc' && [ ! -e /opt/chdr ]"
check "make uninstall removes what install put there" sh -c "
    make --no-print-directory uninstall DESTDIR='$STAGE' PREFIX=/opt/chdr &&
    [ -z \"\$(find '$STAGE' -type f)\" ]"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
