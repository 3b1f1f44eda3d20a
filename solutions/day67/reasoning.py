# %%
"""Day 67 — chain-of-thought tooling: read the answer out of a worked solution, do its arithmetic
with a safe calculator, and vote over several sampled solutions (self-consistency).

Words used below:
  worked text   what a model writes when asked to "think step by step": sentences with numbers,
                ending (usually) with the answer — "#### 1,250", "The answer is 42." or just a number.
  number        an optional "-" written directly before the digits, digits with optional thousands
                commas (groups of exactly three: 1,250 or 12,000,000), and an optional decimal part
                (3.75). "-" with a space after it is a minus between two numbers, not a sign.
  <CALC> tag    <CALC>expression</CALC>: arithmetic a model hands to a calculator instead of doing it.

Word problems and a seeded noisy solver to try things on: course_tools.fixtures.day67.
Check your work:  pytest assignments/day67   (or: ai100 check day67)
"""

import ast
import math
import re
from collections import Counter

MAX_POWER_DIGITS = 300  # calc refuses a ** b when |a ** b| would have more than this many digits


# %%
def format_number(x):
    """How calc results are written back into text (given — not part of the exercise).

    x: int or float.  Returns str: ints as they are ("1250", "-3"); floats that are whole numbers
    as ints ("6.0" → "6"); other floats rounded to 6 decimals with trailing zeros dropped ("0.333333").
    """
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return str(x)


# %%
def extract_answer(text):
    """The final answer of a worked text, as a float, or None when the text holds no number.

    text: str.  Returns float or None.
    Where to look, in this order (each only when it gives a number):
      1. the first number after the LAST "####" in the text;
      2. the first number after the LAST "answer is" (any case: "The Answer is", "ANSWER IS");
      3. the last number in the text.
    Thousands commas are dropped ("1,250" → 1250.0); a sentence's full stop is not a decimal point
    ("is 42." → 42.0). About 10 lines with one regular expression.
    """
    ### BEGIN SOLUTION
    number = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")

    def first_after(marker):
        cut = text.lower().rfind(marker)
        if cut < 0:
            return None
        found = number.search(text, cut + len(marker))
        return found.group() if found else None

    token = first_after("####") or first_after("answer is")
    if token is None:
        every = number.findall(text)
        token = every[-1] if every else None
    return None if token is None else float(token.replace(",", ""))
    ### END SOLUTION


# %%
def calc(expr):
    """Evaluate an arithmetic expression safely: never eval(), walk its syntax tree instead.

    expr: str, e.g. "(12 - 3) * 4 / 2"; spaces around it are ignored.  Returns int or float: what Python's own arithmetic gives
    for the same expression (ints stay ints, "/" gives a float, "//" and "%" follow Python).
    Allowed, and nothing else: int and float literals (not True/False, not strings, not complex),
    parentheses, binary + - * / // % **, unary + and -.
    Raises ValueError (with a message saying what was refused) for:
      - anything else: names ("x", "__import__"), calls ("abs(-3)"), attributes ("(1).real"),
        subscripts, comparisons, bit operators ("^", "<<"), lists, lambdas, strings, bools;
      - text that does not parse as one expression;
      - a power a ** b whose size |a ** b| would pass 10 ** MAX_POWER_DIGITS, i.e. a != 0 and
        b·log10|a| > MAX_POWER_DIGITS — decided BEFORE computing it (9 ** 9 ** 9 would run for
        hours; 0.5 ** -2000 overflows), so that a caller's input cannot stall the program;
      - a complex result ((-8) ** 0.5), and division, modulo or a negative power of zero.
    Use ast.parse(expr, mode="eval") and a recursive function over the nodes. About 25 lines.
    """
    ### BEGIN SOLUTION
    try:
        tree = ast.parse(expr.strip(), mode="eval")  # a leading space would be an "unexpected indent"
    except SyntaxError as exc:
        raise ValueError(f"not an expression: {expr!r}") from exc
    binary = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
              ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
              ast.Pow: lambda a, b: a ** b}

    def value(node):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = value(node.operand)
            return -v if isinstance(node.op, ast.USub) else +v
        if isinstance(node, ast.BinOp) and type(node.op) in binary:
            a, b = value(node.left), value(node.right)
            if isinstance(node.op, ast.Pow) and a != 0 and b * math.log10(abs(a)) > MAX_POWER_DIGITS:
                raise ValueError(f"power too large: {a!r} ** {b!r}")  # decided before computing it
            try:
                out = binary[type(node.op)](a, b)
            except ZeroDivisionError as exc:
                raise ValueError(f"division by zero in {expr!r}") from exc
            if isinstance(out, complex):
                raise ValueError(f"complex result in {expr!r}")
            return out
        raise ValueError(f"not allowed in a calculation: {type(node).__name__}")

    return value(tree.body)
    ### END SOLUTION


# %%
def run_calc_tags(text):
    """Replace every <CALC>expression</CALC> in `text` by format_number(calc(expression)).

    text: str.  Returns str: the text with each tag (both markers included) replaced by its result.
    Whitespace around the expression inside a tag is allowed. Tags do not nest; each tag ends at the
    FIRST </CALC> after its <CALC>. A tag whose expression calc refuses (ValueError) becomes the text
    "[calc error]"; the rest of the text is still rewritten. Text outside tags, and a <CALC> with no
    closing tag, are left exactly as they are. About 6 lines.
    """
    ### BEGIN SOLUTION
    def result(match):
        try:
            return format_number(calc(match.group(1).strip()))
        except ValueError:
            return "[calc error]"

    return re.sub(r"<CALC>(.*?)</CALC>", result, text, flags=re.DOTALL)
    ### END SOLUTION


# %%
def self_consistency(samples):
    """Majority vote over sampled worked answers (self-consistency, Wang et al. 2022).

    samples: list of str, the worked texts sampled for ONE question.
    Returns float or None: the answer extract_answer reads most often across the samples, where
    samples with no answer (None) do not vote. A tie goes to the tied answer that appears in the
    earliest sample. None when no sample holds an answer. About 6 lines.
    """
    ### BEGIN SOLUTION
    answers = [a for a in map(extract_answer, samples) if a is not None]
    if not answers:
        return None
    counts = Counter(answers)
    top = max(counts.values())
    return next(a for a in answers if counts[a] == top)
    ### END SOLUTION
