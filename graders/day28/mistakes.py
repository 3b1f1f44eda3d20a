"""Day 28's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names it.
"""

import fnmatch
import hashlib
import re

ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


# --- lint ---------------------------------------------------------------------------------------

def _untagged(image, *, omitted_ok=False, port_is_tag=False):
    name = image if port_is_tag else image.rsplit("/", 1)[-1]
    if ":" not in name:
        return not omitted_ok
    return name.rsplit(":", 1)[1] == "latest"


def _lint(instructions, app_port=None, *, omitted_ok=False, port_is_tag=False, every_stage=False,
          first_user=False, strict_expose=False):
    found = set()
    froms = [k for k, ins in enumerate(instructions) if ins["cmd"] == "FROM"]
    if not froms or any(ins["cmd"] != "ARG" for ins in instructions[:froms[0]]):
        found.add("DF001")
    stages = set()
    for k in froms:
        words = [w for w in instructions[k]["args"].split() if not w.startswith("--")]
        image = words[0] if words else ""
        if not (image.lower() in stages or image == "scratch" or "@" in image or image.startswith("$")):
            if _untagged(image, omitted_ok=omitted_ok, port_is_tag=port_is_tag):
                found.add("DF002")
        if len(words) >= 3 and words[1].upper() == "AS":
            stages.add(words[2].lower())
    final = instructions if every_stage or not froms else instructions[froms[-1]:]
    users = [ins["args"].split(":")[0].strip() for ins in final if ins["cmd"] == "USER"]
    if not users or users[0 if first_user else -1] in ("root", "0") or (every_stage and {"root", "0"} & set(users)):
        found.add("DF003")
    if any(ins["cmd"] in ("CMD", "ENTRYPOINT") and ins["exec"] is None for ins in final):
        found.add("DF004")
    if app_port is not None:
        exposed = {p if strict_expose else p.split("/")[0]
                   for ins in final if ins["cmd"] == "EXPOSE" for p in ins["args"].split()}
        if str(app_port) not in exposed:
            found.add("DF005")
    for ins in instructions:
        if ins["cmd"] == "ADD":
            words = ins["exec"] or [w for w in ins["args"].split() if not w.startswith("--")]
            if not all(s.startswith(("http://", "https://")) or s.endswith(ARCHIVES) for s in words[:-1]):
                found.add("DF006")
    if sum(ins["cmd"] == "CMD" for ins in final) > 1:
        found.add("DF007")
    return sorted(found)


# --- .dockerignore --------------------------------------------------------------------------------

def _regex(pattern):
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append({"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i])))
            i += 1
    return "".join(out)


def _matches(pattern, path):
    return re.fullmatch(_regex(pattern), path) is not None


def _ignored(path, text, *, no_reinclude=False, first_wins=False, no_parents=False, match=_matches):
    parts = path.split("/")
    candidates = [path] if no_parents else ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]
    decision = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keep = line.startswith("!")
        if keep and no_reinclude:
            continue
        pattern = (line[1:].strip() if keep else line).lstrip("/").rstrip("/")
        if pattern and any(match(pattern, c) for c in candidates):
            if first_wins:
                return not keep
            decision = not keep
    return bool(decision)


def _manifest_with(**options):
    def manifest(files, dockerignore_text=""):
        return {p: hashlib.sha256(d).hexdigest() for p, d in files.items()
                if not _ignored(p, dockerignore_text, **options)}
    return manifest


def _ignored_with(**options):
    return lambda path, dockerignore_text: _ignored(path, dockerignore_text, **options)


_IGNORE_MISTAKES = {
    "'!' re-includes ignored: a line starting with '!' takes a path back into the context": dict(no_reinclude=True),
    "the first matching pattern decides: in .dockerignore the LAST matching pattern wins": dict(first_wins=True),
    "a pattern matched against the whole path only: 'build' must also leave out everything under build/":
        dict(no_parents=True),
    "'*' matched across folders (fnmatch): in .dockerignore '*' stops at '/', use '**/' for any depth":
        dict(match=lambda pattern, path: fnmatch.fnmatchcase(path, pattern)),
}

MISTAKES = {
    "lint_dockerfile": {
        "an untagged base image accepted: with no tag Docker pulls 'latest', so FROM python breaks DF002 too":
            lambda ins, app_port=None: _lint(ins, app_port, omitted_ok=True),
        "a registry's port read as a tag: in registry.local:5000/team/api the tag is after the last '/'":
            lambda ins, app_port=None: _lint(ins, app_port, port_is_tag=True),
        "rules read from every stage: USER, CMD, ENTRYPOINT and EXPOSE count in the final stage only":
            lambda ins, app_port=None: _lint(ins, app_port, every_stage=True),
        "the first USER taken: the last USER of the final stage is the one the container runs as":
            lambda ins, app_port=None: _lint(ins, app_port, first_user=True),
        "EXPOSE 8000/tcp not read as port 8000: drop the '/tcp' or '/udp'":
            lambda ins, app_port=None: _lint(ins, app_port, strict_expose=True),
    },
    "is_ignored": {name: _ignored_with(**options) for name, options in _IGNORE_MISTAKES.items()},
    "context_manifest": {name: _manifest_with(**options) for name, options in _IGNORE_MISTAKES.items()},
    "pattern_matches": {
        "'*' matched across folders (fnmatch): in .dockerignore '*' stops at '/'":
            lambda pattern, path: fnmatch.fnmatchcase(path, pattern),
        "'.' taken as a regex wildcard: escape every character that is not * or ?":
            lambda pattern, path: re.fullmatch(_regex(pattern).replace("\\.", "."), path) is not None,
    },
    "context_digest": {
        "hashed in the manifest's own order: sort by path first, or the digest depends on dict order":
            lambda m: hashlib.sha256("".join(f"{h}  {p}\n" for p, h in m.items()).encode()).hexdigest(),
    },
}
