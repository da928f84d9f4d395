#!/bin/sh
# Kills a router's routerd (SIGKILL, as the `kill` step does) the moment a kernel reaches a state:
# for a crash in the middle of an exchange, whose window is shorter than the harness's re-runs
# (`within` polls once a second, and each command costs most of a second under TCG). Started in the
# background from a shell step; the scenario then waits for its report and `start`s the router:
#
#   R1$ setsid sh crash-when.sh R1 R1 4 /tmp/crash > /tmp/crash.txt 2>&1 < /dev/null &
#   R1$ cat /tmp/crash.txt
#   expect /^killed R1's routerd/ within 150s
#   start R1
#
# Arguments: the router to kill, the namespace to watch, how many ESP SAs its kernel must hold,
# and a prefix for the snapshots taken right after the kill (PREFIX.NS for each router: its
# addresses and `ip xfrm state`, as crash-rekey-sas.sh reads them; PREFIX.NS.policies: the number
# of SPD policies, `dir` lines; a live routerd's IKE sockets add `socket` policies, gone with it).
set -u
victim=$1 watch=$2 want=$3 prefix=$4
# CRASH_WHEN_IDLE seconds first (the renewal is most of a lifetime away: no need to ask the kernel
# five times a second until then).
sleep "${CRASH_WHEN_IDLE:-0}"
while [ "$(ip netns exec "$watch" ip xfrm state | grep -c '^src')" != "$want" ]; do sleep 0.2; done
pid=
for p in $(ip netns pids "$victim"); do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = routerd ] && pid=$p
done
[ -n "$pid" ] || { echo "no routerd in $victim"; exit 1; }
kill -KILL "$pid"
# Dead once it is a zombie (the harness, its parent, reaps it at `start`).
while [ -e /proc/"$pid" ] && [ "$(cut -d')' -f2 /proc/"$pid"/stat 2>/dev/null | cut -d' ' -f2)" != Z ]; do sleep 0.05; done
for ns in $(ls /run/netns); do
    ip netns exec "$ns" sh -c 'ip -o -4 addr show; echo "=== xfrm"; ip xfrm state' > "$prefix.$ns"
    ip netns exec "$ns" ip xfrm policy | grep -c '^.dir ' > "$prefix.$ns.policies"
done
echo "killed $victim's routerd (pid $pid) when $watch's kernel held $want SAs, at $(date +%T.%N | cut -c1-12)"
