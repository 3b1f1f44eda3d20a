"""Day 27 visible tests: run them with  pytest assignments/day27  (or  ai100 check day27).

Your app is called the way a WSGI server calls it: an environ built by
wsgiref.util.setup_testing_defaults and a start_response that records the status and headers.
The model is a tiny nearest-centroid classifier written below; the autograder uses scikit-learn
models (a classifier, a regression, string labels), more malformed bodies, paths and methods.
"""

import io
import json
import wsgiref.util

import numpy as np
import pytest

from course_tools.checks import close, expect_raises


class NearestCentroid:
    """A tiny stand-in for a fitted classifier (the autograder uses scikit-learn's): .predict(X)
    returns a NumPy int64 array, like any scikit-learn classifier's, which json cannot encode as is."""

    def __init__(self, centroids):
        self.centroids = np.asarray(centroids, dtype=np.float64)  # (classes, F)

    def predict(self, X):
        distances = ((X[:, None, :] - self.centroids[None]) ** 2).sum(axis=-1)  # (N, classes)
        return distances.argmin(axis=1)


def _iris_model():
    centroids = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]]  # iris class means, rounded
    X = np.array([[5.1, 3.5, 1.4, 0.2], [6.0, 2.2, 4.0, 1.0], [6.3, 3.3, 6.0, 2.5], [5.7, 2.8, 4.5, 1.3],
                  [4.9, 3.0, 1.4, 0.2]])
    return NearestCentroid(centroids), X


def _request(app, method, path, body=None):
    """(status, {lower-case header: value}, body bytes) of one call of a WSGI app."""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path}
    wsgiref.util.setup_testing_defaults(env)
    env["wsgi.errors"] = io.BytesIO()
    env["wsgi.input"] = io.BytesIO(body or b"")
    if body is not None:
        env["CONTENT_LENGTH"], env["CONTENT_TYPE"] = str(len(body)), "application/json"
    seen = []
    result = app(env, lambda status, headers, exc_info=None: seen.append((status, headers)))
    assert isinstance(result, list), "return the body as a list of bytes, e.g. [body]"
    raw = b"".join(result)
    status, headers = seen[0]
    named = {k.lower(): v for k, v in headers}
    assert named.get("content-type", "").startswith("application/json"), f"{method} {path}: Content-Type {named}"
    assert named.get("content-length") == str(len(raw)), f"{method} {path}: Content-Length must be {len(raw)}"
    return status, named, raw


@pytest.fixture(scope="module")
def iris():
    return _iris_model()


@pytest.mark.points(2)
def test_predict(check, iris):
    model, X = iris
    app = check.run_learner("make_app", model, 4)
    status, _, raw = _request(app, "POST", "/predict", json.dumps({"instances": X.tolist()}).encode())
    assert status == "200 OK", f"POST /predict: expected '200 OK', got {status!r}: {raw[:200]!r}"
    close(json.loads(raw), {"predictions": model.predict(X).tolist()}, tol="exact", what="day27: POST /predict")


@pytest.mark.points(1)
def test_health(check, iris):
    app = check.run_learner("make_app", iris[0], 4)
    status, _, raw = _request(app, "GET", "/health")
    assert (status, json.loads(raw)) == ("200 OK", {"status": "ok"}), f"GET /health: {status!r} {raw!r}"


@pytest.mark.points(1)
@pytest.mark.parametrize("body", [b"not json", b'{"instances": [[1, 2, 3]]}', b'{"instances": [[1, "a", 3, 4]]}'])
def test_bad_request(check, iris, body):
    app = check.run_learner("make_app", iris[0], 4)
    status, _, raw = _request(app, "POST", "/predict", body)
    assert status == "400 Bad Request", f"POST /predict with {body!r}: expected '400 Bad Request', got {status!r}"
    assert json.loads(raw).get("error"), 'a 400 answers {"error": "..."}'


@pytest.mark.points(1)
def test_not_found_and_method_not_allowed(check, iris):
    app = check.run_learner("make_app", iris[0], 4)
    assert _request(app, "GET", "/nope")[0] == "404 Not Found"
    status, headers, _ = _request(app, "GET", "/predict")
    assert status == "405 Method Not Allowed" and "POST" in headers.get("allow", ""), \
        f"GET /predict: expected 405 with Allow: POST, got {status!r}, {headers}"


@pytest.mark.points(1)
def test_validate_payload(check):
    got = check("validate_payload", {"instances": [[1, 2.5], [3, -4]]}, 2)
    assert got.dtype == np.float64 and got.shape == (2, 2)


@pytest.mark.points(1)
@pytest.mark.parametrize("obj", [{"instances": [[1, 2], [3]]}, {"instances": [[1, True]]}, {"rows": [[1, 2]]}])
def test_validate_payload_refuses(check, obj):
    expect_raises(ValueError, f"day27: validate_payload({obj!r}, 2)", lambda: check.run_learner("validate_payload", obj, 2),
                  because="the payload is malformed")


@pytest.mark.points(1)
def test_json_response(check):
    seen = []
    got = check.run_learner("json_response", lambda status, headers: seen.append((status, headers)), 404,
                            {"error": "no route /x"})
    body = b"".join(got)
    assert json.loads(body) == {"error": "no route /x"}, f"json_response body: {body!r}"
    status, headers = seen[0]
    assert status == "404 Not Found", f"status line: expected '404 Not Found', got {status!r}"
    named = {k.lower(): v for k, v in headers}
    assert named.get("content-type") == "application/json" and named.get("content-length") == str(len(body)), headers
