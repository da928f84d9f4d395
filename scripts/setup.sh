#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need. Idempotent and quick when
# everything is present: apt-get runs only for what is missing.
set -euo pipefail
packages=(cmake ninja-build pkg-config g++ libboost-dev libssl-dev libnl-3-dev
          libnl-route-3-dev libnl-xfrm-3-dev libreadline-dev catch2 python3 iproute2
          python3-textfsm openssl tmux clang libsystemd-dev libnftables-dev
          libnetfilter-conntrack-dev
          # FRR's JSON, read by the routing protocols' show commands (header-only)
          nlohmann-json3-dev
          # the routing suite routerd runs its own instances of (router bgp, router ospf)
          frr
          # RE2: `| include REGEX` from untrusted users in linear time
          libre2-dev
          # jemalloc: routerd's allocator (issue 14)
          libjemalloc-dev
          # nft, with which the interface-ACL tests read routerd's table back
          nftables
          # the Debian package (tests: packaging/test_package.sh)
          dpkg-dev
          # the router's SSH server and the clients tests/clients logs in with
          openssh-server openssh-client sshpass python3-paramiko python3-netmiko ansible)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # routerd starts FRR daemons of its own; the host's FRR service, which installing the
  # package enables, stays off unless the host had it before.
  if [[ " ${missing[*]} " == *" frr "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now frr.service >/dev/null 2>&1 || true
  fi
fi
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -x "$here/tests/lab/prepare.sh" ]; then
  "$here/tests/lab/prepare.sh"
fi
