"""Day 67's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re
from collections import Counter

_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"


def _extract(text, *, number=_NUMBER, markers=("####", "answer is"), first=False, fold_case=True,
             strip=lambda t: t.replace(",", "")):
    pattern = re.compile(number)
    hay = text.lower() if fold_case else text
    for marker in markers:
        cut = hay.rfind(marker)
        if cut >= 0:
            found = pattern.search(text, cut + len(marker))
            if found:
                return float(strip(found.group()))
    every = pattern.findall(text)
    if not every:
        return None
    return float(strip(every[0] if first else every[-1]))


def _format(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return str(x)


def _calc(expr):  # only for the tag variants: a trusted-input evaluator, never for learners' code
    if not re.fullmatch(r"[\d\s.+\-*/%()]+", expr) or "**" in expr:
        raise ValueError(expr)
    try:
        return eval(expr, {"__builtins__": {}})  # noqa: S307 - digits and operators only, checked above
    except (SyntaxError, ZeroDivisionError) as exc:
        raise ValueError(expr) from exc


def _tags(text, *, pattern=r"<CALC>(.*?)</CALC>", fmt=_format, flags=re.DOTALL):
    def result(match):
        try:
            return fmt(_calc(match.group(1).strip()))
        except ValueError:
            return "[calc error]"
    return re.sub(pattern, result, text, flags=flags)


def _vote(samples, *, tie="first", none_votes=False):
    answers = [_extract(s) for s in samples]
    if not none_votes:
        answers = [a for a in answers if a is not None]
    if not answers:
        return None
    counts = Counter(answers)
    top = max(counts.values())
    tied = [a for a in answers if counts[a] == top]
    if tie == "largest":
        return max(t for t in tied if t is not None) if any(t is not None for t in tied) else None
    return tied[-1] if tie == "last" else tied[0]


MISTAKES = {
    "extract_answer": {
        "took the first number in the text instead of the last": lambda text: _extract(text, markers=(), first=True),
        "ignored the '####' / 'answer is' markers: took the last number in the text":
            lambda text: _extract(text, markers=()),
        "thousands commas not handled: '1,250' read as 250":
            lambda text: _extract(text, number=r"-?\d+(?:\.\d+)?"),
        "minus sign dropped: '-7' read as 7": lambda text: _extract(text, strip=lambda t: t.replace(",", "").lstrip("-")),
        "'answer is' matched case-sensitively: 'The Answer is 5' missed": lambda text: _extract(text, fold_case=False),
    },
    "run_calc_tags": {
        "greedy .* in the pattern: one 'tag' ran from the first <CALC> to the last </CALC>":
            lambda text: _tags(text, pattern=r"<CALC>(.*)</CALC>"),
        "results written with str() instead of format_number (6.0 instead of 6)": lambda text: _tags(text, fmt=str),
        "no re.DOTALL: a tag whose expression spans lines was left in place":
            lambda text: _tags(text, flags=0),
    },
    "self_consistency": {
        "a tie went to the answer of the latest sample, not the earliest": lambda samples: _vote(samples, tie="last"),
        "a tie went to the largest answer, not the earliest sample's": lambda samples: _vote(samples, tie="largest"),
        "samples without an answer voted (for None)": lambda samples: _vote(samples, none_votes=True),
        "no vote: returned the first sample's answer": lambda samples: _extract(samples[0]) if samples else None,
    },
}
