"""Hidden graders for day 27 (a prediction API in plain WSGI).

The app is driven like a WSGI server would: an environ from wsgiref.util.setup_testing_defaults
(with io.BytesIO for wsgi.input and wsgi.errors), and the grader's own start_response. Models are
scikit-learn estimators fitted here on seeded data: a 3-class LogisticRegression on iris (F = 4,
integer predictions), a LinearRegression on 7 seeded features (float predictions, unseen in the
visible tests) and a DecisionTreeClassifier with string labels. Every response must be JSON with
Content-Type and a right Content-Length.
"""

import functools
import io
import json
import wsgiref.util

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises

STATUS = {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found", 405: "405 Method Not Allowed"}


@functools.lru_cache(maxsize=1)
def _iris():
    """One fit for the whole run: most tests only need some app to send requests to."""
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True)
    return LogisticRegression(max_iter=500).fit(X, y), X


def _model(kind, seed):
    """(fitted estimator, n_features, a float64 matrix to ask it about)."""
    rng = np.random.default_rng(seed)
    if kind == "iris":
        model, X = _iris()
        return model, 4, X[rng.choice(len(X), size=9, replace=False)]
    if kind == "regression":
        from sklearn.linear_model import LinearRegression

        X = rng.normal(size=(40, 7))
        return LinearRegression().fit(X, X @ rng.normal(size=7) + 0.5), 7, rng.normal(size=(11, 7))
    from sklearn.tree import DecisionTreeClassifier

    X = rng.normal(size=(30, 3))
    labels = np.where(X[:, 0] > 0, "spam", "ham")
    return DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, labels), 3, rng.normal(size=(5, 3))


def _environ(method, path, body=None, *, content_length=True, query=""):
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}
    wsgiref.util.setup_testing_defaults(env)
    env["wsgi.errors"] = io.BytesIO()
    data = b"" if body is None else body
    env["wsgi.input"] = io.BytesIO(data)
    if body is not None:
        env["CONTENT_TYPE"] = "application/json"
    if content_length and body is not None:
        env["CONTENT_LENGTH"] = str(len(data))
    return env


class _Response:
    def __init__(self):
        self.calls = []

    def start_response(self, status, headers, exc_info=None):
        self.calls.append((status, [tuple(h) for h in headers]))
        # The legacy write() callable is not used by this day's apps: nothing is returned.


def _call(app, method, path, body=None, **kw):
    """(status str, {lower-case header: value}, body bytes), with the WSGI contract checked."""
    what = f"day27: {method} {path}" + (f" with body {body[:120]!r}" if body is not None else "")
    response = _Response()
    try:
        result = app(_environ(method, path, body, **kw), response.start_response)
    except TypeError as exc:
        if "JSON serializable" in str(exc):
            raise Mismatch(f"{what}\n  the app raised {exc} — json cannot encode NumPy numbers: turn the "
                           "predictions into plain Python values first (array.tolist())") from None
        raise
    if not isinstance(result, (list, tuple)) or not all(isinstance(b, bytes) for b in result):
        raise Mismatch(f"{what}\n  the app must return the body as a list of bytes (e.g. [body]), got "
                       f"{type(result).__name__}")
    if len(response.calls) != 1:
        raise Mismatch(f"{what}\n  start_response must be called exactly once, it was called {len(response.calls)} times")
    status, headers = response.calls[0]
    body_bytes = b"".join(result)
    named = {str(k).lower(): str(v) for k, v in headers}
    if not named.get("content-type", "").startswith("application/json"):
        raise Mismatch(f"{what}\n  status {status}: the Content-Type header must be application/json, got "
                       f"{named.get('content-type')!r} (headers {headers})")
    if named.get("content-length") != str(len(body_bytes)):
        raise Mismatch(f"{what}\n  status {status}: Content-Length must be the body's size in bytes, "
                       f"{len(body_bytes)}; got {named.get('content-length')!r}")
    return status, named, body_bytes


def _json(what, body):
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise Mismatch(f"{what}\n  the body is not UTF-8 JSON: {body[:200]!r}") from None


def _expect(app, code, method, path, body=None, **kw):
    status, headers, raw = _call(app, method, path, body, **kw)
    what = f"day27: {method} {path}" + (f" with body {body[:120]!r}" if body is not None else "")
    if status != STATUS[code]:
        extra = " — malformed input must be refused with 400, not answered" if code == 400 and status.startswith("200") else ""
        raise Mismatch(f"{what}\n  expected status {STATUS[code]!r}, got {status!r}{extra}\n  body: {raw[:200]!r}")
    return headers, _json(what, raw)


def _app(check, kind, seed):
    model, n_features, X = _model(kind, seed)
    return check.run_learner("make_app", model, n_features), model, X


def _body(X):
    return json.dumps({"instances": np.asarray(X).tolist()}).encode()


@pytest.mark.points(3)
@pytest.mark.parametrize("kind", ["iris", "regression", "strings"])
def test_make_app_predict_returns_the_models_predictions(check, seed, kind):
    app, model, X = _app(check, kind, seed)
    _, got = _expect(app, 200, "POST", "/predict", _body(X))
    if not isinstance(got, dict) or "predictions" not in got:
        raise Mismatch(f'day27: POST /predict ({kind}) must answer {{"predictions": [...]}}, got {got!r:.200}')
    want = model.predict(X).tolist()
    close(got["predictions"], want, what=f"day27: POST /predict predictions of the {kind} model, seed {seed}",
          tol="exact" if kind != "regression" else "formula_vs_library")


@pytest.mark.points(2)
def test_make_app_predict_one_row_and_integers(check, seed):
    app, model, X = _app(check, "iris", seed)
    rows = np.round(X[:1]).astype(int).tolist()  # JSON integers are numbers too
    _, got = _expect(app, 200, "POST", "/predict", json.dumps({"instances": rows}).encode())
    close(got.get("predictions"), model.predict(np.array(rows, dtype=float)).tolist(), tol="exact",
          what="day27: POST /predict with one row of integers")


@pytest.mark.points(2)
def test_make_app_health(check, seed):
    app, _, _ = _app(check, "iris", seed)
    _, got = _expect(app, 200, "GET", "/health")
    close(got, {"status": "ok"}, tol="exact", what="day27: GET /health")
    _expect(app, 200, "GET", "/health", query="verbose=1")  # a query string does not change the path


BAD_BODIES = {
    "not JSON": b"{instances: [[1, 2, 3, 4]]}",
    "not UTF-8": b'{"instances": [[1, 2, 3, "\xff"]]}',
    "empty body": b"",
    "a list, not an object": b"[[1, 2, 3, 4]]",
    "no instances key": b'{"rows": [[1, 2, 3, 4]]}',
    "empty instances": b'{"instances": []}',
    "a row too short": b'{"instances": [[1, 2, 3, 4], [1, 2, 3]]}',
    "a row too long": b'{"instances": [[1, 2, 3, 4, 5]]}',
    "a string feature": b'{"instances": [[1, 2, "3", 4]]}',
    "a null feature": b'{"instances": [[1, 2, null, 4]]}',
    "a bool feature": b'{"instances": [[1, 2, true, 4]]}',
    "NaN": b'{"instances": [[1, 2, NaN, 4]]}',
    "a flat list": b'{"instances": [1, 2, 3, 4]}',
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_make_app_bad_request_is_400_with_an_error(check, seed, name):
    app, _, _ = _app(check, "iris", seed)
    _, got = _expect(app, 400, "POST", "/predict", BAD_BODIES[name])
    if not (isinstance(got, dict) and isinstance(got.get("error"), str) and got["error"].strip()):
        raise Mismatch(f'day27: POST /predict with {name}: a 400 must explain itself as {{"error": "..."}}, '
                       f"got {got!r:.200}")


@pytest.mark.points(1)
def test_make_app_missing_content_length_is_400(check, seed):
    app, _, _ = _app(check, "iris", seed)
    _expect(app, 400, "POST", "/predict", b'{"instances": [[1, 2, 3, 4]]}', content_length=False)


@pytest.mark.points(2)
@pytest.mark.parametrize("path", ["/", "/predict/extra", "/healthz", "/PREDICT"])
def test_make_app_unknown_path_is_404(check, seed, path):
    app, _, _ = _app(check, "iris", seed)
    _, got = _expect(app, 404, "GET", path)
    assert isinstance(got, dict) and got.get("error"), f'day27: GET {path}: a 404 answers {{"error": "..."}}'


@pytest.mark.points(2)
@pytest.mark.parametrize("method, path, allowed", [("GET", "/predict", "POST"), ("PUT", "/predict", "POST"),
                                                   ("POST", "/health", "GET"), ("DELETE", "/health", "GET")])
def test_make_app_wrong_method_is_405_with_allow(check, seed, method, path, allowed):
    app, _, _ = _app(check, "iris", seed)
    headers, got = _expect(app, 405, method, path, b"{}" if method in ("POST", "PUT") else None)
    tokens = [t.strip().upper() for t in headers.get("allow", "").split(",")]
    assert allowed in tokens and method not in tokens, (
        f"day27: {method} {path} -> 405 must carry an Allow header naming {allowed}, got {headers.get('allow')!r}")
    assert isinstance(got, dict) and got.get("error"), f'day27: {method} {path}: a 405 answers {{"error": "..."}}'


@pytest.mark.points(2)
def test_make_app_serves_many_requests(check, seed):
    """One app, twenty requests in a row: nothing may leak from one request into the next."""
    app, model, X = _app(check, "regression", seed)
    rng = np.random.default_rng(seed)
    for _ in range(20):
        rows = X[rng.choice(len(X), size=int(rng.integers(1, 5)))]
        if rng.random() < 0.3:
            _expect(app, 400, "POST", "/predict", b'{"instances": [[1]]}')
        _, got = _expect(app, 200, "POST", "/predict", _body(rows))
        close(got.get("predictions"), model.predict(rows).tolist(), tol="formula_vs_library",
              what="day27: POST /predict in a series of requests")


VALID = {
    "floats": {"instances": [[0.5, -1.25, 3.0]]},
    "ints and floats": {"instances": [[1, 2.5, -3], [0, 0, 0], [1e300, -1e-300, 7]]},
    "all integers": {"instances": [[1, 2, 3], [4, 5, 6]]},
}


@pytest.mark.points(2)
@pytest.mark.parametrize("name", list(VALID))
def test_validate_payload_accepts(check, name):
    check("validate_payload", VALID[name], 3)


@pytest.mark.points(2)
def test_validate_payload_random_rows(check, seed):
    rng = np.random.default_rng(seed)
    obj = {"instances": rng.normal(size=(13, 6)).tolist(), "ignored": "extra keys are fine"}
    check("validate_payload", obj, 6)


INVALID = {
    "not a dict": [[1, 2, 3]], "no instances": {"x": [[1, 2, 3]]}, "instances not a list": {"instances": "1,2,3"},
    "empty instances": {"instances": []}, "row not a list": {"instances": [1, 2, 3]},
    "wrong width": {"instances": [[1, 2, 3], [1, 2]]}, "string": {"instances": [[1, "2", 3]]},
    "None": {"instances": [[1, None, 3]]}, "bool": {"instances": [[1, False, 3]]},
    "NaN": {"instances": [[1, float("nan"), 3]]}, "infinity": {"instances": [[float("inf"), 1, 3]]},
    "nested deeper": {"instances": [[[1], [2], [3]]]},
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(INVALID))
def test_validate_payload_refuses(check, name):
    obj = INVALID[name]
    message = expect_raises(ValueError, f"day27: validate_payload({obj!r}, 3) — {name}",
                            lambda: check.run_learner("validate_payload", obj, 3),
                            because="a client error must be a ValueError, which the app turns into a 400")
    assert message.strip(), f"day27: validate_payload({obj!r}, 3) raised a ValueError without a message"


@pytest.mark.points(1)
@pytest.mark.parametrize("code, payload, extra", [(200, {"predictions": [1.5, "é"]}, []),
                                                  (405, {"error": "POST only"}, [("Allow", "POST")])])
def test_json_response_status_headers_and_body(check, code, payload, extra):
    response = _Response()
    got = check.run_learner("json_response", response.start_response, code, payload, extra)
    what = f"day27: json_response(start_response, {code}, {payload!r}, {extra!r})"
    assert isinstance(got, list) and all(isinstance(b, bytes) for b in got), f"{what}\n  must return [body bytes]"
    body = b"".join(got)
    close(json.loads(body.decode("utf-8")), payload, tol="exact", what=what + " body")
    assert len(response.calls) == 1, f"{what}\n  start_response must be called exactly once"
    status, headers = response.calls[0]
    assert status == STATUS[code], f"{what}\n  status line: expected {STATUS[code]!r}, got {status!r}"
    named = {str(k).lower(): str(v) for k, v in headers}
    want = {"content-type": "application/json", "content-length": str(len(body)), **{k.lower(): v for k, v in extra}}
    assert {k: named.get(k) for k in want} == want, (
        f"{what}\n  headers: expected {want} (Content-Length counts bytes, not characters), got {headers}")
