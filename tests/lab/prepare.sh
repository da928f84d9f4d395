#!/bin/bash
# Prepare everything the kernel lab needs, idempotently; fast when it is all there already.
#
#   tests/lab/prepare.sh [LAB_DIR]        LAB_DIR defaults to <repo>/build/lab
#
# 1. Debian packages (qemu, busybox, iproute2, ping, kmod, cpio, python3, nft): installed only if missing;
#    `apt-get update` runs only when something has to be installed.
#    The interop peers: strongSwan's charon and swanctl installed (no service is started: policy-rc.d),
#    Libreswan's .deb downloaded and unpacked into LAB_DIR/libreswan (it conflicts with strongSwan's
#    packages, so it is never installed). Only the scenarios with such a peer need them: when one cannot
#    be had (the package archive unreachable, say), one line says so and the lab is prepared without it;
#    those scenarios then FAIL, each naming the missing package, and all the others run.
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
# libcharon-extra-plugins: kernel-libipsec, for bench/ike_rate.py --sa-install none (charon installing
# into no kernel); nothing in the lab loads it.
SWAN_PKGS="strongswan-charon strongswan-swanctl libstrongswan-standard-plugins libcharon-extra-plugins"
# Installs what is missing of SWAN_PKGS; on failure sets `why` (a few words) and returns non-zero.
install_strongswan() {
  local missing rc=0 PRC=/usr/sbin/policy-rc.d own_prc=""
  missing=$(missing_packages $SWAN_PKGS)
  [ -n "$missing" ] || return 0
  log "installing:$missing (no service is started)"
  [ "$(id -u)" = 0 ] || { why="need root to install:$missing"; return 1; }
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -e "$PRC" ]; then
    printf '#!/bin/sh\n# temporary, from routerd tests/lab/prepare.sh: no service starts during this install\nexit 101\n' > "$PRC"
    chmod 755 "$PRC"; own_prc=1
  fi
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } 2>"$LAB_DIR/swan-apt.log" || rc=$?
  [ -z "$own_prc" ] || rm -f "$PRC"
  [ "$rc" = 0 ] || why="apt-get install$missing failed: $(tail -1 "$LAB_DIR/swan-apt.log")"
  rm -f "$LAB_DIR/swan-apt.log"
  return $rc
}
if ! install_strongswan; then
  log "strongSwan not installed ($why): the scenarios with a strongSwan peer will FAIL, the others run"
fi

# Libreswan 4.10, the interop peer of `peer NAME libreswan DIR`: Debian's libreswan conflicts with
# strongswan-starter (which strongswan-charon needs), so its .deb is downloaded and unpacked with
# dpkg -x into LAB_DIR/libreswan, never installed; runner.py runs its pluto from there with explicit
# paths. The libraries pluto needs and this machine lacks come the same way: the lib* packages among
# libreswan's dependencies (and theirs) that are not installed, and libnss3-tools for certutil
# (a fresh Debian 12 lacks libldns3, libevent-pthreads-2.1-7 and libnss3-tools). iptables, host and
# dns-root-data are dependencies pluto does not use here (no updown script, no DNSSEC).
LS_ROOT=$LAB_DIR/libreswan
LS_LIBS=$LS_ROOT/usr/lib/x86_64-linux-gnu
LS_BINS="usr/libexec/ipsec/pluto usr/libexec/ipsec/whack usr/libexec/ipsec/addconn usr/sbin/ipsec usr/bin/certutil"
# An empty NSS db (what `ipsec initnss` makes), made here once: each Libreswan peer starts from a copy.
# certutil takes a few seconds under TCG and milliseconds here.
LS_NSS=$LS_ROOT/lab-nss
# Empty when every binary is there and finds its libraries; else what is wrong, in a few words.
libreswan_problem() {
  for b in $LS_BINS; do
    [ -x "$LS_ROOT/$b" ] || { echo "$b missing"; return; }
  done
  [ -s "$LS_NSS/cert9.db" ] || { echo "no NSS db in $LS_NSS"; return; }
  for b in $LS_BINS; do
    case "$b" in (*/ipsec) continue;; esac     # the shell script
    nf=$(LD_LIBRARY_PATH=$LS_LIBS ldd "$LS_ROOT/$b" 2>&1 | awk '/not found/{printf " %s", $1}')
    [ -z "$nf" ] || { echo "$b: libraries not found:$nf"; return; }
  done
}
# The lib* dependencies of the packages given, and theirs, that are not installed (one name a line).
missing_lib_deps() {
  local todo="$*" seen=" " p d
  while [ -n "$todo" ]; do
    set -- $todo; p=$1; shift; todo="$*"
    for d in $(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
                 --no-enhances "$p" 2>/dev/null | awk '$1 ~ /Depends:$/ && $2 ~ /^lib/ {print $2}'); do
      d=${d%:amd64}
      case "$seen" in (*" $d "*) continue;; esac
      seen="$seen$d "
      [ -z "$(missing_packages "$d")" ] && continue
      echo "$d"; todo="$todo $d"
    done
  done
}
problem=$(libreswan_problem)
if [ -n "$problem" ]; then
  log "unpacking Libreswan into $LS_ROOT ($problem)"
  apt-cache show libreswan >/dev/null 2>&1 || apt-get update -qq || true
  debs=$(missing_lib_deps libreswan libnss3-tools | sort -u | tr '\n' ' ' | sed 's/ $//')
  rm -rf "$LAB_DIR/ls-debs" "$LS_ROOT"; mkdir -p "$LAB_DIR/ls-debs"
  if (cd "$LAB_DIR/ls-debs" && apt-get download -qq -o APT::Sandbox::User=root libreswan libnss3-tools $debs) \
       >"$LAB_DIR/ls-debs.log" 2>&1; then
    for f in "$LAB_DIR"/ls-debs/*.deb; do dpkg -x "$f" "$LS_ROOT"; done
    mkdir -p "$LS_NSS"
    LD_LIBRARY_PATH=$LS_LIBS "$LS_ROOT/usr/bin/certutil" -N -d "sql:$LS_NSS" --empty-password >/dev/null 2>&1 || true
    problem=$(libreswan_problem)
  else
    problem="apt-get download libreswan libnss3-tools${debs:+ $debs} failed: $(tail -1 "$LAB_DIR/ls-debs.log")"
  fi
  rm -rf "$LAB_DIR/ls-debs" "$LAB_DIR/ls-debs.log"
  if [ -n "$problem" ]; then
    rm -rf "$LS_ROOT"
    log "Libreswan not available ($problem): the scenarios with a Libreswan peer will FAIL, the others run"
  fi
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
