#!/usr/bin/python3
"""Writes the IKEv2 fuzzer's seed corpus, tests/fuzz/ikev2_seeds/ (scripts/fuzz.sh ikev2): a few
whole messages built here from RFC 7296 3 by hand, and the seven SK payload messages of
tests/ike/vectors/ikev2_sk.txt (three of whose key sets tests/fuzz/ikev2_fuzz.cpp holds, so those
open). Deterministic: running it again rewrites the same files.

    /usr/bin/python3 tests/fuzz/make_ikev2_seeds.py
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "ikev2_seeds")
VECTORS = os.path.join(HERE, "..", "ike", "vectors", "ikev2_sk.txt")

SA, KE, IDI, IDR, CERTREQ, AUTH, NONCE, N, D, TSI, TSR, SK = 33, 34, 35, 36, 38, 39, 40, 41, 42, 44, 45, 46


def u16(v):
    return v.to_bytes(2, "big")


def u32(v):
    return v.to_bytes(4, "big")


def chain(payloads):
    out = b""
    for k, (_, body) in enumerate(payloads):
        nxt = payloads[k + 1][0] if k + 1 < len(payloads) else 0
        out += bytes([nxt, 0]) + u16(4 + len(body)) + body
    return out


def message(spi_i, spi_r, exchange, flags, mid, payloads):
    body = chain(payloads)
    first = payloads[0][0] if payloads else 0
    return spi_i + spi_r + bytes([first, 0x20, exchange, flags]) + u32(mid) + u32(28 + len(body)) + body


def transform(last, ttype, tid, key_bits=None):
    attr = u16(0x8000 | 14) + u16(key_bits) if key_bits else b""
    return bytes([0 if last else 3, 0]) + u16(8 + len(attr)) + bytes([ttype, 0]) + u16(tid) + attr


def proposal(last, number, protocol, spi, transforms):
    ts = b"".join(transform(i + 1 == len(transforms), *t) for i, t in enumerate(transforms))
    return bytes([0 if last else 2, 0]) + u16(8 + len(spi) + len(ts)) + bytes([number, protocol, len(spi), len(transforms)]) + spi + ts


def sa(proposals):
    return b"".join(proposal(i + 1 == len(proposals), *p) for i, p in enumerate(proposals))


def notify(protocol, ntype, spi=b"", data=b""):
    return bytes([protocol, len(spi)]) + u16(ntype) + spi + data


def ts_v4(proto, p0, p1, a0, a1):
    return bytes([7, proto]) + u16(16) + u16(p0) + u16(p1) + bytes(a0) + bytes(a1)


def ts_v6():
    return bytes([8, 0]) + u16(40) + u16(0) + u16(65535) + bytes(16) + b"\xff" * 16


def seeds():
    spi_i, spi_r, zero = bytes(range(1, 9)), bytes(range(0x11, 0x19)), bytes(8)
    ike = [(1, 12, 256), (2, 5), (3, 12), (4, 14)]
    yield "sa_init_request", message(spi_i, zero, 34, 0x08, 0, [
        (SA, sa([(1, 1, b"", ike), (2, 1, b"", [(1, 20, 256), (2, 5), (4, 19)])])),
        (KE, u16(14) + u16(0) + bytes(range(256))),
        (NONCE, bytes(range(32))),
        (N, notify(0, 16388, data=bytes(20))),
        (N, notify(0, 16389, data=bytes(range(20)))),
        (N, notify(0, 16430)),
    ])
    yield "sa_init_response", message(spi_i, spi_r, 34, 0x20, 0, [
        (SA, sa([(1, 1, b"", ike)])), (KE, u16(19) + u16(0) + bytes(64)), (NONCE, bytes(32)),
        (CERTREQ, bytes([4]) + bytes(20)),
    ])
    yield "sa_init_cookie", message(spi_i, zero, 34, 0x20, 0, [(N, notify(0, 16390, data=bytes(16)))])
    # An IKE_AUTH request's payloads as they are inside the SK payload, in clear.
    yield "auth_clear", message(spi_i, spi_r, 35, 0x08, 1, [
        (IDI, bytes([1, 0, 0, 0, 12, 1, 1, 1])), (N, notify(0, 16384)), (IDR, bytes([2, 0, 0, 0]) + b"R2.example.com"),
        (AUTH, bytes([2, 0, 0, 0]) + bytes(32)),
        (SA, sa([(1, 3, b"\xc0\x01\x02\x03", [(1, 12, 256), (3, 12), (5, 0)])])),
        (TSI, bytes([2, 0, 0, 0]) + ts_v4(0, 0, 65535, [10, 1, 1, 0], [10, 1, 1, 255]) + ts_v6()),
        (TSR, bytes([1, 0, 0, 0]) + ts_v4(17, 500, 500, [12, 1, 1, 1], [12, 1, 1, 1])),
    ])
    yield "informational_delete", message(spi_i, spi_r, 37, 0x08, 2, [
        (D, bytes([3, 4]) + u16(2) + b"\xc0\x01\x02\x03\xc0\x04\x05\x06"), (D, bytes([1, 0]) + u16(0)),
    ])
    # An SK payload whose octets after an 8-octet IV are a well-formed plaintext (IDi, AUTH,
    # N, then a Pad Length of 0): the harness seals those octets with its AES-GCM key, so
    # mutations of this seed reach open()'s Pad Length and inner chain checks.
    inner = [(IDI, bytes([1, 0, 0, 0, 12, 1, 1, 1])), (AUTH, bytes([2, 0, 0, 0]) + bytes(range(32))), (N, notify(0, 16384))]
    sk_body = bytes(8) + chain(inner) + b"\x00"
    yield "sk_clear_plaintext", spi_i + spi_r + bytes([SK, 0x20, 35, 0x08]) + u32(1) + u32(28 + 4 + len(sk_body)) + \
        bytes([IDI, 0]) + u16(4 + len(sk_body)) + sk_body
    with open(VECTORS) as f:
        block = {}
        for line in list(f) + [""]:
            line = line.strip()
            if line.startswith("#") or not line:
                if "message" in block:
                    yield "sk_" + block["name"], bytes.fromhex(block["message"])
                block = {}
                continue
            k, v = line.split(" = ", 1)
            block[k] = v


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print("%-40s %5d octets" % (name, len(data)))


if __name__ == "__main__":
    main()
