#!/bin/sh
# Make sure the build's host packages are present: QEMU for i386, a gcc
# that can compile 32-bit code, and gdb (make gdb; the gdb-commands test).
# As root on Debian, install what is missing; otherwise say in one line
# what to run.  `deps.sh bench` checks matplotlib too, which only
# `make bench` uses (for its chart); Debian's python3 will do if the one
# on PATH is another (tools/bench.py).
# `deps.sh iso` checks what grub-mkrescue needs for `make iso`: GRUB's
# BIOS modules, xorriso and mtools.
pkgs=""
if [ "$1" = bench ]; then
  python3 -c 'import matplotlib' >/dev/null 2>&1 ||
    /usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1 ||
    pkgs="$pkgs python3-matplotlib"
fi
if [ "$1" = iso ]; then
  command -v grub-mkrescue >/dev/null 2>&1 || pkgs="$pkgs grub-common"
  [ -d /usr/lib/grub/i386-pc ] || pkgs="$pkgs grub-pc-bin"
  command -v xorriso >/dev/null 2>&1 || pkgs="$pkgs xorriso"
  command -v mformat >/dev/null 2>&1 || pkgs="$pkgs mtools"
fi
command -v qemu-system-i386 >/dev/null 2>&1 || pkgs="$pkgs qemu-system-x86"
command -v python3 >/dev/null 2>&1 || pkgs="$pkgs python3"
command -v gdb >/dev/null 2>&1 || pkgs="$pkgs gdb"
echo 'int x;' | gcc -m32 -c -x c -o /dev/null - >/dev/null 2>&1 || pkgs="$pkgs gcc-multilib"
[ -z "$pkgs" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps: installing$pkgs"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null \
    && exit 0
fi
echo "deps: missing packages; run: sudo apt-get install -y$pkgs" >&2
exit 1
