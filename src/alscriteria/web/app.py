"""The routes: the JSON API (the library's contract over HTTP) and the page.

Every answer to bad input is JSON `{"detail", "problems"}` with the CLI's messages; nothing
answers with a traceback, and nothing is kept between requests (no database, no file, no
session: the page holds the case, and closing it loses only what the user did not save).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from alscriteria.errors import EngineError
from alscriteria.web import core, views
from alscriteria.web.guard import REPORT_POLICY, Guard, HostGuard
from alscriteria.web.inputs import (
    CASE_OPTIONS,
    REPORT_OPTIONS,
    VIEW_OPTIONS,
    InputProblem,
    chart_header,
    criteria_option,
    date_option,
    document_and_options,
    flag,
    is_history,
    readings_option,
)
from alscriteria.web.openapi import openapi

LOG = logging.getLogger("alscriteria.web")

Endpoint = Callable[[Request], Awaitable[Response]]


#: Where the catalogue is listed, as the service says it: the CLI's messages name
#: `alscriteria muscles`, which a page or an API client has no terminal to run.
CATALOGUE_HINT = (
    "GET /api/vocabulary lists the catalogue (on the page, its names are offered as a muscle "
    "is typed)"
)


#: The status logged for a request whose client went away before its body arrived.
CLIENT_CLOSED = 499


def problems(status: int, detail: str, messages: list[str] | tuple[str, ...]) -> JSONResponse:
    said = [m.replace(core.CATALOGUE_HINT, CATALOGUE_HINT) for m in messages]
    return JSONResponse({"detail": detail, "problems": said}, status_code=status)


def answering(handler: Endpoint) -> Endpoint:
    """The handler, with every refusal answered as the CLI words it, and anything else as a
    500 that names no patient data (the log names the exception's type only)."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except InputProblem as exc:
            return problems(exc.status, _detail(exc.status), exc.problems)
        except ClientDisconnect:
            # the client went away mid-body: nobody reads the answer, and it is no failure
            # of the service (the access log says 499, nginx's "client closed request")
            return Response(status_code=CLIENT_CLOSED)
        except core.InvalidCaseError as exc:
            return problems(422, str(exc).splitlines()[0].rstrip(":"), exc.problems)
        except EngineError as exc:
            return problems(500, "engine error", [str(exc)])
        except core.AlsCriteriaError as exc:
            return problems(422, "invalid input", [str(exc)])
        except Exception as exc:
            LOG.error("%s %s failed: %s", request.method, request.url.path, type(exc).__name__)
            return problems(
                500,
                "internal error",
                [f"the service could not answer ({type(exc).__name__}); nothing was stored"],
            )

    return endpoint


def _detail(status: int) -> str:
    named = {
        404: "not found",
        408: "request timeout",
        413: "too large",
        415: "unsupported media type",
    }
    return named.get(status, "invalid input")


async def evaluate(request: Request) -> Response:
    data, query = await document_and_options(request, CASE_OPTIONS)
    readings, criteria = readings_option(query), criteria_option(query)
    plan = not flag(query, "no_plan")
    if is_history(data):
        raise InputProblem(
            422,
            (
                "request body: this is a patient history (it has 'visits'), not one case; "
                "send it to /api/history (its page: /api/report)",
            ),
        )
    body = await run_in_threadpool(views.evaluate_payload, data, readings, criteria, plan)
    return Response(body, media_type="application/json")


async def history(request: Request) -> Response:
    data, query = await document_and_options(request, CASE_OPTIONS)
    readings, criteria = readings_option(query), criteria_option(query)
    plan = not flag(query, "no_plan")
    body = await run_in_threadpool(views.history_payload, data, readings, criteria, plan)
    return Response(body, media_type="application/json")


async def report(request: Request) -> Response:
    """The chart page. The page posts it as a form, its options (the chart header) in the
    body beside the document; a tool may send JSON with the options in the query."""
    data, query = await document_and_options(request, REPORT_OPTIONS, form=True)
    readings = readings_option(query)
    header = chart_header(query)
    when = date_option(query, "date") or dt.date.today()
    audit = flag(query, "audit")
    page = await run_in_threadpool(views.report_page, data, readings, header, when, audit)
    return HTMLResponse(page, headers={"content-security-policy": REPORT_POLICY})


async def view(request: Request) -> Response:
    """The page's live result (its fragment endpoint): the chart page in words and its map;
    for a history, the history page's timeline in words."""
    data, query = await document_and_options(request, VIEW_OPTIONS)
    readings = readings_option(query)
    when = date_option(query, "date") or dt.date.today()
    if is_history(data):
        timeline = await run_in_threadpool(views.history_view, data, readings)
        return JSONResponse({"kind": "history", **timeline})
    payload = await run_in_threadpool(views.case_view, data, readings, when)
    return JSONResponse({"kind": "case", **payload})


async def schema(request: Request) -> Response:
    name = request.path_params["name"]
    build = core.SCHEMAS.get(name)
    if build is None:
        raise InputProblem(
            404, (f"schema {name!r}: no such schema; names: {', '.join(core.SCHEMAS)}",)
        )
    return JSONResponse(build())


async def health(request: Request) -> Response:
    return JSONResponse(views.health())


async def vocabulary(request: Request) -> Response:
    return JSONResponse(views.vocabulary())


async def openapi_json(request: Request) -> Response:
    return JSONResponse(openapi())


async def index(request: Request) -> Response:
    return FileResponse(_static_dir() + "/index.html", media_type="text/html")


def _static_dir() -> str:
    from importlib import resources

    return str(resources.files("alscriteria.web").joinpath("static"))


async def not_found(request: Request, exc: Exception) -> Response:
    return problems(404, "not found", [f"{request.url.path}: no such page or endpoint"])


async def not_allowed(request: Request, exc: Exception) -> Response:
    return problems(405, "method not allowed", [f"{request.method} {request.url.path}"])


def create_app(cors_origin: str | None = None, allowed_hosts: list[str] | None = None) -> Starlette:
    """The application. `cors_origin`, where given, is the one other origin allowed to call
    the API from a browser; without it no CORS header is sent at all. `allowed_hosts`, where
    given, are the only Host headers answered: a server on 127.0.0.1 answers no other name,
    so a web page whose own name is made to point here (DNS rebinding) is refused."""
    api = [
        Route("/api/evaluate", answering(evaluate), methods=["POST"]),
        Route("/api/history", answering(history), methods=["POST"]),
        Route("/api/report", answering(report), methods=["POST"]),
        Route("/api/view", answering(view), methods=["POST"]),
        Route("/api/schema/{name}", answering(schema), methods=["GET"]),
        Route("/api/health", answering(health), methods=["GET"]),
        Route("/api/vocabulary", answering(vocabulary), methods=["GET"]),
        Route("/api/openapi.json", answering(openapi_json), methods=["GET"]),
        Route("/", index, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=_static_dir()), name="static"),
    ]
    middleware = [Middleware(Guard)]
    if allowed_hosts:
        middleware.append(Middleware(HostGuard, allowed=allowed_hosts))
    if cors_origin:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=[cors_origin],
                allow_methods=["GET", "POST"],
                allow_headers=["content-type"],
            )
        )
    handlers: dict[Any, Any] = {404: not_found, 405: not_allowed}
    return Starlette(routes=api, middleware=middleware, exception_handlers=handlers)


__all__ = ["create_app"]
