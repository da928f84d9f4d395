#!/bin/sh
# Kills a router's routerd (SIGKILL, as the `kill` step does) the moment a kernel reaches a state:
# for a crash in the middle of an exchange, whose window is shorter than the harness's re-runs
# (`within` polls once a second, and each command costs most of a second under TCG). Started in the
# background from a shell step; the scenario then waits for its report and `start`s the router:
#
#   R1$ setsid sh crash-when.sh R1 R1 4 /tmp/crash R1 R2 > /tmp/crash.txt 2>&1 < /dev/null &
#   start R1 after /tmp/crash.killed within 150s
#   R1$ cat /tmp/crash.txt
#   expect /^killed R1's routerd/
#
# (`start ... after` rather than a shell loop and `within`: the harness re-runs a command a second
# apart, and under TCG the command itself can take as long.)
#
# Arguments: the router to kill, the namespace to watch, how many ESP SAs its kernel must hold, a
# prefix for what it leaves, and the namespaces to snapshot. Right after the kill: PREFIX.NS.xfrm
# (`ip xfrm state`) and PREFIX.NS.policies (the number of SPD policies, `dir` lines; a live
# routerd's IKE sockets add `socket` policies, gone with it) for each; then the report line on
# stdout and PREFIX.killed, so that the scenario starts the router again at once; then PREFIX.NS
# (addresses and SAs, as crash-rekey-sas.sh reads them) and PREFIX.done.
set -u
victim=$1 watch=$2 want=$3 prefix=$4
shift 4
count() { ip -n "$watch" xfrm state | grep -c '^src'; }
# Woken by the kernel's SA events (`ip xfrm monitor`), not by polling: under TCG on a busy host a
# poll of the kernel can take seconds, and the window is a few seconds wide.
fifo=$prefix.events
rm -f "$fifo" "$prefix.killed" "$prefix.done"
mkfifo "$fifo"
ip -n "$watch" xfrm monitor SA expire > "$fifo" &
monitor=$!
exec 3< "$fifo"
# The kernel is asked again at each SA event's first line (an added SA's `src ...`, `Deleted
# src ...`, `Expired src ...`), not at each of its lines: a count per line, under TCG, lagged
# seconds behind the events.
while [ "$(count)" != "$want" ]; do
    while read -r event <&3 || { echo "ip xfrm monitor ended"; exit 1; }; do
        case $event in src\ * | Deleted\ * | Expired\ *) break ;; esac
    done
done
pid=
for p in $(ip netns pids "$victim"); do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = routerd ] && pid=$p
done
[ -n "$pid" ] || { echo "no routerd in $victim"; exit 1; }
kill -KILL "$pid"
at=$(date +%T.%N | cut -c1-12)
kill "$monitor"
# The kernels first, together (an SA may expire any moment, and the router is started again as
# soon as this is done).
for ns in "$@"; do ip -n "$ns" xfrm state > "$prefix.$ns.xfrm"; done
for ns in "$@"; do ip -n "$ns" xfrm policy | grep -c '^.dir ' > "$prefix.$ns.policies"; done
# Dead once it is a zombie (the harness, its parent, reaps it at `start`).
while [ -e /proc/"$pid" ] && [ "$(cut -d')' -f2 /proc/"$pid"/stat 2>/dev/null | cut -d' ' -f2)" != Z ]; do sleep 0.05; done
echo "killed $victim's routerd (pid $pid) when $watch's kernel held $want SAs, at $at"
: > "$prefix.killed"
for ns in "$@"; do
    { ip -n "$ns" -o -4 addr show; echo "=== xfrm"; cat "$prefix.$ns.xfrm"; } > "$prefix.$ns"
done
: > "$prefix.done"
