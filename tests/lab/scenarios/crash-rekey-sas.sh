#!/bin/sh
# What each router's kernel holds around a renewal: its ESP SAs counted by direction (inbound:
# to one of that namespace's own addresses), split into those whose SPI is listed in FILE (one
# `ip xfrm state` SPI a line, e.g. the pair before the renewal) and the others. A shell step on
# any router of the scenario:
#
#   R1$ sh crash-rekey-sas.sh /tmp/first-spis R1 R2
#   expect /^R2: 3 SAs: listed in 1 out 1; others in 1 out 0$/
#
# Then each SA with its SPI and whether it is listed, for the log. `R1=FILE` reads R1's kernel as
# crash-when.sh saved it at a kill instead of asking it now.
set -e
listed=$1
shift
for arg in "$@"; do
    ns=${arg%%=*}
    case $arg in
        *=*) cat "${arg#*=}" ;;
        *) ip netns exec "$ns" sh -c 'ip -o -4 addr show; echo "=== xfrm"; ip xfrm state' ;;
    esac |
        awk -v ns="$ns" -v listed="$listed" '
            BEGIN { while ((getline s < listed) > 0) known[s] = 1 }
            /^=== xfrm$/ { x = 1; next }
            !x { a = $4; sub(/\/.*/, "", a); own[a] = 1; next }
            /^src / { src = $2; dst = $4 }
            /^\tproto esp spi / {
                d = (dst in own) ? "in" : "out"; n++
                if ($4 in known) { k[d]++; what = "listed" } else { o[d]++; what = "other" }
                line[n] = sprintf("  %s %-3s %s -> %s spi %s (%s)", ns, d, src, dst, $4, what)
            }
            END {
                printf "%s: %d SAs: listed in %d out %d; others in %d out %d\n", ns, n, k["in"], k["out"], o["in"], o["out"]
                for (i = 1; i <= n; i++) print line[i]
            }'
done
