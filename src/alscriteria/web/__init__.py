"""`alscriteria serve`: the same engine behind a local JSON API and a one-page web app.

The only package that imports the web stack (Starlette, uvicorn), which is the optional
extra `serve`: a library user installs no server. Modules, in the order a request meets
them: `guard` (limits, security headers, the access log), `app` (the routes), `inputs`
(a request's body and query read as strictly as the CLI reads a file), `views` (the
answers), `openapi` (the description built from the published schemas), `server` (uvicorn).
`core` is the one door into the rest of the package. The page is `static/`: plain HTML, CSS
and JavaScript, no build step and no external resource.
"""

from __future__ import annotations

from importlib.util import find_spec

#: The command that adds the web stack, as `alscriteria serve` names it when it is missing.
INSTALL_COMMAND = "pip install 'alscriteria[serve]'"


def stack_missing() -> str | None:
    """The first web package that is not installed, or None when the extra is there."""
    for name in ("starlette", "uvicorn"):
        if find_spec(name) is None:
            return name
    return None


__all__ = ["INSTALL_COMMAND", "stack_missing"]
