"""`alscriteria serve`'s JSON API (issue 26) against the real application, through starlette's
TestClient: the library's contract over HTTP, the CLI's messages for every kind of input the
CLI refuses, the limits, the security headers, an access log without patient data, and the
`serve` command itself (the missing extra, the warning for a non-local address).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import logging
import re
import socket
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the web stack is the extra: pip install '.[serve]'")
pytest.importorskip("httpx", reason="starlette's TestClient needs httpx (the test extra)")

with warnings.catch_warnings():  # starlette 1.x suggests the httpx fork; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import alscriteria
from alscriteria.anatomy.catalogue import alias_form, muscle_aliases, resolve_muscle
from alscriteria.anatomy.vocabulary import words
from alscriteria.case.studies import CATALOGUE_HINT as CLI_CATALOGUE_HINT
from alscriteria.cli import app as cli_app
from alscriteria.cohort import published as schemas
from alscriteria.history import evaluate_history
from alscriteria.report import ChartHeader, case_report, history_report
from alscriteria.web import app as web_app
from alscriteria.web import views
from alscriteria.web.app import create_app
from alscriteria.web.guard import PAGE_POLICY, REPORT_POLICY
from alscriteria.web.inputs import MAX_BODY_BYTES
from strategies import any_cases, examples

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*.json") if "visits" not in json.loads(p.read_text()))
HISTORIES = sorted(p for p in EXAMPLES.glob("history-*.json"))
JSON = {"content-type": "application/json"}
DAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def _post(client: TestClient, path: str, body: str | bytes, **params: Any) -> Any:
    return client.post(path, content=body, headers=JSON, params=params)


# --- the contract: the library's JSON --------------------------------------------------------


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_evaluate_answers_evaluate_all_json_with_the_plan(client: TestClient, path: Path) -> None:
    data = json.loads(path.read_text())
    answer = _post(client, "/api/evaluate", path.read_text())
    assert answer.status_code == 200
    expected = {
        k: v.model_dump(mode="json") for k, v in alscriteria.evaluate_all(data, plan=True).items()
    }
    assert answer.json() == expected
    assert all(result["plan"] is not None for result in answer.json().values())


def test_criteria_and_reading_query_options_are_the_cli_options(client: TestClient) -> None:
    text = (EXAMPLES / "possible.json").read_text()
    answer = client.post(
        "/api/evaluate?criteria=revised-el-escorial&criteria=awaji&reading=probable=aggregate&no_plan=1",
        content=text,
        headers=JSON,
    )
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["revised-el-escorial", "awaji"]
    expected = alscriteria.evaluate_all(
        json.loads(text), {"probable": "aggregate"}, criteria=("revised-el-escorial", "awaji")
    )
    assert body == {k: v.model_dump(mode="json") for k, v in expected.items()}
    assert body["awaji"]["readings"]["probable"] == "aggregate"
    assert body["awaji"]["plan"] is None


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: p.stem)
def test_history_answers_evaluate_history_json(client: TestClient, path: Path) -> None:
    answer = _post(client, "/api/history", path.read_text())
    assert answer.status_code == 200
    assert answer.json() == evaluate_history(json.loads(path.read_text())).model_dump(mode="json")


def test_report_is_the_chart_page_for_a_case_and_for_a_history(client: TestClient) -> None:
    case_text = (EXAMPLES / "definite.json").read_text()
    case = json.loads(case_text)
    page = client.post(
        "/api/report",
        content=case_text,
        headers=JSON,
        params={"date": "2026-01-15", "patient_name": "Ada Example", "study_date": "2026-01-10"},
    )
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    header = ChartHeader(patient_name="Ada Example", study_date=dt.date(2026, 1, 10))
    assert page.text == case_report(case, alscriteria.evaluate_all(case, plan=True), DAY, header)
    assert page.headers["content-security-policy"] == REPORT_POLICY
    history_text = (EXAMPLES / "history-limb-onset.json").read_text()
    history = json.loads(history_text)
    hpage = _post(client, "/api/report", history_text)
    assert hpage.status_code == 200
    assert hpage.text == history_report(history, evaluate_history(history, plan=True))


def test_the_page_posts_the_chart_page_as_a_form(client: TestClient) -> None:
    """The page's "chart page" button is a form post (a new tab the browser can print)."""
    case_text = (EXAMPLES / "possible.json").read_text()
    answer = client.post(
        "/api/report?date=2026-01-15",
        data={"document": case_text},
    )
    assert answer.status_code == 200
    case = json.loads(case_text)
    assert answer.text == case_report(case, alscriteria.evaluate_all(case, plan=True), DAY)


def test_the_page_posts_the_chart_header_in_the_form_not_the_url(client: TestClient) -> None:
    """The header is the patient's: in the page's form post it travels in the body."""
    case_text = (EXAMPLES / "possible.json").read_text()
    fields = {
        "document": case_text,
        "patient_name": "Ada Example",
        "record": "MRN-77",
        "date": "2026-01-15",
        "study_date": "2026-01-10",
        "reading": "probable=aggregate",
    }
    answer = client.post("/api/report", data=fields)
    assert answer.status_code == 200
    case = json.loads(case_text)
    header = ChartHeader(
        patient_name="Ada Example", record_number="MRN-77", study_date=dt.date(2026, 1, 10)
    )
    results = alscriteria.evaluate_all(case, {"probable": "aggregate"}, plan=True)
    assert answer.text == case_report(case, results, DAY, header)


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        (
            "/api/evaluate",
            {"critera": "awaji"},
            "'critera': not an option of this endpoint (did you mean 'criteria'?); "
            "options: criteria, reading, no_plan",
        ),
        (
            "/api/view",
            {"no_plan": "true"},
            "'no_plan': not an option of this endpoint; options: reading, date",
        ),
        (
            "/api/evaluate",
            [("no_plan", "true"), ("no_plan", "false")],
            "no_plan: given twice, as 'true' and 'false'; give it once, with the value meant",
        ),
        (
            "/api/report",
            [("date", "2026-01-15"), ("date", "2026-02-01")],
            "date: given twice, as '2026-01-15' and '2026-02-01'; give it once, with the value "
            "meant",
        ),
    ],
)
def test_unknown_and_conflicting_options_are_refused(
    client: TestClient, path: str, params: Any, message: str
) -> None:
    """Silently ignored before: `critera=awaji` answered all three sets, a second `no_plan`
    won. The CLI refuses an unknown option; so does the API."""
    answer = client.post(path, content=b"{}", headers=JSON, params=params)
    assert answer.status_code == 422
    assert answer.json() == {"detail": "invalid input", "problems": [message]}


def test_an_option_given_twice_alike_and_repeatable_ones_are_read(client: TestClient) -> None:
    params = [
        ("no_plan", "true"),
        ("no_plan", "true"),
        ("criteria", "awaji"),
        ("criteria", "gold-coast"),
    ]
    answer = client.post("/api/evaluate", content=b"{}", headers=JSON, params=params)
    assert answer.status_code == 200
    assert sorted(answer.json()) == ["awaji", "gold-coast"]
    assert all(result["plan"] is None for result in answer.json().values())
    # a form option that contradicts the query is refused as a second value
    form = client.post("/api/report?date=2026-01-15", data={"document": "{}", "date": "2026-01-16"})
    assert form.status_code == 422 and "date: given twice" in form.json()["problems"][0]


def test_a_form_post_elsewhere_is_refused_as_the_wrong_content_type(client: TestClient) -> None:
    answer = client.post("/api/evaluate", data={"document": "{}"})
    assert answer.status_code == 415
    assert "application/json" in answer.json()["problems"][0]


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_every_published_schema_is_served(client: TestClient, name: str) -> None:
    answer = client.get(f"/api/schema/{name}")
    assert answer.status_code == 200
    assert answer.json() == schemas.SCHEMAS[name]()


def test_an_unknown_schema_names_the_schemas(client: TestClient) -> None:
    answer = client.get("/api/schema/cases")
    assert answer.status_code == 404
    assert "case, assessment, results, history" in answer.json()["problems"][0]


def test_health_names_the_versions_and_the_engine(client: TestClient) -> None:
    body = client.get("/api/health").json()
    engine = alscriteria.engine_in_use()
    assert body["package_version"] == alscriteria.__version__
    result = alscriteria.evaluate_all({}, criteria=("awaji",))["awaji"]
    assert body["rules_version"] == result.rules_version
    assert body["engine"] == {"name": engine.name, "version": engine.version}


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, sub in value.items():
            if key == "$ref":
                yield sub
            else:
                yield from _refs(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _refs(sub)


def test_openapi_describes_every_endpoint_with_the_published_schemas(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    # every route of the API is described (the page's own too), and every answer the
    # service gives besides the endpoint's own (docs/serve.md: it "describes it all")
    routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}  # type: ignore[attr-defined]
    assert set(doc["paths"]) == routes
    assert {"/api/view", "/api/vocabulary", "/api/openapi.json"} <= routes
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            answers = set(operation["responses"])
            assert {"200", "400", "405", "500"} <= answers, (path, answers)
            if method == "post":
                assert {"413", "415", "422"} <= answers, path
    components = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/") and ref.split("/")[-1] in components, ref
    # the request body of evaluate is the published case schema, its $defs lifted beside it
    case = alscriteria.case_schema()
    assert components["case"]["properties"].keys() == case["properties"].keys()
    assert {f"case.{name}" for name in case["$defs"]} <= set(components)
    evaluate = doc["paths"]["/api/evaluate"]["post"]
    assert evaluate["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/case"
    }
    assert {p["name"] for p in evaluate["parameters"]} == {"criteria", "reading", "no_plan"}


def test_openapi_schemas_validate_what_the_api_answers(client: TestClient) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/api/openapi.json").json()
    text = (EXAMPLES / "definite.json").read_text()
    results = _post(client, "/api/evaluate", text).json()
    schema = {**doc["components"]["schemas"]["results"], "components": doc["components"]}
    jsonschema.Draft202012Validator(schema).validate(results)
    case_schema = {**doc["components"]["schemas"]["case"], "components": doc["components"]}
    jsonschema.Draft202012Validator(case_schema).validate(json.loads(text))


# --- bad input: the CLI's refusals, word for word ----------------------------------------


#: Documents the CLI refuses, each as the file's bytes.
REFUSED: dict[str, bytes] = {
    "repeated key": b'{"id": "P-1", "id": "P-2"}',
    "repeated nested key": b'{"regions": {"cervical": {"lmn_signs": ["weakness"]}, "cervical": {}}}',
    "sign misspelt": b'{"regions": {"lumbosacral": {"umn_signs": ["babinsky"]}}}',
    "sign outside its region": b'{"regions": {"bulbar": {"umn_signs": ["babinski"]}}}',
    "bad side": b'{"emg": [{"muscle": "FDI", "side": "up"}]}',
    "unknown muscle": b'{"emg": [{"muscle": "first dorsal interosseus"}]}',
    "bad tri-state": b'{"progression": "maybe"}',
    "alternative beside exclusion": b'{"other_causes_excluded": true, "alternative_diagnosis": "MMN"}',
    "not an object": b"[1, 2]",
    "NaN": b'{"id": NaN}',
    "not JSON": b'{"id": ',
    "not UTF-8": b'{"id": "\xff"}',
    "UTF-16": '{"id": "x"}'.encode("utf-16"),
    "nested too deeply": b"[" * 100_000 + b"]" * 100_000,
    "unknown field": b'{"progresion": true}',
}


def _cli_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, *options: str
) -> list[str]:
    """What `alscriteria evaluate FILE` prints for the file, as the API words it: the file's
    path is "request body", and an invalid case is one message per field."""
    path = tmp_path / "case.json"
    path.write_bytes(data)
    assert cli_app.main(["evaluate", str(path), "--json", *options]) == 2
    said = capsys.readouterr().err.removeprefix("alscriteria evaluate: ").rstrip("\n")
    # the path is "request body"; the CLI's `alscriteria muscles` the service's own listing
    said = said.replace(str(path), "request body")
    said = said.replace(CLI_CATALOGUE_HINT, web_app.CATALOGUE_HINT)
    if said.startswith("invalid case:\n"):
        return [line.removeprefix("  - ") for line in said.splitlines()[1:]]
    return [said]


@pytest.mark.parametrize("name", list(REFUSED))
def test_what_the_cli_refuses_the_api_refuses_with_the_same_messages(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    answer = _post(client, "/api/evaluate", REFUSED[name])
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["problems"] == _cli_problems(capsys, tmp_path, REFUSED[name])
    assert "Traceback" not in answer.text


def test_a_bad_enum_value_names_the_allowed_values(client: TestClient) -> None:
    problems = _post(client, "/api/evaluate", REFUSED["sign misspelt"]).json()["problems"]
    assert problems == [
        "regions.lumbosacral.umn_signs[0]: 'babinsky' is not a UMN sign (did you mean "
        "'babinski'?); allowed: " + ", ".join(words("umn_signs"))
    ]


def test_a_bad_reading_is_refused_as_the_cli_refuses_it(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer = _post(client, "/api/evaluate", b"{}", reading="probable=sometimes")
    assert answer.status_code == 422
    assert answer.json()["problems"] == _cli_problems(
        capsys, tmp_path, b"{}", "--reading", "probable=sometimes"
    )
    assert "allowed: separate, aggregate" in answer.json()["problems"][0]
    twice = client.post(
        "/api/evaluate?reading=probable=separate&reading=probable=aggregate",
        content=b"{}",
        headers=JSON,
    )
    assert twice.status_code == 422
    assert "given twice" in twice.json()["problems"][0]


def test_an_unknown_criteria_set_names_the_sets(client: TestClient) -> None:
    answer = _post(client, "/api/evaluate", b"{}", criteria="el-escorial")
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        "criteria: 'el-escorial' is not a criteria set; allowed: revised-el-escorial, awaji, gold-coast"
    ]


def test_a_bad_history_is_refused_with_the_field_named(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = b'{"visits": [{"date": "2024-02-30", "case": {}}]}'
    answer = _post(client, "/api/history", bad)
    assert answer.status_code == 422
    path = tmp_path / "history.json"
    path.write_bytes(bad)
    assert cli_app.main(["timeline", str(path), "--json"]) == 2
    said = capsys.readouterr().err
    assert answer.json()["problems"]
    for problem in answer.json()["problems"]:
        assert problem in said
    assert "visits[0].date" in answer.json()["problems"][0]


def test_a_history_sent_as_a_case_names_the_endpoint_that_reads_it(client: TestClient) -> None:
    answer = _post(client, "/api/evaluate", (EXAMPLES / "history-limb-onset.json").read_bytes())
    assert answer.status_code == 422
    assert "/api/history" in answer.json()["problems"][0]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_the_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    answer = client.post("/api/evaluate", content=b"{}", headers=headers)
    assert answer.status_code == 415
    assert answer.json()["problems"][0].endswith("send the document as application/json")


def test_a_json_content_type_with_a_charset_is_json(client: TestClient) -> None:
    answer = client.post(
        "/api/evaluate", content=b"{}", headers={"content-type": "application/json; charset=utf-8"}
    )
    assert answer.status_code == 200


def test_a_body_over_8_mib_is_413_whether_declared_or_streamed(client: TestClient) -> None:
    big = b'{"id": "' + b"x" * MAX_BODY_BYTES + b'"}'
    declared = _post(client, "/api/evaluate", big)
    assert declared.status_code == 413
    assert declared.json()["problems"] == ["request body: larger than 8 MiB; not a case file"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the reader must stop at the limit
        for start in range(0, len(big), 1 << 20):
            yield big[start : start + (1 << 20)]

    streamed = client.post("/api/evaluate", content=chunks(), headers=JSON)
    assert streamed.status_code == 413


def test_an_empty_body_is_refused(client: TestClient) -> None:
    answer = _post(client, "/api/evaluate", b"  ")
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["request body: empty; send one JSON object"]


def test_a_failure_answers_500_without_a_traceback_or_the_data(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("P-SECRET-7 could not be read")

    monkeypatch.setattr(views, "evaluate_payload", broken)
    answer = _post(client, "/api/evaluate", b'{"id": "P-SECRET-7"}')
    assert answer.status_code == 500
    assert "P-SECRET-7" not in answer.text and "Traceback" not in answer.text
    assert answer.json()["problems"] == [
        "the service could not answer (RuntimeError); nothing was stored"
    ]


def test_unknown_paths_and_methods_answer_json(client: TestClient) -> None:
    assert client.get("/api/nothing").status_code == 404
    wrong = client.get("/api/evaluate")
    assert wrong.status_code == 405 and wrong.json()["problems"] == ["GET /api/evaluate"]


# --- headers, CORS, the access log ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/health", "/static/app.js", "/api/nothing"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert policy == PAGE_POLICY
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert not re.search(r"https?:|\*", policy), "no external origin is allowed"
    assert headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in headers


def test_the_chart_page_runs_no_script_and_allows_no_origin(client: TestClient) -> None:
    page = _post(client, "/api/report", (EXAMPLES / "possible.json").read_bytes())
    policy = page.headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert not re.search(r"https?:|\*", policy)
    assert "<script" not in page.text


def test_no_cors_unless_an_origin_is_named() -> None:
    origin = "http://127.0.0.1:9000"
    asked = {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    with TestClient(create_app()) as plain:
        assert (
            "access-control-allow-origin"
            not in plain.get("/api/health", headers={"origin": origin}).headers
        )
        assert (
            "access-control-allow-origin"
            not in plain.options("/api/evaluate", headers=asked).headers
        )
    with TestClient(create_app(cors_origin=origin)) as shared:
        assert (
            shared.get("/api/health", headers={"origin": origin}).headers[
                "access-control-allow-origin"
            ]
            == origin
        )
        other = shared.get("/api/health", headers={"origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert shared.options("/api/evaluate", headers=asked).status_code == 200


def test_the_access_log_has_method_path_status_and_time_only(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="alscriteria.web.access"):
        _post(client, "/api/report", b'{"id": "P-SECRET-9"}', patient_name="Ada Secret")
        _post(client, "/api/evaluate", b'{"id": "P-SECRET-9", "id": "x"}')
    lines = [r.getMessage() for r in caplog.records if r.name == "alscriteria.web.access"]
    assert len(lines) == 2
    assert re.fullmatch(r"POST /api/report 200 \d+\.\d ms", lines[0])
    assert re.fullmatch(r"POST /api/evaluate 422 \d+\.\d ms", lines[1])
    assert not any("SECRET" in line or "Secret" in line for line in caplog.text.splitlines())


def test_a_local_server_answers_no_other_host_name() -> None:
    from alscriteria.web.server import allowed_hosts

    local = create_app(allowed_hosts=allowed_hosts("127.0.0.1"))
    with TestClient(local, base_url="http://127.0.0.1:8765") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "localhost:8765"}).status_code == 200
        rebound = c.post("/api/evaluate", content=b"{}", headers={**JSON, "host": "evil.example"})
        assert rebound.status_code == 400
        assert rebound.headers["x-content-type-options"] == "nosniff"
        # the API's own shape, not a plain-text line
        assert rebound.headers["content-type"] == "application/json"
        assert rebound.json() == {
            "detail": "invalid host header",
            "problems": [
                "Host: this server answers only to its own names (127.0.0.1, ::1, localhost)"
            ],
        }
    assert allowed_hosts("0.0.0.0") is None
    assert allowed_hosts("192.168.1.20") is None


@pytest.mark.parametrize("listen", ["::1", "[::1]", "localhost", "127.0.0.1", "127.0.0.2"])
def test_every_loopback_address_is_guarded_against_dns_rebinding(listen: str) -> None:
    """`--host ::1` answered any Host before: a rebinding page could read the API."""
    from alscriteria.web.server import allowed_hosts

    allowed = allowed_hosts(listen)
    assert allowed is not None
    with TestClient(create_app(allowed_hosts=allowed), base_url="http://[::1]:8765") as c:
        for own in ("[::1]:8765", "[::1]", "localhost:8765", "127.0.0.1", "LOCALHOST"):
            assert c.get("/api/health", headers={"host": own}).status_code == 200, own
        for other in (
            "evil.example",
            "evil.example:8765",
            "[::2]:8765",
            "[::1]x",
            "::1:80",
            "localhost.evil.example",
            "localhost:80:80",
            "",
        ):
            answer = c.get("/api/health", headers={"host": other})
            assert answer.status_code == 400, other
            assert answer.json()["detail"] == "invalid host header"


def test_the_server_runs_uvicorn_without_its_access_log(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from alscriteria.web import server

    seen: dict[str, Any] = {}

    def fake_run(self: uvicorn.Server, sockets: list[Any]) -> None:
        seen["config"], seen["port"] = self.config, sockets[0].getsockname()[1]
        sockets[0].close()

    for name in ("alscriteria.web.access", "alscriteria.web"):  # run() sets them up
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        monkeypatch.setattr(logger, "propagate", logger.propagate)
        monkeypatch.setattr(logger, "level", logger.level)
    opened: list[str] = []
    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    monkeypatch.setattr(server.webbrowser, "open", opened.append)
    monkeypatch.setattr(server.threading, "Timer", lambda delay, f, args: _Now(f, args))
    server.run("127.0.0.1", 0, True, None)
    config = seen["config"]
    assert config.access_log is False and config.server_header is False
    assert opened == [f"http://127.0.0.1:{seen['port']}/"]


class _Now:
    def __init__(self, function: Any, args: tuple[Any, ...]) -> None:
        self.function, self.args = function, args

    def start(self) -> None:
        self.function(*self.args)


# --- the page's own endpoints ------------------------------------------------------------


def test_the_view_is_the_chart_pages_content_and_body_map(client: TestClient) -> None:
    text = (EXAMPLES / "definite.json").read_text()
    view = _post(client, "/api/view", text, date="2026-01-15").json()
    case = json.loads(text)
    page = case_report(case, alscriteria.evaluate_all(case, plan=True), DAY)
    assert view["kind"] == "case"
    assert view["bodymap"].startswith('<figure class="map">') and view["bodymap"] in page
    assert [v["words"] for v in view["verdicts"]] == [
        "Definite ALS",
        "Definite ALS",
        "ALS (criteria met)",
    ]
    assert view["phenotype"]["text"].startswith("Classic")


def test_the_view_carries_the_case_as_the_case_reader_read_it(client: TestClient) -> None:
    """The page fills its form from `case`, so a word the CLI accepts is what the CLI reads."""
    case = json.loads((EXAMPLES / "definite.json").read_text())
    case["emg"][0]["muscle"] = "FDI"
    worded = case | {
        "progression": "Yes",
        "other_causes_excluded": " TRUE ",
        "motor_symptoms": "no",
    }
    view = _post(client, "/api/view", json.dumps(worded)).json()
    read = view["case"]
    assert (read["progression"], read["other_causes_excluded"], read["motor_symptoms"]) == (
        True,
        True,
        False,
    )
    assert read["emg"][0]["muscle"] == "first_dorsal_interosseous"
    assert "alternative_diagnosis" not in read and "contraindications" not in read
    assert alscriteria.parse_case(read) == alscriteria.parse_case(worded)


@settings(max_examples=examples(60), deadline=None)
@given(case=any_cases, word=st.sampled_from(["Yes", " TRUE ", "no", "False", "UNKNOWN"]))
def test_the_case_the_view_carries_is_the_case_read(case: dict[str, Any], word: str) -> None:
    """Every case, with a yes/no answer in words: what the page is given to fill its form
    is the very case the engine assessed (only what the file gave, nothing added)."""
    worded = case | {"progression": word}
    read = views.read_case(alscriteria.parse_case(worded))
    assert alscriteria.parse_case(read) == alscriteria.parse_case(worded)
    assert set(read) <= set(worded)


def test_the_view_of_a_history_is_its_timeline(client: TestClient) -> None:
    text = (EXAMPLES / "history-limb-onset.json").read_text()
    view = _post(client, "/api/view", text).json()
    result = evaluate_history(json.loads(text))
    assert view["kind"] == "history"
    assert [row["date"] for row in view["visits"]] == [v.date.isoformat() for v in result.visits]
    assert [c["category"] for c in view["visits"][-1]["cells"]] == [
        a.category.value for a in result.visits[-1].results.values()
    ]


def test_the_vocabulary_resolves_every_name_the_case_reader_accepts(client: TestClient) -> None:
    vocab = client.get("/api/vocabulary").json()
    names = vocab["names"]
    assert names[alias_form("FDI")] == "first_dorsal_interosseous"
    assert names[alias_form("tib ant")] == "tibialis_anterior"
    for key, aliases in muscle_aliases().items():
        for alias in aliases:
            assert names[alias_form(alias)] == resolve_muscle(alias) == key
    for muscle in vocab["muscles"]:
        assert names[alias_form(muscle["name"])] == muscle["key"]
    bulbar = next(r for r in vocab["regions"] if r["id"] == "bulbar")
    assert "jaw_jerk" in bulbar["umn_signs"] and "babinski" not in bulbar["umn_signs"]


def test_the_vocabulary_words_every_reading_as_the_cli_and_the_chart_page_do(
    client: TestClient,
) -> None:
    """Each option's title is the wording the CLI and the chart page use; each value has its
    meaning, read as English (no option name, no code word); the names stay the values."""
    from alscriteria import wording
    from alscriteria.wording.readings import READING_VALUE
    from wording_helpers import problems

    vocab = client.get("/api/vocabulary").json()
    options = alscriteria.Readings.options()
    assert vocab["readings"] == {k: list(v) for k, v in options.items()}
    assert set(vocab["reading_words"]) == set(options)
    for option, values in options.items():
        words = vocab["reading_words"][option]
        assert words["title"] == wording.READING[option]
        assert list(words["values"]) == list(values)
        for value in values:
            said = words["values"][value]
            assert said == READING_VALUE[option][value]
            assert value not in said or value.isalpha(), (option, value)
            assert problems(said) == [], said
    assert set(READING_VALUE) == set(options)


def test_the_page_and_its_assets_load_nothing_from_elsewhere(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    static = ROOT / "src" / "alscriteria" / "web" / "static"
    for path in static.iterdir():
        text = client.get(f"/static/{path.name}").text
        assert text == path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path.name
    scripts = re.findall(r"<script\b[^>]*>", index.text)
    assert scripts and all('src="/static/' in tag for tag in scripts), "no inline script"
    assert "style=" not in index.text, "no inline style (the policy refuses it)"


def test_the_static_assets_are_package_data() -> None:
    """A wheel (CI's 3.12 run installs one) carries every file the page needs."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]["alscriteria.web"]
    static = ROOT / "src" / "alscriteria" / "web" / "static"
    for path in static.iterdir():
        assert any(fnmatch.fnmatch(f"static/{path.name}", p) for p in patterns), path.name


def test_only_the_web_package_imports_the_web_stack() -> None:
    src = ROOT / "src" / "alscriteria"
    for path in src.rglob("*.py"):
        if "web" in path.relative_to(src).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (starlette|uvicorn)\b", text, re.M), path


# --- the command -------------------------------------------------------------------------


def test_serve_without_the_extra_names_the_command_that_adds_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import alscriteria.web as web

    monkeypatch.setattr(web, "find_spec", lambda name: None if name == "starlette" else object())
    assert cli_app.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'alscriteria[serve]'" in err and "Traceback" not in err


def _record_run(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    from alscriteria.web import server

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(server, "run", lambda *args: calls.append(args))
    # a name resolves on the clinic's network, not in a test's sandbox; .invalid never does
    monkeypatch.setattr(server, "resolvable", lambda host: not host.endswith(".invalid"))
    return calls


def test_serve_listens_on_localhost_unless_told_and_warns_when_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _record_run(monkeypatch)
    assert cli_app.main(["serve", "--port", "0"]) == 0
    assert calls[-1] == ("127.0.0.1", 0, False, None)
    assert "warning" not in capsys.readouterr().err
    assert (
        cli_app.main(["serve", "--host", "0.0.0.0", "--cors-origin", "http://emg.local:8080/"]) == 0
    )
    assert calls[-1] == ("0.0.0.0", 8765, False, "http://emg.local:8080")
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0" in err and "unencrypted" in err


@pytest.mark.parametrize(
    ("host", "warned"),
    [
        ("127.0.0.2", False),  # all of 127.0.0.0/8 is this machine
        ("LOCALHOST", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("192.168.1.5", True),
        ("emg-laptop.local", True),
    ],
)
def test_serve_warns_for_every_address_other_machines_can_reach_and_for_no_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str, warned: bool
) -> None:
    calls = _record_run(monkeypatch)
    assert cli_app.main(["serve", "--host", host]) == 0
    assert calls[-1][0] == host
    assert ("warning: listening on" in capsys.readouterr().err) is warned


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--port", "70000"], "--port 70000: not a port"),
        (["--cors-origin", "*"], "--cors-origin '*': not an origin"),
        (["--cors-origin", "http://a.example/path"], "not an origin"),
    ],
)
def test_serve_refuses_bad_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    calls = _record_run(monkeypatch)
    assert cli_app.main(["serve", *args]) == 2
    assert said in capsys.readouterr().err
    assert not calls


def test_a_port_in_use_is_said_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli_app.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err


def test_the_app_module_reaches_the_core_only_through_its_door() -> None:
    """web/ imports the rest of alscriteria through web/core.py (and the public errors)."""
    web = ROOT / "src" / "alscriteria" / "web"
    for path in web.glob("*.py"):
        if path.name == "core.py":
            continue
        for module in re.findall(r"^\s*from (alscriteria\.[\w.]+) import", path.read_text(), re.M):
            assert module.startswith("alscriteria.web") or module == "alscriteria.errors", (
                path,
                module,
            )
    assert web_app.create_app is create_app


@pytest.mark.parametrize(
    "block", [{"nerve": "ulnar", "segment": ""}, {"nerve": " ", "segment": "forearm"}]
)
def test_a_half_filled_conduction_block_is_refused(
    client: TestClient, block: dict[str, str]
) -> None:
    """A block with no nerve or no segment named raised the MMN red flag on what nobody
    recorded (the session 13 hostile test: a page row with only the nerve typed)."""
    case = {"id": "cb", "nerve_conduction": {"conduction_block": [block]}}
    answer = client.post("/api/evaluate", json=case)
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["problems"]
    assert problem.startswith("nerve_conduction.conduction_block[0].")
    assert "is empty; name the" in problem and "or leave the block out" in problem


def test_refusals_name_json_kinds_and_the_services_own_catalogue_listing(
    client: TestClient,
) -> None:
    """Session 13: no Python type names, no Python advice, no CLI command on the service."""
    for body, kind in ((b"null", "null"), (b"[]", "an array"), (b'"hi"', "a string")):
        said = _post(client, "/api/evaluate", body).json()["problems"]
        assert said == [f"case: expected a JSON object (the case's fields in braces), got {kind}"]
    huge = _post(client, "/api/evaluate", b'{"progression": ' + b"1" * 5001 + b"}").json()
    assert "a number of more than 4,300 digits" in huge["problems"][0]
    assert "sys." not in huge["problems"][0]
    outside = b'{"emg": [{"muscle": "rhomboid minor"}]}'
    [msg] = _post(client, "/api/evaluate", outside).json()["problems"]
    assert msg.endswith(
        "(missing: region, roots, nerve); GET /api/vocabulary lists the catalogue (on the "
        "page, its names are offered as a muscle is typed)"
    )
    assert "alscriteria muscles" not in msg


def test_the_view_lists_the_prerequisites_apart_from_the_alternative_rules(
    client: TestClient,
) -> None:
    """A.3: every prerequisite is required, the rules are alternatives; one list under "the
    prerequisites, and any one of:" read as if a prerequisite were one of the patterns."""
    view = _post(client, "/api/view", b"{}", date="2026-01-15").json()
    for shown in view["criteria"]:
        parts = shown["missing_parts"]
        assert parts["prerequisites_title"] == "the prerequisites, each required:"
        assert parts["rules_title"] == "and any one of:"
        assert parts["prerequisites"] == [m["text"] for m in shown["missing"][:2]]
        assert parts["rules"] == [m["text"] for m in shown["missing"][2:]]
        assert all(p.startswith("Prerequisite: ") for p in parts["prerequisites"])
    # met prerequisites: the rules alone, under the title's own words
    view = _post(
        client, "/api/view", b'{"progression": true, "other_causes_excluded": true}'
    ).json()
    parts = view["criteria"][0]["missing_parts"]
    assert parts["prerequisites"] == [] and parts["rules_title"] == "any one of:"
    assert view["criteria"][0]["missing_title"] == "Missing for Possible ALS: any one of:"


def _asgi(
    app: Any, target: str, host: str, body: bytes = b"{}", receive: Any = None
) -> tuple[int, bytes]:
    """One request as uvicorn hands an absolute-form target to the app (the target as the
    path, unsplit), answered without a socket."""
    import asyncio

    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", host.encode()), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    sent: list[dict[str, Any]] = []

    async def whole() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive or whole, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_an_absolute_form_request_target_is_read_as_its_path_and_host() -> None:
    """RFC 9112 3.2.2: `POST http://127.0.0.1:8765/api/evaluate` is the path it names (it was
    404, "/http://127.0.0.1/...: no such page"), and its authority is the Host the DNS
    rebinding guard checks, whatever the Host header says."""
    from alscriteria.web.server import allowed_hosts

    app = create_app(allowed_hosts=allowed_hosts("127.0.0.1"))
    status, body = _asgi(app, "http://127.0.0.1:8765/api/evaluate?no_plan=true", "127.0.0.1")
    assert status == 200
    assert all(result["plan"] is None for result in json.loads(body).values())
    status, body = _asgi(app, "HTTP://evil.example/api/evaluate", "127.0.0.1:8765")
    assert status == 400 and b"invalid host header" in body
    status, _ = _asgi(app, "/api/evaluate", "127.0.0.1")
    assert status == 200


def test_a_client_gone_or_stalled_mid_body_is_no_failure_of_the_service(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Session 13: a client that disconnected mid-body was logged as a 500 failure
    (ClientDisconnect); one that stopped sending held its connection for ever."""
    import asyncio

    from alscriteria.web import inputs

    app = create_app()
    sent = [False]

    async def gone() -> dict[str, Any]:
        if sent[0]:
            return {"type": "http.disconnect"}
        sent[0] = True
        return {"type": "http.request", "body": b'{"id":', "more_body": True}

    async def stalled() -> dict[str, Any]:
        await asyncio.sleep(5)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    with caplog.at_level(logging.INFO):
        status, _ = _asgi(app, "/api/evaluate", "127.0.0.1", receive=gone)
        assert status == web_app.CLIENT_CLOSED
        monkeypatch.setattr(inputs, "BODY_SECONDS", 0.05)
        status, body = _asgi(app, "/api/evaluate", "127.0.0.1", receive=stalled)
    assert status == 408
    assert json.loads(body)["problems"] == ["request body: not received within 0 s; send it again"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    access = [r.getMessage() for r in caplog.records if r.name == "alscriteria.web.access"]
    assert re.fullmatch(r"POST /api/evaluate 499 \d+\.\d ms", access[0])


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("HTTP://A.B:1", "http://a.b:1"),  # a browser sends the host in lower case
        ("http://Emg.Local:80/", "http://emg.local"),  # and leaves the default port out
        ("https://emg.local:443", "https://emg.local"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_the_cors_origin_is_kept_as_a_browser_sends_it(
    monkeypatch: pytest.MonkeyPatch, given: str, origin: str
) -> None:
    calls = _record_run(monkeypatch)
    assert cli_app.main(["serve", "--cors-origin", given]) == 0
    assert calls[-1][3] == origin
    with TestClient(create_app(cors_origin=origin)) as c:
        sent = {"origin": origin.lower(), "access-control-request-method": "POST"}
        answer = c.options("/api/evaluate", headers=sent)
        assert answer.headers["access-control-allow-origin"] == origin


def test_serve_hosts_as_printed_and_no_warning_before_an_address_it_cannot_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from alscriteria.web import server

    calls = _record_run(monkeypatch)
    assert cli_app.main(["serve", "--host", "[::1]"]) == 0  # as the server prints ::1
    assert calls[-1][0] == "::1"
    assert cli_app.main(["serve", "--host", "nosuch.invalid"]) == 2
    err = capsys.readouterr().err
    assert "--host 'nosuch.invalid': not an address or name of this machine" in err
    assert "warning" not in err and calls[-1][0] == "::1"
    for args in (["--cors-origin", "http://user@a.b"], ["--cors-origin", "http://a.b:x"]):
        assert cli_app.main(["serve", *args]) == 2
    assert not server.resolvable("nosuch.invalid") and server.resolvable("127.0.0.1")
    # every address: the page is given as this machine's own, other machines by its name
    assert server.page_address("0.0.0.0", 8765) == "http://127.0.0.1:8765/"
    assert server.page_address("::", 8765) == "http://[::1]:8765/"
    assert server.page_address("192.168.1.5", 8765) == "http://192.168.1.5:8765/"
    assert server.elsewhere("0.0.0.0", 8765).endswith(f"//{socket.gethostname()}:8765/")
    assert server.elsewhere("127.0.0.1", 8765) == ""


def test_the_server_says_it_stopped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C on an idle server ended it without a word (session 13)."""
    import uvicorn

    from alscriteria.web import server

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    server.run("127.0.0.1", 0, False, None)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("alscriteria serve: the page is at http://127.0.0.1:")
    assert err[-1] == "alscriteria serve: stopped"


def test_a_request_still_open_when_the_server_stops_ends_with_503_not_a_traceback() -> None:
    """Ctrl-C's grace period cancels a request whose client stopped sending: uvicorn printed
    the cancelled task's traceback; the request now ends with the API's 503."""
    import asyncio

    sent: list[dict[str, Any]] = []

    async def never() -> dict[str, Any]:
        await asyncio.Event().wait()
        return {}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def stopped() -> None:
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/api/evaluate",
            "query_string": b"",
            "headers": [(b"content-type", b"application/json")],
        }
        task = asyncio.create_task(create_app()(scope, never, send))
        await asyncio.sleep(0.05)
        task.cancel()
        await task  # ends, rather than raising the cancellation into uvicorn's log

    asyncio.run(stopped())
    assert sent[0]["status"] == 503
    assert json.loads(sent[1]["body"])["detail"] == "stopping"
