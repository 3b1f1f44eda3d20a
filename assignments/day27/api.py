# %%
"""Day 27 — a prediction API in plain WSGI (the standard library's web-server interface).

Letters used below:
  N   number of instances (rows) in one request, N >= 1
  F   number of features the model expects (n_features)

A WSGI app is a function app(environ, start_response) -> list of bytes. `environ` is a dict:
  environ["REQUEST_METHOD"]  "GET", "POST", ...     environ["PATH_INFO"]  "/predict", "/health", ...
  environ["CONTENT_LENGTH"]  the body's size as a str (may be "" or missing: no body)
  environ["wsgi.input"]      a binary file to .read(size) the body from
The app calls start_response(status, headers) once — status like "200 OK", headers a list of
(name, value) str pairs — and returns the body as a list of bytes, e.g. [body].

Check your work:  pytest assignments/day27   (or: ai100 check day27)
"""

import json
import math
from http import HTTPStatus

import numpy as np


# %%
def validate_payload(obj, n_features):
    """The instances of a /predict request as a float64 matrix, or a ValueError saying what is wrong.

    obj: the decoded JSON body (any Python value json.loads can return).
    n_features: int F.
    Returns an (N, F) float64 array. Raises ValueError (with a message a client can act on) when
    obj is not a dict with the key "instances", when "instances" is not a non-empty list of lists,
    when a row does not have exactly F entries, or when an entry is not a finite number (int or
    float — bool, None, str, NaN and infinity are refused). About 15 lines.
    """
    raise NotImplementedError('day27: validate_payload — see README')


# %%
def json_response(start_response, code, payload, extra_headers=()):
    """Send one JSON response: the status line and headers through start_response, then the body.

    start_response: the server's callable, start_response(status str, list of (name, value) str pairs).
    code: int HTTP status (200, 400, 404, 405).  payload: a JSON-encodable value.
    extra_headers: more (name, value) pairs, e.g. [("Allow", "POST")].
    Returns [body]: a list holding the UTF-8 JSON bytes. The status is "<code> <reason>" with the
    standard reason phrase ("400 Bad Request": http.HTTPStatus(code).phrase); the headers are
    Content-Type: application/json, Content-Length: the body's size in bytes (a str), then the
    extra ones. About 5 lines.
    """
    raise NotImplementedError('day27: json_response — see README')


# %%
def make_app(model, n_features):
    """A WSGI app serving `model`.

    model: any object with .predict(X) for an (N, F) float64 X, returning N predictions (a NumPy
    array of ints, floats or strings).  n_features: int F.
    Returns app(environ, start_response) -> list of bytes. Every response is JSON with the headers
    Content-Type: application/json and Content-Length (the body's size in bytes). Routes:
      GET  /health   200 {"status": "ok"}
      POST /predict  body {"instances": [[...], ...]} -> 200 {"predictions": [...]}, one per row,
                     as plain JSON numbers (or strings); a body that is not UTF-8 JSON, or fails
                     validate_payload -> 400 {"error": "<what is wrong>"}
      a known path with another method -> 405 {"error": ...} with an Allow header naming the
                     method that path accepts ("GET" or "POST")
      any other path -> 404 {"error": ...}
    Status lines are "200 OK", "400 Bad Request", "404 Not Found", "405 Method Not Allowed".
    Answer through json_response. About 25 lines.
    """
    raise NotImplementedError('day27: make_app — see README')
