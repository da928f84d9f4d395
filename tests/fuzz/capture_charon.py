#!/usr/bin/env python3
"""Captures strongSwan's own IKEv1 and IKEv2 datagrams for the exchange fuzzer's seeds (issue #12: "a seed
corpus from real captures of our own and strongSwan's handshakes").

In a network namespace of ours with only `lo` up, Debian's charon initiates to a real routerd
(build/bin/routerd) on 127.0.0.1: Main Mode with 3DES/MD5/MODP-1024 (the seeds' Lab 13-1),
Main Mode with AES-256/SHA-256/ECP-256 and PFS, Aggressive Mode, and IKEv2 with ECP-256. charon speaks from ports
1500/14500 so that both daemons can listen in one namespace. An AF_PACKET socket on `lo` sees
every datagram both ways (no tcpdump here); each UDP payload goes to
tests/fuzz/ike_captures/<case>/NN-<sender>-<port>.bin, the non-ESP marker taken off on the NAT-T
port. This kernel has no ESP: charon's and routerd's SA installs fail after Quick Mode, which
changes nothing before it.

Run as root from the repository (python3 tests/fuzz/capture_charon.py), then
make_ike_exchange_seeds.py. Not a test: its output is committed, with SOURCES.md beside it."""
import ctypes
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from routerd_harness import Routerd  # noqa: E402
import ike_rate  # noqa: E402

OUT = os.path.join(HERE, "ike_captures")
CHARON_PORT, CHARON_NATT = 1500, 14500

ROUTERD_CONFIG = """hostname TARGET
crypto isakmp policy 10
 encr 3des
 hash md5
 authentication pre-share
 group 2
crypto isakmp policy 20
 encr aes 256
 hash sha256
 authentication pre-share
 group 19
crypto isakmp key cisco address 127.0.0.1
crypto ipsec transform-set T3DES esp-3des esp-md5-hmac
crypto ipsec transform-set TAES esp-aes 256 esp-sha256-hmac
crypto dynamic-map DYN 10
 set transform-set T3DES TAES
crypto map M 10 ipsec-isakmp dynamic DYN
end
"""

ROUTERD_CONFIG_V2 = """hostname TARGET
crypto ikev2 proposal PROP
 encryption aes-cbc-256
 integrity sha256
 prf sha256
 group 19
crypto ikev2 policy POL
 proposal PROP
crypto ikev2 keyring KEYS
 peer CHARON
  address 127.0.0.1
  pre-shared-key cisco
crypto ikev2 profile PROF
 match identity remote address 127.0.0.1 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local KEYS
crypto ipsec transform-set TAES esp-aes 256 esp-sha256-hmac
crypto dynamic-map DYN 10
 set transform-set TAES
 set ikev2-profile PROF
crypto map M 10 ipsec-isakmp dynamic DYN
end
"""

CASES = {
    # case: (IKE version, IKE proposal, ESP proposal, aggressive)
    "mm-3des-md5-modp1024": (1, "3des-md5-modp1024", "3des-md5", False),
    "mm-ecp256-pfs": (1, "aes256-sha256-ecp256", "aes256-sha256-ecp256", False),
    "aggressive-3des-md5-modp1024": (1, "3des-md5-modp1024", "3des-md5", True),
    "ikev2-ecp256": (2, "aes256-sha256-prfsha256-ecp256", "aes256-sha256", False),
}

SWANCTL = """connections {{
  c {{
    version = {version}
    aggressive = {aggressive}
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    remote_port = 500
    proposals = {ike}
    local {{
      auth = psk
      id = 127.0.0.1
    }}
    remote {{
      auth = psk
      id = 127.0.0.1
    }}
    children {{
      c {{
        mode = tunnel
        local_ts = 1.1.1.1/32
        remote_ts = 2.2.2.2/32
        esp_proposals = {esp}
      }}
    }}
  }}
}}
secrets {{
  ike-c {{
    id = 127.0.0.1
    secret = cisco
  }}
}}
"""


def sniff(stop, packets):
    """Every UDP datagram on lo to or from the IKE ports, once (the outgoing copy)."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind(("lo", 0))
    s.settimeout(0.2)
    while not stop.is_set():
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != socket.PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
            continue
        ip = frame[14:]
        if ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 15) * 4:]
        sport, dport = struct.unpack(">HH", udp[:4])
        payload = udp[8:]
        if {sport, dport} & {500, 4500, CHARON_PORT, CHARON_NATT}:
            packets.append((sport, dport, payload))
    s.close()


def capture(case, version, ike, esp, aggressive):
    ns = ike_rate.Namespace("capture")
    r = Routerd(startup_config=ROUTERD_CONFIG_V2 if version == 2 else ROUTERD_CONFIG, netns=ns.name)
    tmp = tempfile.mkdtemp(prefix="capture-charon-")
    proc = None
    packets = []
    stop = threading.Event()
    try:
        r.start()
        vici = os.path.join(tmp, "charon.vici")
        conf = os.path.join(tmp, "strongswan.conf")
        with open(conf, "w") as f:
            text = ike_rate.STRONGSWAN_CONF.format(plugins=ike_rate.CHARON_PLUGINS, vici=vici,
                                                   log=os.path.join(tmp, "charon.log"), ike_level=1)
            f.write(text.replace("charon {\n", "charon {\n  port = %d\n  port_nat_t = %d\n" % (CHARON_PORT, CHARON_NATT), 1))
        sw = os.path.join(tmp, "swanctl")
        for sub in ("x509", "x509ca", "private", "rsa", "ecdsa", "pkcs8", "pkcs12", "pubkey"):
            os.makedirs(os.path.join(sw, sub))
        with open(os.path.join(sw, "swanctl.conf"), "w") as f:
            f.write(SWANCTL.format(version=version, ike=ike, esp=esp, aggressive="yes" if aggressive else "no"))
        env = dict(os.environ, STRONGSWAN_CONF=conf, SWANCTL_DIR=sw)
        proc = subprocess.Popen(["ip", "netns", "exec", ns.name, "sh", "-c",
                                 "mount -t tmpfs -o mode=755 capture-run /run && exec " + ike_rate.CHARON],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                start_new_session=True)
        deadline = time.monotonic() + 30
        while not os.path.exists(vici):
            if time.monotonic() > deadline:
                raise RuntimeError("charon did not start")
            time.sleep(0.05)
        subprocess.run(["ip", "netns", "exec", ns.name, ike_rate.SWANCTL, "--load-all"], env=env, check=True,
                       capture_output=True)
        sniffer = threading.Thread(target=lambda: subprocess_sniff(ns.name, stop, packets))
        sniffer.start()
        time.sleep(0.5)
        subprocess.run(["ip", "netns", "exec", ns.name, ike_rate.SWANCTL, "--initiate", "--child", "c", "--timeout", "8"],
                       env=env, capture_output=True)
        time.sleep(1)
        stop.set()
        sniffer.join()
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
        r.stop()
        ns.close()
    folder = os.path.join(OUT, case)
    os.makedirs(folder, exist_ok=True)
    for f in os.listdir(folder):
        os.unlink(os.path.join(folder, f))
    for i, (sport, dport, payload) in enumerate(packets, 1):
        sender = "charon" if sport in (CHARON_PORT, CHARON_NATT) else "routerd"
        natt = CHARON_NATT in (sport, dport) or 4500 in (sport, dport)
        if natt:
            if payload[:4] != b"\0\0\0\0":
                continue  # ESP or a keepalive, not IKE
            payload = payload[4:]
        with open(os.path.join(folder, "%02d-%s-%d.bin" % (i, sender, 4500 if natt else 500)), "wb") as f:
            f.write(payload)
    return packets


def subprocess_sniff(netns, stop, packets):
    """The sniffer must run inside the namespace: this thread enters it."""
    fd = os.open("/run/netns/" + netns, os.O_RDONLY)
    try:
        # setns(2) moves the calling thread only; Python 3.11 has no os.setns.
        if ctypes.CDLL(None, use_errno=True).setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns")
        sniff(stop, packets)
    finally:
        os.close(fd)


def main():
    if os.geteuid() != 0:
        print("capture_charon.py: needs root (network namespaces)")
        return 1
    for case, (version, ike, esp, aggressive) in CASES.items():
        packets = capture(case, version, ike, esp, aggressive)
        print("%s: %d datagrams" % (case, len(packets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
