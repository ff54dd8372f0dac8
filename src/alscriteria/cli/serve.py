"""`alscriteria serve`: the page and the JSON API on this machine (alscriteria.web).

Only the argument checks live here; the web stack is the optional extra `serve`, imported
when the command runs, so `alscriteria` starts as quickly without it and says the one
command that adds it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from alscriteria.cli.commands import later
from alscriteria.cli.common import EXIT_INVALID, EXIT_OK, HelpFormatter, UsageError


def add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="the page and a JSON API on this machine (needs the extra: alscriteria[serve])",
        description="Start a local web server: a page to enter a case and see the categories, "
        "red flags, phenotype, plan and body map as you type, and a JSON API with the "
        "library's contract (docs/serve.md). Nothing is stored; the access log holds the "
        "method, path, status and time only. It listens on 127.0.0.1 unless --host names "
        "another address.",
        epilog="example:\n  alscriteria serve --open",
        formatter_class=HelpFormatter,
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8765,
        metavar="N",
        help="the port (default 8765; 0: any free one)",
    )
    serve.add_argument(
        "--host",
        default=None,
        help="the address to listen on (default 127.0.0.1); any other address lets other "
        "machines reach the page over unencrypted HTTP",
    )
    serve.add_argument("--open", action="store_true", help="open the page in the browser")
    serve.add_argument(
        "--cors-origin",
        metavar="ORIGIN",
        help="let pages of this one origin (http://host:port) call the API from a browser; "
        "without it no other origin may",
    )
    serve.set_defaults(handler=later("alscriteria.cli.serve", "cmd_serve"))


def cmd_serve(args: argparse.Namespace, console: Any) -> int:
    from alscriteria.web import INSTALL_COMMAND, stack_missing

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port; give 1 to 65535 (0: any free one)")
    origin = _origin(args.cors_origin)
    missing = stack_missing()
    if missing is not None:
        sys.stderr.write(
            f"alscriteria serve: the web stack ({missing}) is not installed; add it with: "
            f"{INSTALL_COMMAND}\n"
        )
        return EXIT_INVALID
    # `[::1]`, as the server prints IPv6 addresses, is the address ::1
    host = args.host.strip().removeprefix("[").removesuffix("]") if args.host else "127.0.0.1"
    from alscriteria.web.server import allowed_hosts, resolvable, run

    if not resolvable(host):
        raise UsageError(
            f"--host {args.host!r}: not an address or name of this machine; give an address "
            "such as 127.0.0.1 (the default), ::1 or 0.0.0.0 (every address)"
        )

    # any loopback address (all of 127.0.0.0/8, ::1, localhost in any case) stays on this
    # machine: the same test that decides which Host headers the server answers
    if allowed_hosts(host) is None:
        sys.stderr.write(
            f"alscriteria serve: warning: listening on {host}, not 127.0.0.1: other machines "
            "can reach the page, and patient data sent to it crosses the network "
            "unencrypted (plain HTTP)\n"
        )
    try:
        run(host, args.port, args.open, origin)
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise UsageError(f"cannot listen on {host}:{args.port} ({exc.strerror or exc})") from None
    return EXIT_OK


#: The port a browser leaves out of an Origin header, by scheme.
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(text: str | None) -> str | None:
    """The origin as a browser sends it in its Origin header (lower-case scheme and host,
    no default port), so the one origin named is matched: `HTTP://A.B:80` is `http://a.b`."""
    if text is None:
        return None
    refused = UsageError(
        f"--cors-origin {text!r}: not an origin; write it as http://host:port "
        "(a scheme and a host, no path)"
    )
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if (
        scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise refused
    try:
        port = parts.port
    except ValueError:
        raise refused from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{shown}"


__all__ = ["add_serve", "cmd_serve"]
