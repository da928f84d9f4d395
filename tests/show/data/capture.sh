#!/usr/bin/env bash
# Captures the FRR JSON the show renderers' tests read (tests/show/data/README.md): two FRR
# instances (Debian frr 8.4.4: zebra, staticd, bgpd, ospfd) in two network namespaces of this
# script's own, joined by two veth pairs; an eBGP session announcing a few networks, and an OSPF
# adjacency on each pair (broadcast: DR/BDR; point-to-point). Run as root; touches no link or
# route of the host, and stops only the daemons it started.
#   bash tests/show/data/capture.sh [OUTDIR]
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")" && pwd)}
A=frrshow-r1 B=frrshow-r2
dirs=()
cleanup() {
  for d in "${dirs[@]}"; do
    for p in "$d"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  done
  sleep 1
  ip netns del $A 2>/dev/null || true
  ip netns del $B 2>/dev/null || true
}
trap cleanup EXIT

ip netns add $A
ip netns add $B
ip -n $A link add eth0 type veth peer name eth0 netns $B
ip -n $A link add eth1 type veth peer name eth1 netns $B
for ns in $A $B; do
  ip -n $ns link set lo up
  ip -n $ns link set eth0 up
  ip -n $ns link set eth1 up
done
ip -n $A addr add 10.0.0.1/24 dev eth0
ip -n $B addr add 10.0.0.2/24 dev eth0
ip -n $A addr add 10.0.1.1/30 dev eth1
ip -n $B addr add 10.0.1.2/30 dev eth1
ip -n $A addr add 1.1.1.1/32 dev lo
ip -n $B addr add 2.2.2.2/32 dev lo
ip -n $A addr add 192.168.1.1/24 dev lo
ip -n $A addr add 172.16.1.1/24 dev lo
ip -n $B addr add 192.168.2.1/24 dev lo

start() {  # ns dir
  local ns=$1 d=$2
  rm -rf "$d"; mkdir -p "$d"; chown frr:frr "$d"; dirs+=("$d")
  local common=(-d -u frr -g frr --vty_socket "$d" -z "$d/zserv.api" -f /dev/null -P 0)
  ip netns exec "$ns" /usr/lib/frr/zebra "${common[@]}" -i "$d/zebra.pid" --log "file:$d/zebra.log"
  sleep 1
  ip netns exec "$ns" /usr/lib/frr/staticd "${common[@]}" -i "$d/staticd.pid" --log "file:$d/staticd.log"
  ip netns exec "$ns" /usr/lib/frr/bgpd "${common[@]}" -i "$d/bgpd.pid" --log "file:$d/bgpd.log" -p 179
  ip netns exec "$ns" /usr/lib/frr/ospfd "${common[@]}" -i "$d/ospfd.pid" --log "file:$d/ospfd.log"
  sleep 1
}
DA=/tmp/frrshow-r1 DB=/tmp/frrshow-r2
start $A $DA
start $B $DB
vty() { local ns=$1 d=$2; shift 2; ip netns exec "$ns" vtysh --vty_socket "$d" "$@"; }

vty $A $DA -c "configure terminal" \
  -c "ip route 172.16.0.0/16 Null0" \
  -c "interface eth1" -c "ip ospf network point-to-point" -c "exit" \
  -c "interface eth0" -c "ip ospf priority 10" -c "exit" \
  -c "router ospf" -c "ospf router-id 1.1.1.1" -c "network 10.0.0.0/24 area 0" \
  -c "network 10.0.1.0/30 area 0" -c "network 1.1.1.1/32 area 0" -c "exit" -c "interface lo" -c "ip ospf passive" -c "exit" \
  -c "router bgp 65001" -c "bgp router-id 1.1.1.1" -c "no bgp ebgp-requires-policy" \
  -c "neighbor 10.0.0.2 remote-as 65002" -c "neighbor 10.0.1.2 remote-as 65002" -c "neighbor 10.0.0.3 remote-as 65003" \
  -c "neighbor 10.0.0.4 remote-as 65004" -c "neighbor 10.0.0.4 shutdown" \
  -c "address-family ipv4 unicast" -c "network 192.168.1.0/24" -c "network 172.16.1.0/24" \
  -c "aggregate-address 172.16.0.0/16" -c "exit-address-family"
vty $B $DB -c "configure terminal" \
  -c "interface eth1" -c "ip ospf network point-to-point" -c "exit" \
  -c "router ospf" -c "ospf router-id 2.2.2.2" -c "network 10.0.0.0/24 area 0" \
  -c "network 10.0.1.0/30 area 0" -c "network 2.2.2.2/32 area 0" -c "exit" \
  -c "router bgp 65002" -c "bgp router-id 2.2.2.2" -c "no bgp ebgp-requires-policy" \
  -c "neighbor 10.0.0.1 remote-as 65001" -c "neighbor 10.0.1.1 remote-as 65001" \
  -c "address-family ipv4 unicast" -c "network 192.168.2.0/24" -c "network 2.2.2.2/32" \
  -c "exit-address-family"

# Wait for the BGP session and both OSPF adjacencies.
for i in $(seq 90); do
  est=$(vty $A $DA -c "show bgp ipv4 unicast summary json" | grep -o '"state":"Established"' | wc -l || true)
  full=$(vty $A $DA -c "show ip ospf neighbor json" | grep -c 'Full/' || true)
  [ "$est" -ge 2 ] && [ "$full" -ge 2 ] && [ "$i" -gt 45 ] && break
  sleep 1
done

capture() {  # ns dir prefix command...
  local ns=$1 d=$2 prefix=$3; shift 3
  for c in "$@"; do
    f="$out/$prefix-$(echo "$c" | sed 's/ json$//; s/ /_/g').json"
    vty "$ns" "$d" -c "$c" > "$f"
  done
}
cmds=("show bgp ipv4 unicast summary json" "show ip bgp summary json" "show ip bgp json"
      "show bgp ipv4 unicast statistics json"
      "show ip bgp neighbors json" "show ip ospf json" "show ip ospf neighbor json"
      "show ip ospf interface json" "show ip ospf database json" "show ip ospf route json")
capture $A $DA r1 "${cmds[@]}"
capture $B $DB r2 "${cmds[@]}"
vty $A $DA -c "show running-config" > "$out/r1-show_running-config.txt"
vty $B $DB -c "show running-config" > "$out/r2-show_running-config.txt"
# BGP without neighbors: FRR's summary is then {} although BGP runs.
vty $A $DA -c "configure terminal" -c "router bgp 65001" -c "no neighbor 10.0.0.2" -c "no neighbor 10.0.1.2" \
  -c "no neighbor 10.0.0.3" -c "no neighbor 10.0.0.4"
sleep 1
capture $A $DA nopeers "show bgp ipv4 unicast summary json" "show ip bgp json" "show bgp ipv4 unicast statistics json"
vty $A $DA -c "show running-config" > "$out/nopeers-show_running-config.txt"
# FRR's answers where nothing is configured: what R1 says with the protocols removed.
vty $A $DA -c "configure terminal" -c "no router bgp 65001" -c "no router ospf"
sleep 1
capture $A $DA none "show bgp ipv4 unicast summary json" "show ip bgp json" "show bgp ipv4 unicast statistics json" \
  "show ip ospf json" "show ip ospf neighbor json"
ls -l "$out"
