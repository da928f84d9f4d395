"""Raw frames of the control protocol (protocol/wire.hpp): a type octet, a 32-bit big-endian length,
the payload. For tests that speak to routerd's socket below routersh."""
import struct


def read_frame(s):
    """(type, payload) of the next frame on socket `s`; None when the peer closed it first."""
    head = b""
    while len(head) < 5:
        chunk = s.recv(5 - len(head))
        if not chunk:
            return None
        head += chunk
    length = struct.unpack(">I", head[1:5])[0]
    body = b""
    while len(body) < length:
        chunk = s.recv(length - len(body))
        if not chunk:
            return None
        body += chunk
    return head[0], body
