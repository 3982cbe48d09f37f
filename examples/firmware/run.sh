#!/bin/sh
# run.sh ELF: boots the firmware in QEMU (make firmware-run). Its port 80 is forwarded from
# 127.0.0.1:$CUSTOMHDR_PORT (8080); the admin account is CUSTOMHDR_USER (root) and
# CUSTOMHDR_PASSWORD (random and printed when unset); the flash pair is kept in the host file
# CUSTOMHDR_STATE (build/firmware/flash.bin; empty: RAM only). The account and the file name
# reach the firmware on the semihosting command line. The console is this terminal; Ctrl-C or
# SIGTERM stops QEMU.
set -u
elf=${1:-build/firmware/customhdr-fw.elf}
port=${CUSTOMHDR_PORT:-8080}
user=${CUSTOMHDR_USER:-root}
pass=${CUSTOMHDR_PASSWORD:-}
state=${CUSTOMHDR_STATE-build/firmware/flash.bin}
prog=customhdr-fw

case $port in
    ''|*[!0-9]*) echo "$prog: CUSTOMHDR_PORT must be a port number" >&2; exit 2 ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    echo "$prog: CUSTOMHDR_PORT must be a port number (1-65535)" >&2; exit 2
fi
case $user in *:*) echo "$prog: CUSTOMHDR_USER must not hold ':'" >&2; exit 2 ;; esac
# the command line is split at spaces, and QEMU's option syntax takes commas
case $state in *[\ ,]*) echo "$prog: CUSTOMHDR_STATE must hold no space or comma" >&2; exit 2 ;; esac
generated=
if [ -z "$pass" ]; then
    pass=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 16)
    [ ${#pass} -eq 16 ] || { echo "$prog: cannot read /dev/urandom for a password" >&2; exit 1; }
    generated=1
fi
creds=$(printf '%s:%s' "$user" "$pass" | base64 | tr -d '\n')

if [ -n "$generated" ]; then
    echo "admin account: user $user, password $pass (random; set CUSTOMHDR_PASSWORD to choose one)"
else
    echo "admin account: user $user, password (from CUSTOMHDR_PASSWORD)"
fi
[ -n "$state" ] && mkdir -p "$(dirname "$state")"
echo "forwarding http://127.0.0.1:$port/ to the firmware's port 80 (Ctrl-C stops it)"
exec qemu-system-arm -M mps2-an385 -kernel "$elf" -display none -monitor none -serial stdio \
    -nic "user,hostfwd=tcp:127.0.0.1:$port-:80" \
    -semihosting-config "enable=on,target=native,arg=$prog,arg=$creds${state:+,arg=$state}"
