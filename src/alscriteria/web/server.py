"""Run the app with uvicorn on this machine: its own access log (method, path, status,
time), uvicorn's off (it writes the client's address and the query string)."""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
import webbrowser

import uvicorn

from alscriteria.web.app import create_app

LOCAL = "127.0.0.1"

#: How long Ctrl-C waits for requests in flight.
SHUTDOWN_SECONDS = 5


#: What a browser on this machine opens for a server listening on every address: 0.0.0.0
#: and :: name no machine, and not every browser or platform goes there.
_EVERY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1"}


def page_address(host: str, port: int) -> str:
    local = _EVERY_ADDRESS.get(host, host)
    shown = f"[{local}]" if ":" in local else local
    return f"http://{shown}:{port}/"


def elsewhere(host: str, port: int) -> str:
    """For a server on every address: how other machines reach it (this machine's name)."""
    if host not in _EVERY_ADDRESS:
        return ""
    return f"; other machines: http://{socket.gethostname()}:{port}/"


def resolvable(host: str) -> bool:
    """Whether `host` names an address to listen on (checked before the warning about other
    machines, which a name that resolves to nothing made first)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        socket.getaddrinfo(host, 0, family, socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return True


def run(host: str, port: int, open_page: bool, cors_origin: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    for name in ("alscriteria.web.access", "alscriteria.web"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    config = uvicorn.Config(
        create_app(cors_origin, allowed_hosts(host)),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        # Ctrl-C waits this long for requests in flight, then closes them: a client that
        # stopped sending mid-body held the server open until it gave up
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )
    server = uvicorn.Server(config)
    sock = bind(host, port)  # here, so that a taken port is an OSError the CLI words
    port = sock.getsockname()[1]
    address = page_address(host, port)
    sys.stderr.write(
        f"alscriteria serve: the page is at {address}{elsewhere(host, port)} (Ctrl-C stops)\n"
    )
    if open_page:
        threading.Timer(1.0, webbrowser.open, (address,)).start()
    server.run(sockets=[sock])
    # Ctrl-C on an idle server returned without a word; the last line says it stopped
    sys.stderr.write("alscriteria serve: stopped\n")


#: The names of this machine's loopback addresses: what a local server answers to.
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]


def allowed_hosts(host: str) -> list[str] | None:
    """The names a loopback server answers to (IPv4 or IPv6, by address or as localhost;
    `[::1]:port` is read as `::1`); None (any) where it listens on another address, whose
    names this machine cannot know."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return LOOPBACK_NAMES
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        return None
    return sorted({*LOOPBACK_NAMES, name}) if loopback else None


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    info = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(info[0][4])
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


__all__ = [
    "LOCAL",
    "LOOPBACK_NAMES",
    "allowed_hosts",
    "bind",
    "elsewhere",
    "page_address",
    "resolvable",
    "run",
]
