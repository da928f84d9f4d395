#!/usr/bin/env bash
# The Debian package: it builds from the tree (CPack DEB), holds what a box needs, its unit
# passes systemd-analyze, it installs, the installed routerd runs (outside systemd, in a
# private network namespace: this machine's own links and ports are not touched) and answers
# the installed routersh, and removing it keeps the startup-config.
# Usage: test_package.sh BUILD_DIR      (as root: it installs and removes the package)
set -euo pipefail
build=$(cd "$1" && pwd)
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "installing the package needs root"
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze unshare; do
  command -v "$tool" >/dev/null || fail "$tool is missing (packages: cmake, dpkg-dev, systemd, util-linux)"
done
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Build the package.
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/routerd_*.deb | head -1)
[ -f "$deb" ] || fail "no .deb produced"
echo "built $(basename "$deb")"

# 2. Its contents and control data.
contents=$(dpkg-deb -c "$deb")
for f in ./usr/sbin/routerd ./usr/bin/routersh ./usr/lib/systemd/system/routerd.service \
         ./usr/lib/systemd/system/routerd-console@.service ./usr/share/doc/routerd/README.md; do
  grep -q " $f\$" <<<"$contents" || fail "$f is not in the package"
done
grep -q "/usr/lib/routerd\|/build/" <<<"$contents" && fail "build paths leaked into the package"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libssl3 libnl-3-200 libnl-route-3-200 libnl-xfrm-3-200 libsystemd0 libre2-9 adduser; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb -e "$deb" "$work/control"
for s in postinst prerm postrm; do [ -x "$work/control/$s" ] || fail "no $s script"; done

# 3. Install it (remember whether it was there before: a developer's box may have it).
was_installed=no
dpkg-query -W -f='${Status}' routerd 2>/dev/null | grep -q "install ok installed" && was_installed=yes
created_etc=no
[ -d /etc/routerd ] || created_etc=yes
created_group=no
getent group routerd >/dev/null || created_group=yes
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
# The package leaves its group when removed (postrm); the test takes away the one it made.
remove_group() { [ "$created_group" = no ] || groupdel routerd 2>/dev/null || true; }
remove_pkg() { [ "$was_installed" = yes ] || dpkg -r routerd >"$work/dpkg-r.log" 2>&1; remove_group; }
trap 'remove_pkg; cleanup' EXIT
[ -x /usr/sbin/routerd ] && [ -x /usr/bin/routersh ] || fail "binaries not installed"
[ "$(stat -c %a /etc/routerd)" = 700 ] || fail "/etc/routerd is not mode 0700"
grep -qx /usr/bin/routersh /etc/shells || fail "routersh is not in /etc/shells"
group_gid=$(getent group routerd | cut -d: -f3)
[ -n "$group_gid" ] || fail "the package did not create the routerd group"

# 4. The unit, as systemd reads it.
unit=/usr/lib/systemd/system/routerd.service
grep -q '^Type=notify$' "$unit" || fail "the unit is not Type=notify"
grep -q '^Restart=on-failure$' "$unit" || fail "the unit does not restart on failure"
grep -q '^RuntimeDirectoryMode=0711$' "$unit" || fail "the socket's directory would be listable by others"
systemd-analyze verify "$unit" >"$work/verify.log" 2>&1 || { cat "$work/verify.log"; fail "systemd-analyze verify"; }
if grep -q "routerd.service" "$work/verify.log"; then cat "$work/verify.log"; fail "systemd-analyze complains about the unit"; fi
# The console template, verified as an instance (systemd loads routerd-console@.service for it);
# agetty runs the installed routersh as line con 0.
console=/usr/lib/systemd/system/routerd-console@.service
grep -q '^ExecStart=-/sbin/agetty .*-n -l /usr/bin/routersh -o .--console ' "$console" || fail "the console unit does not run routersh --console"
systemd-analyze verify "/usr/lib/systemd/system/routerd-console@ttyS0.service" >"$work/verify-console.log" 2>&1 ||
  { cat "$work/verify-console.log"; fail "systemd-analyze verify routerd-console@ttyS0"; }
if grep -q "routerd-console" "$work/verify-console.log"; then cat "$work/verify-console.log"; fail "systemd-analyze complains about the console unit"; fi

# 5. The installed routerd runs, outside systemd, in a private network namespace, and the
#    installed routersh talks to it.
mkdir -p "$work/etc"
cat >"$work/etc/startup-config" <<'CFG'
hostname PKGTEST
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
CFG
unshare -n /usr/sbin/routerd --foreground --config-dir "$work/etc" --socket "$work/routerd.sock" \
  --ike-port 15500 --natt-port 15501 2>"$work/routerd.log" &
pid=$!
for _ in $(seq 100); do [ -S "$work/routerd.sock" ] && break; sleep 0.1; done
[ -S "$work/routerd.sock" ] || { cat "$work/routerd.log"; fail "installed routerd did not open its socket"; }
out=$(/usr/bin/routersh --socket "$work/routerd.sock" -c enable -c 'show running-config')
grep -q '^hostname PKGTEST$' <<<"$out" || { echo "$out"; fail "installed routerd did not load its startup-config"; }
# The control socket is for root, routerd's user and the group the package made.
[ "$(stat -c '%a %g' "$work/routerd.sock")" = "660 $group_gid" ] ||
  fail "the socket is $(stat -c '%a %G' "$work/routerd.sock"), not 660 routerd"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# 6. Removing the package keeps the startup-config.
if [ "$was_installed" = no ]; then
  marker=no
  if [ ! -e /etc/routerd/startup-config ]; then echo "hostname KEEPME" >/etc/routerd/startup-config; marker=yes; fi
  dpkg -r routerd >"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log"; fail "dpkg -r"; }
  trap 'remove_group; cleanup' EXIT
  [ ! -e /usr/sbin/routerd ] || fail "routerd still installed after dpkg -r"
  [ -f /etc/routerd/startup-config ] || fail "dpkg -r removed the startup-config"
  ! grep -qx /usr/bin/routersh /etc/shells || fail "routersh still in /etc/shells after dpkg -r"
  dpkg -P routerd >>"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log"; fail "dpkg -P"; }
  [ -f /etc/routerd/startup-config ] || fail "dpkg -P removed the startup-config"
  remove_group
  if [ "$marker" = yes ]; then rm -f /etc/routerd/startup-config; fi
  if [ "$created_etc" = yes ]; then rmdir /etc/routerd 2>/dev/null || true; fi
fi
echo "1 passed, 0 failed"
