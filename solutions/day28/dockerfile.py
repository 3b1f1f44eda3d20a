# %%
"""Day 28, part 1 — read a Dockerfile and lint it.

An instruction is a dict with four keys:
  "line"  int, the 1-based line of the file where the instruction starts
  "cmd"   str, its keyword in upper case ("FROM", "RUN", "CMD", ...)
  "args"  str, everything after the keyword: continuation lines joined by one space, stripped
  "exec"  list of str when "args" is a JSON array of strings (exec form: ["python", "app.py"]),
          else None (shell form: python app.py)

The lint rules (README step 2) are named by short ids "DF001" ... "DF007".

Check your work:  pytest assignments/day28   (or: ai100 check day28)
"""

import json

ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")  # what ADD may unpack (rule DF006)

RULES = {
    "DF001": "the first instruction is not FROM (only ARG may come before it)",
    "DF002": "a base image without a tag, or tagged latest: pin a version",
    "DF003": "the final stage runs as root: no USER, or its last USER is root / 0",
    "DF004": "CMD or ENTRYPOINT in shell form in the final stage: use the exec form [\"...\"]",
    "DF005": "the final stage does not EXPOSE the app's port",
    "DF006": "ADD of a local file or folder: use COPY (ADD is for URLs and archives)",
    "DF007": "more than one CMD in the final stage: only the last one counts",
}


# %%
def parse_dockerfile(text):
    """The instructions of a Dockerfile, in order.

    text: str, the whole file ("\\n" line ends).
    Returns a list of instruction dicts (module docstring). Rules of the format:
      - a line whose first non-blank character is "#" is a comment; blank lines are skipped, also
        inside a continued instruction;
      - a line ending in a backslash (trailing blanks after it allowed) continues on the next line:
        the pieces are stripped, the backslash dropped, and joined with one space;
      - the keyword is the first word, in any case; "args" is the rest, stripped.
    About 25 lines.
    """
    ### BEGIN SOLUTION
    def instruction(line, joined):
        keyword, *rest = joined.split(None, 1)
        args = rest[0].strip() if rest else ""
        exec_form = None
        if args.startswith("["):
            try:
                value = json.loads(args)
            except json.JSONDecodeError:
                value = None
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                exec_form = value
        return {"line": line, "cmd": keyword.upper(), "args": args, "exec": exec_form}

    instructions, pieces, start = [], [], None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if start is None:
            start = number
        continued = line.endswith("\\")
        pieces.append(line[:-1].strip() if continued else line)
        if continued:
            continue
        instructions.append(instruction(start, " ".join(p for p in pieces if p)))
        pieces, start = [], None
    if pieces:  # a continuation on the last line: the instruction ends with the file
        instructions.append(instruction(start, " ".join(p for p in pieces if p)))
    return instructions
    ### END SOLUTION


# %%
def lint_dockerfile(instructions, app_port=None):
    """The ids of the lint rules the Dockerfile breaks.

    instructions: list of instruction dicts, as parse_dockerfile returns.
    app_port: int or None; None skips rule DF005.
    Returns a sorted list of distinct rule ids (str), [] for a clean file. The final stage is
    everything from the last FROM on (the whole file when there is no FROM). Rules in RULES and
    the README:
      DF001  an instruction other than ARG comes before the first FROM (or there is no FROM)
      DF002  a FROM image has no tag or the tag "latest" — unless it is pinned by a digest
             (image@sha256:...), is "scratch", names an earlier stage (FROM x AS name, any case)
             or is a build argument ("$BASE": not judged)
      DF003  the final stage has no USER, or its last USER is root: "root" or "0", with or
             without a ":group"
      DF004  a CMD or ENTRYPOINT of the final stage is in shell form ("exec" is None)
      DF005  app_port is given and no EXPOSE of the final stage lists it ("8000" or "8000/tcp")
      DF006  an ADD whose sources are not all URLs (http:// or https://) or archives (.tar,
             .tar.gz, .tgz, .tar.bz2, .tar.xz)
      DF007  the final stage has more than one CMD
    Flags of FROM (--platform=...), ADD and COPY (--chown=...) are skipped. About 40 lines.
    """
    ### BEGIN SOLUTION
    found = set()
    froms = [k for k, ins in enumerate(instructions) if ins["cmd"] == "FROM"]
    if not froms or any(ins["cmd"] != "ARG" for ins in instructions[:froms[0]]):
        found.add("DF001")
    stages = set()
    for k in froms:
        words = [w for w in instructions[k]["args"].split() if not w.startswith("--")]
        image = words[0] if words else ""
        if not (image.lower() in stages or image == "scratch" or "@" in image or image.startswith("$")):
            name = image.rsplit("/", 1)[-1]  # a registry's host:port is not a tag
            if ":" not in name or name.rsplit(":", 1)[1] == "latest":
                found.add("DF002")
        if len(words) >= 3 and words[1].upper() == "AS":
            stages.add(words[2].lower())
    final = instructions[froms[-1]:] if froms else instructions
    users = [ins["args"].split(":")[0].strip() for ins in final if ins["cmd"] == "USER"]
    if not users or users[-1] in ("root", "0"):
        found.add("DF003")
    if any(ins["cmd"] in ("CMD", "ENTRYPOINT") and ins["exec"] is None for ins in final):
        found.add("DF004")
    if app_port is not None:
        exposed = {p.split("/")[0] for ins in final if ins["cmd"] == "EXPOSE" for p in ins["args"].split()}
        if str(app_port) not in exposed:
            found.add("DF005")
    for ins in instructions:
        if ins["cmd"] == "ADD":
            words = ins["exec"] or [w for w in ins["args"].split() if not w.startswith("--")]
            if not all(src.startswith(("http://", "https://")) or src.endswith(ARCHIVES) for src in words[:-1]):
                found.add("DF006")
    if sum(ins["cmd"] == "CMD" for ins in final) > 1:
        found.add("DF007")
    return sorted(found)
    ### END SOLUTION

