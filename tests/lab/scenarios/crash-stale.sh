#!/bin/sh
# On a router whose routerd crash-when.sh killed and the scenario started again: its
# %CRYPTO-4-STALE_STATE line must account for exactly what its kernel held at the kill (crash-when.sh's
# snapshot PREFIX.NS.xfrm), and its kernel now hold none of the dead one's SAs and as many SPD policies
# as then (the new routerd's own, installed once).
#
#   R1$ sh crash-stale.sh R1 /tmp/kill
#   expect /^accounted for$/
set -e
ns=$1
prefix=$2
removed=$(printf 'enable\nshow logging\n' | $ROUTERSH |
          sed -n 's/.*STALE_STATE: removed \([0-9]*\) IPsec policies and \([0-9]*\) SAs.*/\1 \2/p')
at_kill="$(cat "$prefix.$ns.policies") $(grep -c '^src' "$prefix.$ns.xfrm" || true)"
now="$(ip xfrm policy | grep -c '^.dir ' || true) $(ip xfrm state | grep -c '^src' || true)"
echo "STALE_STATE removed (policies SAs): $removed; at the kill: $at_kill; now: $now"
test "$removed" = "$at_kill"
test "$now" = "$(cat "$prefix.$ns.policies") 0"
echo "accounted for"
