"""The OpenAPI description, built from the published JSON Schemas rather than from route
signatures: the models already carry their schemas (`alscriteria schema`), and a client
generated from this description reads exactly the documents the CLI writes.

Each schema's `$defs` are lifted into `components.schemas` under the document's prefix
("case.RegionFindings"), so every `$ref` resolves within this one document.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from alscriteria.web import core

#: Published schemas the API reads or answers, and their component names.
_DOCUMENTS = {
    "case": "case",
    "results": "results",
    "history": "history",
    "history-result": "history_result",
}


def lift(prefix: str, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`schema` and its `$defs` as components, each `$ref` rewritten to point at them."""
    defs = schema.get("$defs", {})
    root = {k: v for k, v in schema.items() if k not in ("$defs", "$schema", "$id")}
    out = {prefix: _rewrite(prefix, root)}
    for name, sub in defs.items():
        out[f"{prefix}.{name}"] = _rewrite(prefix, sub)
    return out


def _rewrite(prefix: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                f"#/components/schemas/{prefix}.{v.removeprefix('#/$defs/')}"
                if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/")
                else _rewrite(prefix, v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(prefix, v) for v in value]
    return value


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


_PROBLEMS = {
    "type": "object",
    "required": ["detail", "problems"],
    "properties": {
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {"type": "string"},
            "description": "one message per field at fault, as the CLI prints them",
        },
    },
}

#: What any endpoint may answer besides its own (docs/serve.md, Refusals).
_ANY = {
    "400": {
        "description": "the request is malformed (a Content-Length that is not a number), or "
        "the Host header is not one of a loopback server's own names (DNS rebinding)",
        "content": _json("problems"),
    },
    "405": {"description": "the wrong method for the endpoint", "content": _json("problems")},
    "500": {
        "description": "the engine or the service failed; the message names no patient data",
        "content": _json("problems"),
    },
    "503": {
        "description": "the server stopped (Ctrl-C) with the request still open",
        "content": _json("problems"),
    },
}

_REFUSED = {
    **_ANY,
    "408": {"description": "the body did not arrive within 30 s", "content": _json("problems")},
    "413": {"description": "the body is larger than 8 MiB", "content": _json("problems")},
    "415": {"description": "the body is not application/json", "content": _json("problems")},
    "422": {
        "description": "invalid input: the CLI's field-pathed messages",
        "content": _json("problems"),
    },
}


def _query(name: str, description: str, schema: dict[str, Any], many: bool = False) -> Any:
    if many:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **({"style": "form", "explode": True} if many else {}),
    }


def _options() -> list[dict[str, Any]]:
    readings = "; ".join(f"{k}={'|'.join(v)}" for k, v in core.Readings.options().items())
    return [
        _query(
            "criteria",
            "criteria set to report (repeatable; default: all three), as --criteria",
            {"type": "string", "enum": list(core.CRITERIA)},
            many=True,
        ),
        _query(
            "reading",
            f"a disputed reading of A.3.4, OPTION=VALUE (repeatable), as --reading: {readings}",
            {"type": "string", "pattern": "^[a-z_-]+=[a-z-]+$"},
            many=True,
        ),
        _query(
            "no_plan",
            "leave out the repeat-testing plan (faster), as --no-plan",
            {"type": "boolean", "default": False},
        ),
    ]


def _get(summary: str, answer: dict[str, Any]) -> Any:
    return {"get": {"summary": summary, "responses": {"200": answer, **_ANY}}}


def _object(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _post(summary: str, body: str, answer: dict[str, Any], params: list[Any]) -> Any:
    return {
        "post": {
            "summary": summary,
            "parameters": params,
            "requestBody": {"required": True, "content": _json(body)},
            "responses": {"200": answer, **_REFUSED},
        }
    }


@cache
def openapi() -> dict[str, Any]:
    components: dict[str, Any] = {"problems": _PROBLEMS}
    for name, prefix in _DOCUMENTS.items():
        components.update(lift(prefix, core.SCHEMAS[name]()))
    header = [
        _query(
            name,
            f"chart header ({name}); on the page only (the page sends it in the "
            "form body, not the URL)",
            {"type": "string"},
        )
        for name in ("patient_name", "dob", "record", "study_date", "examiner", "referrer")
    ]
    report_params = [
        _options()[1],
        _query(
            "date",
            "the page's date when the case records none (YYYY-MM-DD)",
            {"type": "string", "format": "date"},
        ),
        _query("audit", "print the audit section too", {"type": "boolean", "default": False}),
        *header,
    ]
    paths = {
        "/api/evaluate": _post(
            "one case under the criteria sets: evaluate_all's JSON with the plan",
            "case",
            {"description": "one Assessment per criteria set", "content": _json("results")},
            _options(),
        ),
        "/api/history": _post(
            "a patient history: evaluate_history's JSON",
            "history",
            {"description": "the history's result", "content": _json("history_result")},
            _options(),
        ),
        "/api/report": {
            "post": {
                "summary": "the chart page (HTML) for a case or a history",
                "parameters": report_params,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"oneOf": [_ref("case"), _ref("history")]}},
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "description": "the page's form post: the case or history "
                                "as JSON text in `document`, and the options above as "
                                "fields beside it (so the chart header is in no URL)",
                                "required": ["document"],
                                "properties": {
                                    "document": {"type": "string"},
                                    **{p["name"]: p["schema"] for p in report_params},
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "a self-contained HTML page",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                    **_REFUSED,
                },
            }
        },
        "/api/schema/{name}": {
            "get": {
                "summary": "a published JSON Schema",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(core.SCHEMAS)},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "the schema",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "404": {"description": "no such schema", "content": _json("problems")},
                    **_ANY,
                },
            }
        },
        "/api/health": _get(
            "the package and rules versions and the engine in use",
            _object("`{status, package_version, rules_version, engine}`"),
        ),
        "/api/view": {
            "post": {
                "summary": "the page's live result: for a case, the chart page's content in "
                "words with its body map (SVG) and the case as read; for a history, its "
                "timeline in words. Made for the page, which shows it as it is: its fields "
                "may change with the chart page's",
                "parameters": [
                    _options()[1],
                    _query(
                        "date",
                        "the page's date when the case records none (YYYY-MM-DD)",
                        {"type": "string", "format": "date"},
                    ),
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"oneOf": [_ref("case"), _ref("history")]}}
                    },
                },
                "responses": {
                    "200": {
                        "description": "the view, `kind` saying which",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["kind"],
                                    "properties": {"kind": {"enum": ["case", "history"]}},
                                }
                            }
                        },
                    },
                    **_REFUSED,
                },
            }
        },
        "/api/vocabulary": _get(
            "what the page's form offers, from the package: the regions with their signs, "
            "the sign labels, the muscle catalogue with aliases, and the readings in words",
            _object("the vocabulary"),
        ),
        "/api/openapi.json": _get(
            "this description (OpenAPI 3.1)", _object("the OpenAPI description")
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "alscriteria",
            "version": core.__version__,
            "description": "The ALS diagnostic criteria (revised El Escorial, Awaji-shima, "
            "Gold Coast) as a local service: the same engine and messages as the CLI. "
            "Nothing is stored.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": components},
    }


__all__ = ["lift", "openapi"]
