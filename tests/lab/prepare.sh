#!/bin/bash
# Prepare everything the kernel lab needs, idempotently; fast when it is all there already.
#
#   tests/lab/prepare.sh [LAB_DIR]        LAB_DIR defaults to <repo>/build/lab
#
# 1. Debian packages (qemu, busybox, iproute2, ping, kmod, cpio, python3, nft, and strongSwan's charon and
#    swanctl for interop scenarios): installed only if missing; `apt-get update` runs only when
#    something has to be installed. No service is started by the install (policy-rc.d).
# 2. Debian's kernel: `apt-get download` + `dpkg -x` into LAB_DIR/kernel (no package install, so no
#    initramfs triggers and nothing changes in /boot), then depmod so modprobe can use it with -d.
# 3. The initramfs (LAB_DIR/initramfs.gz): busybox + the virtio/9p modules + guest/init. Rebuilt when
#    guest/init is newer than it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${1:-$(cd "$HERE/../.." && pwd)/build/lab}
mkdir -p "$LAB_DIR"
LAB_DIR=$(cd "$LAB_DIR" && pwd)

log() { echo "[prepare] $*"; }

# --- 1. packages --------------------------------------------------------------------------------
# nftables: `nft` for the NAT namespace of the NAT-T scenario (the package enables no ruleset here).
PKGS="qemu-system-x86 busybox-static iproute2 iputils-ping kmod cpio python3 util-linux nftables"
# The packages of "$@" not installed yet, space-separated.
missing_packages() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$p"
  done
}
missing=$(missing_packages $PKGS)
if [ -n "$missing" ]; then
  log "installing:$missing"
  [ "$(id -u)" = 0 ] || { echo "prepare.sh: need root to install:$missing" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends: qemu's recommends are GUI and firmware we never use (-nographic, -nic none)
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# strongSwan, the interop peer of `peer NAME strongswan DIR`: charon, swanctl, and the openssl plugin
# (3DES, ECP groups, GCM). Installing it must not start anything on this machine: strongswan-starter's
# postinst asks invoke-rc.d to start the ipsec service. Where no policy-rc.d forbids that (containers
# usually ship one that does), put one in place for the duration of the install. The lab runs charon
# itself, inside a scenario's namespace, with a private strongswan.conf (see runner.py: StrongSwan).
SWAN_PKGS="strongswan-charon strongswan-swanctl libstrongswan-standard-plugins"
missing=$(missing_packages $SWAN_PKGS)
if [ -n "$missing" ]; then
  log "installing:$missing (no service is started)"
  [ "$(id -u)" = 0 ] || { echo "prepare.sh: need root to install:$missing" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  PRC=/usr/sbin/policy-rc.d
  own_prc=""
  if [ ! -e "$PRC" ]; then
    printf '#!/bin/sh\n# temporary, from routerd tests/lab/prepare.sh: no service starts during this install\nexit 101\n' > "$PRC"
    chmod 755 "$PRC"; own_prc=1
  fi
  rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } || rc=$?
  [ -z "$own_prc" ] || rm -f "$PRC"
  [ "$rc" = 0 ] || { echo "prepare.sh: installing$missing failed" >&2; exit 1; }
fi

# --- 2. kernel ----------------------------------------------------------------------------------
KROOT=$LAB_DIR/kernel
if [ ! -s "$LAB_DIR/kver" ] || [ ! -f "$KROOT/boot/vmlinuz-$(cat "$LAB_DIR/kver")" ]; then
  # linux-image-amd64 is a meta package: find the real image package it depends on.
  find_pkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'; }
  PKG=$(find_pkg)
  if [ -z "$PKG" ]; then apt-get update -qq; PKG=$(find_pkg); fi
  [ -n "$PKG" ] || { echo "prepare.sh: cannot resolve linux-image-amd64" >&2; exit 1; }
  log "downloading $PKG"
  rm -rf "$LAB_DIR/debs" "$KROOT"; mkdir -p "$LAB_DIR/debs" "$KROOT"
  # Sandbox user root: _apt cannot write into a build folder owned by root.
  (cd "$LAB_DIR/debs" && apt-get download -qq -o APT::Sandbox::User=root "$PKG")
  dpkg -x "$LAB_DIR"/debs/"$PKG"_*.deb "$KROOT"
  KVER=${PKG#linux-image-}
  # Debian may ship compressed modules; busybox insmod and a foreign modprobe -d are happiest with plain .ko
  find "$KROOT/lib/modules/$KVER" -name '*.ko.xz' -exec xz -d {} + 2>/dev/null || true
  depmod -b "$KROOT" "$KVER"
  rm -rf "$LAB_DIR/debs"
  echo "$KVER" > "$LAB_DIR/kver"
  rm -f "$LAB_DIR/initramfs.gz"
fi
KVER=$(cat "$LAB_DIR/kver")

# --- 3. initramfs -------------------------------------------------------------------------------
IRD=$LAB_DIR/initramfs.gz
if [ ! -s "$IRD" ] || [ "$HERE/guest/init" -nt "$IRD" ] || [ "$0" -nt "$IRD" ]; then
  log "building initramfs for $KVER"
  T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
  mkdir -p "$T/bin" "$T/dev" "$T/proc" "$T/sys" "$T/mnt" "$T/mods"
  cp /bin/busybox "$T/bin/busybox"
  # The order matters: busybox insmod does not resolve dependencies.
  for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p; do
    f=$(modinfo -b "$KROOT" -k "$KVER" -n "$m")
    case "$f" in
      (builtin*) ;;                      # compiled into this kernel: nothing to load
      (*) cp "$f" "$T/mods/$m.ko"; echo "$m" >> "$T/mods/order";;
    esac
  done
  cp "$HERE/guest/init" "$T/init"; chmod +x "$T/init"
  (cd "$T" && find . | cpio -o -H newc --quiet | gzip -1) > "$IRD.tmp"
  mv "$IRD.tmp" "$IRD"
fi
log "ready: kernel $KVER, $IRD"
