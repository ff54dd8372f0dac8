"""Around every request: the size limit, the security headers, and an access log line that
carries the method, the path, the status and the time taken, never a query string or a
body (a tool may send the chart header as query options, and a case is patient data).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from alscriteria.web.core import json_line_text
from alscriteria.web.inputs import MAX_BODY_BYTES, BodyTooLarge

ACCESS_LOG = logging.getLogger("alscriteria.web.access")

#: The page's policy: its own script, stylesheet and API only; no external origin, no
#: inline script, not framed by anyone.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

#: The chart page's policy: it carries its stylesheet inline and runs no script at all.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class Guard:
    """ASGI middleware (not Starlette's BaseHTTPMiddleware, which buffers and re-wraps the
    body): refuses a declared oversize body before the app reads it, adds the headers, logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = origin_form(scope)
        started = time.perf_counter()
        status = [0]

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
                message["headers"] = with_security_headers(
                    list(message.get("headers", [])), str(scope.get("path", ""))
                )
            await send(message)

        try:
            if _declared_length(scope) > MAX_BODY_BYTES:
                await too_large(send_guarded)
            else:
                await self.app(scope, receive, send_guarded)
        except asyncio.CancelledError:
            # Ctrl-C's grace ran out with this request open (its client stopped sending): the
            # request ends here with 503, not uvicorn's traceback of the cancelled task
            if status[0] == 0:
                await stopping(send_guarded)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            ACCESS_LOG.info(
                "%s %s %d %.1f ms",
                scope.get("method", "?"),
                scope.get("path", ""),
                status[0],
                elapsed,
            )


class HostGuard:
    """Answers only requests whose Host header names one of `allowed` (a loopback server's
    own names), so a web page whose name is made to point at this machine (DNS rebinding)
    is refused; the refusal is the API's JSON, `{"detail", "problems"}`. A name is compared
    without its port and brackets: `[::1]:8765` is `::1`."""

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = frozenset(name.lower() for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or host_name(_header(scope, b"host")) in self.allowed:
            await self.app(scope, receive, send)
            return
        names = ", ".join(sorted(self.allowed))
        await answer_json(
            send,
            400,
            "invalid host header",
            [f"Host: this server answers only to its own names ({names})"],
        )


#: A request target in absolute form (RFC 9112 3.2.2: `POST http://127.0.0.1:8765/api/report`),
#: as a client talking to a proxy sends it; the server reads it as the path it names.
_ABSOLUTE = re.compile(r"^/?https?://([^/?#]*)(/[^?#]*)?(?:\?([^#]*))?", re.IGNORECASE)


def origin_form(scope: Scope) -> Scope:
    """The request with an absolute-form target read as its path, and its authority as the
    Host (RFC 9112 3.2.2: the target's authority replaces the Host header), so the routes,
    the access log and the host guard see what an origin-form request would give them."""
    if scope["type"] != "http":
        return scope
    found = _ABSOLUTE.match(str(scope.get("path", "")))
    if found is None:
        return scope
    authority, path, query = found.group(1), found.group(2) or "/", found.group(3)
    headers = [(k, v) for k, v in scope.get("headers", []) if k != b"host"]
    headers.append((b"host", authority.encode("latin-1")))
    read = dict(scope, path=path, raw_path=path.encode("latin-1"), headers=headers)
    if query is not None and not scope.get("query_string"):
        read["query_string"] = query.encode("latin-1")
    return read


def host_name(header: str | None) -> str | None:
    """The name in a Host header, lower case, without port or IPv6 brackets; None where
    there is no name to read."""
    if header is None:
        return None
    text = header.strip().lower()
    if text.startswith("["):
        name, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        return name
    name, colon, port = text.partition(":")
    if colon and not port.isdigit():
        return None
    return name or None


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return str(value.decode("latin-1"))
    return None


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else 0
    return 0


async def stopping(send: Send) -> None:
    with contextlib.suppress(OSError):  # the client is gone too
        await answer_json(send, 503, "stopping", ["the server is stopping; nothing was stored"])


async def too_large(send: Send) -> None:
    await answer_json(send, 413, "too large", list(BodyTooLarge().problems))


async def answer_json(send: Send, status: int, detail: str, problems: list[str]) -> None:
    """A refusal made before the app is reached, in the API's own shape."""
    body = json_line_text({"detail": detail, "problems": problems}, ensure_ascii=True)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})


def with_security_headers(headers: list[Any], path: str) -> list[Any]:
    """The response's headers with the security headers added; a route that set its own
    Content-Security-Policy (the chart page) keeps it."""
    present: MutableMapping[bytes, bytes] = {bytes(k).lower(): bytes(v) for k, v in headers}
    out = list(headers)
    if b"content-security-policy" not in present:
        out.append((b"content-security-policy", PAGE_POLICY.encode()))
    for name, value in SECURITY_HEADERS:
        if name not in present:
            out.append((name, value))
    if path.startswith("/api/") and b"cache-control" not in present:
        out.append((b"cache-control", b"no-store"))
    return out


__all__ = ["ACCESS_LOG", "PAGE_POLICY", "REPORT_POLICY", "Guard", "HostGuard", "host_name"]
