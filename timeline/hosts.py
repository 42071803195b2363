"""Which requests `serve` answers: those that name it (DNS rebinding is refused)."""
from __future__ import annotations

import ipaddress
import re
import socket

LOOPBACK = ("localhost", "127.0.0.1", "::1")
EVERY_INTERFACE = ("0.0.0.0", "::")
HOST = re.compile(r"(?:\[([0-9a-f:.]+)\]|([^\[\]:@/\s]+))(?::([0-9]{1,5}))?")   # name[:port]


def host_refusal(hosts: list[str], listening: str, port: int) -> tuple[int, str, bytes] | None:
    """Why a request must not be answered (status, type, body), or None. A page at
    evil.example whose name an attacker's DNS now points at 127.0.0.1 (DNS rebinding)
    can read this server as its own, but its requests still name evil.example in Host.
    No Host at all is refused too: every browser sends one, and one rule is simpler."""
    home = url_host("127.0.0.1" if listening in EVERY_INTERFACE else listening)
    if len(hosts) != 1:
        status, text = 400, "Bad Request: a request needs one Host header"
    elif names_this_server(hosts[0].strip().lower(), listening.lower(), port):
        return None
    else:
        status, text = 421, "Misdirected Request: this preview answers only to its own address"
    body = f"{status} {text}: open http://{home}:{port}/\n"
    return status, "text/plain; charset=utf-8", body.encode()


def names_this_server(host: str, listening: str, port: int) -> bool:
    """Whether a Host header (lowercase) names this server: 127.0.0.1, localhost, [::1]
    or the --host address, with the port (which only port 80 may leave out)."""
    match = HOST.fullmatch(host)
    if not match or int(match[3] or 80) != port:
        return False
    name = match[1] or match[2]
    if name in LOOPBACK or name == listening:
        return True
    # On every interface the preview is for other devices too, which ask for it by
    # address or by this computer's name: neither is a name a web page's DNS controls.
    return listening in EVERY_INTERFACE and (
        _is_address(name) or name == socket.gethostname().lower())


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
