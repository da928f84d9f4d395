"""The Internet checksum (RFC 1071) of the lab's hand-made packets: ike-flood.py's UDP, recovery.py's
ICMP echoes."""
import struct


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
