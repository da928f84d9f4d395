#!/bin/sh
# The SPIs of routerd and of an IKE peer's kernel agree. A shell step on the router, in the
# scenario's folder (so $ROUTERSH talks to its routerd):
#
#   R1$ sh swan-spis.sh SW
#   expect /^SPIs match: 2 inbound, 2 outbound$/
#
# Ours come from `show crypto ipsec sa` (the `spi:` lines of the inbound and outbound esp sas, and
# `current outbound spi`); the peer's from `ip xfrm state` in its namespace (PEER, by `ip netns
# exec`), where an SA whose source is one of the peer's own addresses is one it sends with. Each of
# our inbound SPIs must be an SA the peer sends with, each outbound one an SA it receives with, and
# the other way round: the same sets on both sides. Prints both lists; exits 1 when they differ.
#
#   R1$ sh swan-spis.sh SW renewing
#
# While a peer keeps renewing: strongSwan (IKEv1) removes its old outbound SA as soon as the new
# pair is in, but tells us (Delete) only when it drops the old inbound one, up to a lifetime later.
# Then each SA the peer sends with must be one of our inbound SAs (ours may hold the old one too),
# and the outbound sets must still be equal.
# One awk and one `ip netns exec`: under TCG every process costs.
set -e
peer=$1
mode=${2:-}
{
    printf 'enable\nshow crypto ipsec sa\n' | $ROUTERSH
    echo "=== peer"
    ip netns exec "$peer" sh -c 'ip -o -4 addr show; echo "=== xfrm"; ip xfrm state'
} | awk -v peer="$peer" -v mode="$mode" '
    # `spi: 0xC4947E02(3298066946)` -> 0xc4947e02, as ip xfrm prints it (the hex digits as text:
    # mawk prints %x wrong past 2^31).
    function spi(line) { sub(/.*0x/, "", line); sub(/\(.*/, "", line)
                         while (length(line) < 8) line = "0" line; return "0x" tolower(line) }
    function add(set, key) { if (!(key in set)) { set[key] = 1; set[""]++ } }
    function list(set,   k, s) { s = ""; for (k in set) if (k != "") s = s " " k; return s }
    function within(a, b,   k) { for (k in a) if (k != "" && !(k in b)) return 0; return 1 }
    function same(a, b) { return within(a, b) && within(b, a) }
    /^=== peer$/ { part = "addr"; next }
    /^=== xfrm$/ { part = "xfrm"; next }
    part == "" && / inbound esp sas:/ { dir = "in"; next }
    part == "" && / outbound esp sas:/ { dir = "out"; next }
    part == "" && /(esp|ah|pcp) sas:/ { dir = ""; next }
    part == "" && /^ +spi: 0x/ { if (dir == "in") add(our_in, spi($0)); else if (dir == "out") add(our_out, spi($0)) }
    part == "" && /current outbound spi: 0x/ { add(current, spi($0)) }
    part == "addr" { a = $4; sub(/\/.*/, "", a); own[a] = 1 }
    # An SA counts once its keys show: one without (an SPI the peer reserved for a Quick Mode
    # that was then refused, as pluto leaves them until they expire) carries nothing.
    part == "xfrm" && /^src / { src = $2; pend = "" }
    part == "xfrm" && /^\tproto esp spi / { pend = $4 }
    part == "xfrm" && /^\t(enc|aead|auth|auth-trunc) / && pend != "" {
        if (src in own) add(peer_out, pend); else add(peer_in, pend); pend = "" }
    END {
        printf "routerd inbound: %s\n%s sends with:%s\n", list(our_in), peer, list(peer_out)
        printf "routerd outbound:%s (current:%s)\n%s receives with:%s\n", list(our_out), list(current), peer, list(peer_in)
        bad = ""
        if (!our_in[""] || !our_out[""]) bad = bad "; routerd shows no SA pair"
        if (mode == "renewing" ? !peer_out[""] || !within(peer_out, our_in) : !same(our_in, peer_out)) bad = bad "; inbound SPIs differ"
        if (!same(our_out, peer_in)) bad = bad "; outbound SPIs differ"
        for (k in current) if (k != "" && !(k in peer_in)) bad = bad "; current outbound spi " k " is not one " peer " receives with"
        if (bad != "") { print "SPIs differ: " substr(bad, 3); exit 1 }
        if (mode == "renewing") printf "SPIs agree: %d of our %d inbound in use, %d outbound\n", peer_out[""], our_in[""], our_out[""]
        else printf "SPIs match: %d inbound, %d outbound\n", our_in[""], our_out[""]
    }'
