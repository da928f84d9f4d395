#!/usr/bin/env python3
"""Writes the seed scripts of the IKEv1 exchange fuzzer (tests/fuzz/ike_exchange_fuzz.cpp) into
tests/fuzz/ike_exchange_seeds: scripts that negotiate (each variant, each side starting), lose and
replay messages, inject Quick Mode and informational messages under the real phase 1 keys, and
send strongSwan's own datagrams, captured from charon (tests/fuzz/ike_captures, written by
capture_charon.py), both as a first message and inside a live exchange.

The encoding follows the harness's Script: a variant byte, then ops, every number big-endian and
read from the front. Run it again whenever the harness's ops change."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "ike_exchange_seeds")
CAPTURES = os.path.join(HERE, "ike_captures")

# Harness ops (enum class Op), in order.
(DELIVER, DROP, DUPLICATE, MUTATE, TRUNCATE, REPLAY, RAW, ENCRYPTED, FIRE_TIMER, ATTACKER_INITIATES,
 TARGET_INITIATES, TARGET_CLEARS, RUN) = range(13)
# Variants (the harness's variants()): Lab 13-1, ECP-256 with PFS and DPD, Aggressive Mode, hub,
# IKEv2 (both sides whole engines: no injection under the attacker's keys, no cookie adoption).
LAB13, ECP, AGGRESSIVE, HUB, IKEV2 = range(5)
# RFC 2408 3.1 payload types.
SA, KE, ID, HASH, NONCE, N, D = 1, 4, 5, 8, 10, 11, 12

# Negotiates to the end: the exchange, then the timers (the outbound SA's install delay,
# retransmissions) and what they send.
SETTLE = [RUN, FIRE_TIMER, RUN, FIRE_TIMER, RUN, RUN]


def attrs(*pairs):
    """RFC 2407 4.5 attributes, all of the short (TV) form but the life duration."""
    out = b""
    for kind, value in pairs:
        if kind == 2:  # SA Life Duration: variable length
            out += struct.pack(">HHI", kind, 4, value)
        else:
            out += struct.pack(">HH", 0x8000 | kind, value)
    return out


def esp_sa(transform_id, auth, key_bits=None, group=None, spi=0x11223344):
    """A Quick Mode SA payload body: one ESP proposal, one transform (RFC 2407 4.6.2, 4.4.4)."""
    a = [(1, 1), (2, 3600), (4, 1), (5, auth)]
    if key_bits:
        a.append((6, key_bits))
    if group:
        a.append((3, group))
    body = struct.pack(">BBH", 1, transform_id, 0) + attrs(*a)
    transform = struct.pack(">BBH", 0, 0, 4 + len(body)) + body
    proposal_body = struct.pack(">BBBB", 1, 3, 4, 1) + struct.pack(">I", spi) + transform
    proposal = struct.pack(">BBH", 0, 0, 4 + len(proposal_body)) + proposal_body
    return struct.pack(">II", 1, 1) + proposal


def id_host(address):
    """ID_IPV4_ADDR (RFC 2407 4.6.2.1), no protocol or port."""
    return bytes([1, 0, 0, 0]) + bytes(int(x) for x in address.split("."))


def id_subnet(address, mask):
    return bytes([4, 0, 0, 0]) + bytes(int(x) for x in address.split(".")) + bytes(int(x) for x in mask.split("."))


def encrypted(exchange, mid, payloads, with_hash=True, response=False):
    """ENCRYPTED: exchange 0 = Quick Mode (IKEv2: CREATE_CHILD_SA), 1 = informational; payloads
    [(type, body)]. IKEv1: with or without HASH(1). IKEv2: a request with the SA's next message
    ID, or a response to the target's request `mid` (its low byte)."""
    out = [ENCRYPTED, exchange] + list(struct.pack(">I", mid)) + [(1 if with_hash else 0) | (2 if response else 0), len(payloads)]
    for kind, body in payloads:
        out += [kind] + list(struct.pack(">H", len(body))) + list(body)
    return out


def raw(datagram, natt=False, adopt=False, which=0):
    out = [RAW, (1 if natt else 0) | (2 if adopt else 0)] + list(struct.pack(">H", len(datagram))) + list(datagram)
    return out + ([which] if adopt else [])


def qm1(variant):
    nonce = bytes(range(16))
    if variant == LAB13:
        return [(SA, esp_sa(3, 1)), (NONCE, nonce), (ID, id_host("1.1.1.1")), (ID, id_host("2.2.2.2"))]
    if variant == ECP:
        # PFS: a KE payload of ECP-256's length (RFC 5903: x | y); not a point, so refused.
        return [(SA, esp_sa(12, 5, 256, 19)), (NONCE, nonce), (KE, bytes(64)),
                (ID, id_subnet("10.1.0.0", "255.255.0.0")), (ID, id_subnet("10.2.0.0", "255.255.0.0"))]
    if variant == AGGRESSIVE:
        return [(SA, esp_sa(12, 2, 128)), (NONCE, nonce), (ID, id_host("1.1.1.1")), (ID, id_host("2.2.2.2"))]
    return [(SA, esp_sa(12, 2, 128)), (NONCE, nonce), (ID, id_subnet("10.1.1.0", "255.255.255.0")),
            (ID, id_subnet("10.9.0.0", "255.255.0.0"))]


def scripts():
    out = {}
    for v, name in ((LAB13, "lab13"), (ECP, "ecp"), (AGGRESSIVE, "aggressive"), (HUB, "hub")):
        out[name + "-negotiate"] = [v, ATTACKER_INITIATES] + SETTLE
        if v != HUB:
            out[name + "-target-initiates"] = [v, TARGET_INITIATES] + SETTLE
        out[name + "-lossy"] = [v, ATTACKER_INITIATES, DELIVER, DROP, FIRE_TIMER, DELIVER, DUPLICATE, DELIVER, DELIVER,
                                REPLAY, 1, DELIVER, FIRE_TIMER] + SETTLE
        out[name + "-mutated"] = [v, ATTACKER_INITIATES, MUTATE, 1, 0, 20, 0xff, 0, 30, 0x00, DELIVER] + SETTLE
        out[name + "-truncated"] = [v, ATTACKER_INITIATES, DELIVER, TRUNCATE, 0, 60, DELIVER] + SETTLE
        # Phase 1 up, then a Quick Mode the attacker wrote itself, then another in clear.
        out[name + "-qm1"] = [v, ATTACKER_INITIATES] + SETTLE + encrypted(0, 0x51525354, qm1(v)) + SETTLE
        out[name + "-qm1-no-hash"] = [v, ATTACKER_INITIATES] + SETTLE + encrypted(0, 0x61626364, qm1(v), with_hash=False) + SETTLE
        # Informational: a DPD R-U-THERE (RFC 3706), a Delete of an ESP SPI, a Delete of the ISAKMP SA.
        dpd = struct.pack(">IBBH", 1, 1, 16, 36136) + bytes(16) + struct.pack(">I", 7)
        esp_delete = struct.pack(">IBBH", 1, 3, 4, 1) + struct.pack(">I", 0x11223344)
        isakmp_delete = struct.pack(">IBBH", 1, 1, 16, 1) + bytes(16)
        out[name + "-informational"] = ([v, ATTACKER_INITIATES] + SETTLE + encrypted(1, 0x01020304, [(N, dpd)]) + [RUN] +
                                        encrypted(1, 0x01020305, [(D, esp_delete)]) + [RUN] +
                                        encrypted(1, 0x01020306, [(D, isakmp_delete)]) + SETTLE)
        out[name + "-clear-and-again"] = [v, ATTACKER_INITIATES] + SETTLE + [TARGET_CLEARS, RUN, ATTACKER_INITIATES] + SETTLE
        out[name + "-timers"] = [v, ATTACKER_INITIATES] + SETTLE + [FIRE_TIMER] * 40
    for name, ops in (("negotiate", [ATTACKER_INITIATES] + SETTLE), ("target-initiates", [TARGET_INITIATES] + SETTLE),
                      ("lossy", [ATTACKER_INITIATES, DELIVER, DROP, FIRE_TIMER, DELIVER, DUPLICATE, DELIVER, DELIVER,
                                 REPLAY, 1, DELIVER, FIRE_TIMER] + SETTLE),
                      ("mutated", [ATTACKER_INITIATES, MUTATE, 1, 0, 20, 0xff, 0, 30, 0x00, DELIVER] + SETTLE),
                      ("truncated", [ATTACKER_INITIATES, DELIVER, TRUNCATE, 0, 60, DELIVER] + SETTLE),
                      ("clear-and-again", [ATTACKER_INITIATES] + SETTLE + [TARGET_CLEARS, RUN, ATTACKER_INITIATES] + SETTLE),
                      ("timers", [ATTACKER_INITIATES] + SETTLE + [FIRE_TIMER] * 40)):
        out["ikev2-" + name] = [IKEV2] + ops
    # IKEv2 as an authenticated but hostile peer, inside SK under the IKE SA's real keys (RFC 7296
    # 3.10 Notify, 3.11 Delete, 3.9 Nonce): an empty INFORMATIONAL (liveness), INITIAL_CONTACT,
    # a Delete of an ESP SPI nobody has, a Delete of the IKE SA, a CREATE_CHILD_SA with a nonce
    # and nothing else, an unknown critical payload (2.5: UNSUPPORTED_CRITICAL_PAYLOAD), and
    # responses to requests the target never made.
    v2_nonce, v2_notify, v2_delete, critical_unknown = 40, 41, 42, 0x80 | 60
    initial_contact = struct.pack(">BBH", 0, 0, 16384)
    delete_esp = struct.pack(">BBHI", 3, 4, 1, 0x11223344)
    delete_ike = struct.pack(">BBH", 1, 0, 0)
    up = [IKEV2, ATTACKER_INITIATES] + SETTLE
    out["ikev2-informational-empty"] = up + encrypted(1, 0, [], with_hash=False) + SETTLE
    out["ikev2-informational-initial-contact"] = up + encrypted(1, 0, [(v2_notify, initial_contact)], with_hash=False) + SETTLE
    out["ikev2-delete-esp"] = up + encrypted(1, 0, [(v2_delete, delete_esp)], with_hash=False) + SETTLE
    out["ikev2-delete-ike"] = up + encrypted(1, 0, [(v2_delete, delete_ike)], with_hash=False) + SETTLE
    out["ikev2-create-child-nonce-only"] = up + encrypted(0, 0, [(v2_nonce, bytes(range(32)))], with_hash=False) + SETTLE
    out["ikev2-critical-unknown"] = up + encrypted(1, 0, [(critical_unknown, b"x" * 8)], with_hash=False) + SETTLE
    out["ikev2-unasked-responses"] = (up + encrypted(1, 0, [], with_hash=False, response=True) +
                                      encrypted(0, 1, [(v2_nonce, bytes(32))], with_hash=False, response=True) +
                                      encrypted(1, 2, [(v2_delete, delete_ike)], with_hash=False, response=True) + SETTLE)
    # strongSwan's datagrams: as a first message from the attacker's address, and with the
    # cookies of the attacker's own exchange after its first message went out.
    if os.path.isdir(CAPTURES):
        for case in sorted(os.listdir(CAPTURES)):
            folder = os.path.join(CAPTURES, case)
            if not os.path.isdir(folder):
                continue
            for f in sorted(os.listdir(folder)):
                if not f.endswith(".bin"):
                    continue
                with open(os.path.join(folder, f), "rb") as h:
                    d = h.read()
                natt = "-4500" in f
                v = IKEV2 if "ikev2" in case else AGGRESSIVE if "aggressive" in case else ECP if "ecp" in case else LAB13
                stem = "charon-%s-%s" % (case, f[:-4])
                out[stem + "-first"] = [v] + raw(d, natt) + SETTLE
                out[stem + "-inside"] = [v, ATTACKER_INITIATES, DELIVER] + raw(d, natt, adopt=True) + SETTLE
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.unlink(os.path.join(OUT, f))
    all_scripts = scripts()
    for name, ops in all_scripts.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes(ops))
    print("wrote %d seeds to %s" % (len(all_scripts), OUT))


if __name__ == "__main__":
    sys.exit(main())
