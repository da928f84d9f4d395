#!/usr/bin/env python3
"""ESP frames on a lab link, seen and sent with an AF_PACKET socket (the VM has no tcpdump).
Run in a router's namespace by a shell step (`python3 esp-frames.py ...`, in the scenario's folder):

  capture IFACE FILE [--count N] [--seconds S] [--ready FILE]
      Writes to FILE, one line each, the ESP frames IFACE receives (addressed to this host, not the
      ones it sends): the frame's bytes in hex, then its SPI and sequence number. Stops after N
      frames (default 1) or S seconds (default 30), whichever first; exits 1 if it saw none.
      --ready: a file created once the socket is open, so a step can start the traffic after it.
  send IFACE FILE [--line K] [--seq-add D]
      Sends frame K (default the first) of FILE out of IFACE as it was captured: sent from the
      other end of the link, it arrives again as the copy of an ESP packet already received (a
      replay). --seq-add D raises its sequence number by D (the ICV then no longer verifies).
  order FILE...
      Prints how many frames the FILEs hold and how many arrived after one with a higher sequence
      number of the same SPI (overtaken), all files together: "reordered N of M".
"""

import argparse
import os
import socket
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


def esp_of(frame):
    """(spi, seq) if the Ethernet frame carries IPv4 ESP, else None."""
    if len(frame) < 14 + 20 + 8 or int.from_bytes(frame[12:14], "big") != ETH_P_IP:
        return None
    ip = frame[14:]
    if ip[9] != 50:
        return None
    esp = ip[(ip[0] & 0x0F) * 4:]
    return int.from_bytes(esp[0:4], "big"), int.from_bytes(esp[4:8], "big")


def capture(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((a.iface, 0))
    if a.ready:
        open(a.ready, "w").close()
    end = time.monotonic() + a.seconds
    lines = []
    while len(lines) < a.count and time.monotonic() < end:
        s.settimeout(max(0.01, end - time.monotonic()))
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            break
        if addr[2] == PACKET_OUTGOING:
            continue
        esp = esp_of(frame)
        if esp:
            lines.append(f"{frame.hex()} spi=0x{esp[0]:08x} seq={esp[1]}\n")
    with open(a.file, "w") as f:
        f.writelines(lines)
    print(f"captured {len(lines)} ESP frame(s) on {a.iface}")
    return 0 if lines else 1


def send(a):
    with open(a.file) as f:
        frame = bytearray.fromhex(f.readlines()[a.line].split()[0])
    spi, seq = esp_of(frame)
    if a.seq_add:
        seq = (seq + a.seq_add) & 0xFFFFFFFF
        at = 14 + (frame[14] & 0x0F) * 4 + 4
        frame[at:at + 4] = seq.to_bytes(4, "big")
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((a.iface, 0))
    s.send(bytes(frame))
    print(f"sent ESP spi 0x{spi:08x} seq {seq} out of {a.iface}")
    return 0


def order(a):
    highest, overtaken, n = {}, 0, 0
    for path in a.files:
        with open(path) as f:
            lines = f.readlines()
        for line in lines:
            fields = dict(w.split("=", 1) for w in line.split()[1:])
            spi, seq = fields["spi"], int(fields["seq"])
            n += 1
            if seq < highest.get(spi, 0):
                overtaken += 1
            highest[spi] = max(seq, highest.get(spi, 0))
    print(f"reordered {overtaken} of {n}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("capture")
    p.add_argument("iface")
    p.add_argument("file")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--ready")
    p = sub.add_parser("send")
    p.add_argument("iface")
    p.add_argument("file")
    p.add_argument("--line", type=int, default=0)
    p.add_argument("--seq-add", type=int, default=0)
    p = sub.add_parser("order")
    p.add_argument("files", nargs="+")
    a = ap.parse_args()
    return {"capture": capture, "send": send, "order": order}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
