"""Hidden graders for day 70, bot.py: Shakespeare-ish rewriting, a Bot-API update handler and an
agent loop.

The chat is scripted from the hidden seed: several chats, commands with and without "@botname",
plain text, re-delivered updates and updates without text; every step's replies and state are
compared with the reference's, fed the reference's state so one slip does not spoil the rest.
The agent runs scripted policies and tools (a calculator, a fact lookup built from day 65's
generated facts, a tool that raises): answers and traces are compared with the reference's, and
the loop must stop after max_steps actions. A chat of 23 updates is never used by the visible tests.
"""

import ast
import copy
import operator

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.fixtures.day65 import make_facts

_TEXTS = ("Hello, are you there?", "you have nothing to fear", "Do you like my dog? Yes or no.",
          "Maybe before noon", "HAVE YOU SEEN IT", "the cat does often sleep", "42 is the answer", "hi")
_COMMANDS = ("/start", "/help", "/count", "/count@bardbot", "/help@bardbot extra words", "/dance", "/start now")


def _script(seed, n):
    """n updates over 3 chats: mostly text and commands, some re-delivered, some without text."""
    rng = np.random.default_rng(seed)
    users = [(int(rng.integers(10**6, 10**9)), name) for name in ("Ada", "Brutus", "Cleo")]
    updates, uid = [], int(rng.integers(1, 10**6))
    for i in range(n):
        kind = rng.random()
        if kind < 0.1 and updates:
            updates.append(copy.deepcopy(updates[int(rng.integers(0, len(updates)))]))  # re-delivered
            continue
        uid += int(rng.integers(1, 4))
        chat, name = users[int(rng.integers(0, 3))]
        message = {"message_id": 100 + i, "from": {"id": chat, "first_name": name},
                   "chat": {"id": chat, "type": "private"}, "date": 1_700_000_000 + i}
        if kind < 0.2:
            message["sticker"] = {"file_id": "abc"}  # no text
        else:
            pool = _COMMANDS if rng.random() < 0.45 else _TEXTS
            message["text"] = str(pool[int(rng.integers(0, len(pool)))])
        updates.append({"update_id": uid, "message": message} if kind >= 0.13 else {"update_id": uid})
    return updates


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [23, 40])
def test_handle_update_scripted_chat_matches_reference(check, ref_module, seed, n):
    state = copy.deepcopy(ref_module.NEW_STATE)
    for update in _script(seed, n):
        check("handle_update", update, state)
        _, state = ref_module.handle_update(update, state)


@pytest.mark.points(2)
def test_handle_update_redelivered_update_is_ignored(check, ref_module, seed):
    first = _script(seed, 1)[0]
    first.setdefault("message", {"message_id": 1, "from": {"id": 5, "first_name": "Ada"},
                                 "chat": {"id": 5, "type": "private"}, "date": 0})["text"] = "/count"
    _, state = ref_module.handle_update(first, copy.deepcopy(ref_module.NEW_STATE))
    replies, _ = check("handle_update", first, state)
    assert replies == [], (f"day70: handle_update, seed {seed}\n  update_id {first['update_id']} was already "
                           f"handled (state last_update_id {state['last_update_id']}): expected no replies, got {replies}")


@pytest.mark.points(2)
def test_handle_update_chats_counted_apart(check, ref_module, seed):
    rng = np.random.default_rng(seed)
    state = copy.deepcopy(ref_module.NEW_STATE)
    for i, chat in enumerate(rng.integers(1, 4, size=9)):
        update = {"update_id": 10 + i, "message": {"message_id": i, "from": {"id": int(chat), "first_name": "X"},
                                                   "chat": {"id": int(chat), "type": "group"}, "date": 0,
                                                   "text": "/count"}}
        check("handle_update", update, state)
        _, state = ref_module.handle_update(update, state)


# Words that look like THEE's keys but are not whole-word matches ("young" holds "you", "dont" holds "do").
_DECOYS = ("young", "dont", "hide", "known", "myth", "noon", "yourself", "hither", "dog", "Hamlet", "thee")
_GLUE = (" ", " ", " ", ", ", ". ", "! ", "? ", "-", "'", " 42 ", "; ", "\n")


def _text(seed, thee, n):
    """n words drawn from THEE's keys and decoys, lower / Capitalised / UPPER, joined by punctuation."""
    rng = np.random.default_rng(seed)
    pool = sorted(thee) + list(_DECOYS)
    words = []
    for _ in range(n):
        word, case = str(pool[int(rng.integers(0, len(pool)))]), rng.random()
        words.append(word.upper() if case < 0.2 else word.capitalize() if case < 0.5 else word)
        words.append(str(_GLUE[int(rng.integers(0, len(_GLUE)))]))
    return "".join(words)


@pytest.mark.points(2)
@pytest.mark.parametrize("text", ["You are my friend, are you not?", "HELLO you. Yes, YES!", "your yours you're"])
def test_shakespearify_matches_reference(check, text):
    check("shakespearify", text)


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [7, 30])
def test_shakespearify_matches_reference_random_text(check, ref_module, seed, n):
    check("shakespearify", _text(seed + n, ref_module.THEE, n),
          hint="swap whole words only (runs of letters), and give a replaced word its capital back")


# --- run_agent --------------------------------------------------------------------------------------

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _calc(expr):
    """A small calculator tool: + - * / on numbers; raises on anything else (and on x / 0)."""
    def ev(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        raise ValueError(f"cannot evaluate {ast.dump(node)[:40]}")
    return ev(ast.parse(expr, mode="eval").body)


def _tools(seed):
    """The agent's tools: the calculator, and a lookup over 12 of day 65's generated facts."""
    _, questions, answers, _ = make_facts(12, seed)
    facts = {q[len("What is "):-1]: a for q, a in zip(questions, answers)}

    def lookup(key):
        if key not in facts:
            raise LookupError(f"no fact about {key}")
        return facts[key]

    return {"calc": _calc, "lookup": lookup}, list(facts)


def _scripted(actions):
    """A policy that plays `actions` in turn (by the length of the trace it is shown), then answers
    with the last observation it saw."""
    def policy(question, trace):
        if len(trace) < len(actions):
            return dict(actions[len(trace)])
        return {"final": trace[-1]["observation"] if trace else "no idea"}
    return policy


def _agent_case(seed):
    rng = np.random.default_rng(seed)
    tools, keys = _tools(seed)
    a, b = (int(v) for v in rng.integers(2, 99, size=2))
    actions = [{"tool": "calc", "input": f"{a} * {b} - 7"},
               {"tool": "lookup", "input": keys[int(rng.integers(0, len(keys)))]},
               {"tool": "calc", "input": f"{a} / 0"},  # raises ZeroDivisionError
               {"tool": "lookup", "input": "nobody's nothing"},  # raises LookupError
               {"tool": "search", "input": "the web"},  # no such tool
               {"tool": "calc", "input": "__import__('os')"}]  # raises ValueError
    return tools, actions


def _want(ref_module, question, tools, policy, **kw):
    return ref_module.run_agent(question, tools, policy, **kw)


@pytest.mark.points(4)
@pytest.mark.parametrize("n_actions, max_steps", [(2, 5), (6, 7), (6, 10)])
def test_run_agent_tool_errors_become_observations(check, ref_module, seed, n_actions, max_steps):
    tools, actions = _agent_case(seed)
    policy = _scripted(actions[:n_actions])
    want = _want(ref_module, "q", tools, policy, max_steps=max_steps)
    check.against("run_agent", want, "q", tools, policy, max_steps=max_steps,
                  hint="a tool that raises gives the observation f\"error: {type(exc).__name__}: {exc}\"; "
                       "an unknown tool f\"error: unknown tool {name!r}\"; then the loop goes on")


@pytest.mark.points(4)
@pytest.mark.parametrize("max_steps", [0, 1, 4])
def test_run_agent_halts_at_max_steps(check, ref_module, seed, max_steps):
    """A policy that never answers: the loop asks it exactly max_steps times and returns None."""
    tools, _ = _tools(seed)
    asked = []

    def stubborn(question, trace):
        asked.append(len(trace))
        return {"tool": "calc", "input": f"{len(trace)} + 1"}

    answer, trace = check.run_learner("run_agent", "count forever", tools, stubborn, max_steps=max_steps)
    what = f"day70: run_agent with a policy that never answers, max_steps={max_steps}, seed {seed}"
    assert answer is None, f"{what}\n  the answer must be None when the budget runs out, got {answer!r}"
    assert len(asked) == max_steps, (f"{what}\n  the policy was asked {len(asked)} times, expected {max_steps}"
                                     + ("\n  likely mistake: one step too many: at most max_steps actions"
                                        if len(asked) == max_steps + 1 else ""))
    close(list(trace), [{"tool": "calc", "input": f"{i} + 1", "observation": str(i + 1)} for i in range(max_steps)],
          what=what + ": the trace")


@pytest.mark.points(2)
def test_run_agent_answers_at_once(check, ref_module, seed):
    tools, _ = _tools(seed)
    got = check.run_learner("run_agent", "easy", tools, lambda q, t: {"final": f"ok {seed}"}, max_steps=3)
    close(tuple(got), (f"ok {seed}", []), what=f"day70: run_agent with a policy that answers at once, seed {seed}")


@pytest.mark.points(2)
def test_run_agent_policy_cannot_edit_the_trace(check, ref_module, seed):
    """A careless policy appends to the trace it is shown: the agent's own trace must not change."""
    tools, actions = _agent_case(seed)

    def scribbler(question, trace):
        n = sum(1 for s in trace if s.get("tool") != "scribble")
        trace.append({"tool": "scribble", "input": "", "observation": ""})
        return dict(actions[n]) if n < 2 else {"final": "done"}

    want = _want(ref_module, "q", tools, scribbler, max_steps=5)
    check.against("run_agent", want, "q", tools, scribbler, max_steps=5,
                  hint="pass the policy a copy of the trace (a list of copied steps)")


# --- MemoryStore (stretch) --------------------------------------------------------------------------

def _memories(seed, n=15):
    """n of day 65's facts shared out between two users in a seeded order, and the questions: each
    fact's question, asked by its owner and by the other user, plus bare entity names (one shared
    word) and a question that shares no word with any fact."""
    rng = np.random.default_rng(seed)
    _, questions, answers, _ = make_facts(n, seed)
    users = [int(u) for u in rng.integers(1, 10**9, size=2)]
    owner = [users[int(rng.integers(0, 2))] for _ in range(n)]
    facts = [q[len("What is "):-1] + f" is {a}." for q, a in zip(questions, answers)]
    asks = [(o, q) for o, q in zip(owner, questions)]
    asks += [(users[0] + users[1] - o, q) for o, q in zip(owner[:4], questions[:4])]
    asks += [(o, f.split("'")[0]) for o, f in zip(owner[:4], facts[:4])]
    asks += [(users[0], "Why does 7 rhyme with heaven?")]
    return users, owner, facts, questions, answers, asks


def _fill(store, owner, facts, what, check):
    with check.tripwired(what):
        for user, text in zip(owner, facts):
            store.remember(user, text)


@pytest.mark.points(3)
@pytest.mark.parametrize("k", [1, 3])
def test_memory_store_recall_matches_reference(check, ref_module, seed, k):
    users, owner, facts, _, _, asks = _memories(seed)
    store, want = check.run_learner("MemoryStore"), ref_module.MemoryStore()
    what = f"day70: MemoryStore with 15 facts of two users, recall(user, query, k={k}), seed {seed}"
    _fill(store, owner, facts, what, check)
    _fill(want, owner, facts, what, check)
    for user, query in asks:
        with check.tripwired(what):
            got = store.recall(user, query, k=k)
        close(list(got), want.recall(user, query, k=k), what=f"{what}\n  recall({user}, {query!r}, k={k})",
              hint="keep the texts sharing at least one word, most shared words first, then the most recent; "
                   "only that user's texts")


@pytest.mark.points(2)
def test_memory_store_top1_answers_every_question(check, seed):
    """The course goal: each fact's question, asked by its owner, recalls that fact first."""
    _, owner, facts, questions, answers, _ = _memories(seed, n=21)
    store = check.run_learner("MemoryStore")
    what = f"day70: MemoryStore with 21 facts, recall(owner, question, k=1), seed {seed}"
    _fill(store, owner, facts, what, check)
    for user, question, fact in zip(owner, questions, facts):
        with check.tripwired(what):
            got = list(store.recall(user, question, k=1))
        assert got == [fact], f"{what}\n  {question!r} by user {user}: expected [{fact!r}], got {got!r}"


@pytest.mark.points(2)
def test_memory_store_survives_a_restart(check, ref_module, seed):
    """dumps() is JSON; a store made from it recalls as the old one did, and goes on remembering."""
    import json

    users, owner, facts, _, _, asks = _memories(seed)
    first = check.run_learner("MemoryStore")
    what = f"day70: MemoryStore(saved=first.dumps()) after 10 facts, seed {seed}"
    _fill(first, owner[:10], facts[:10], what, check)
    with check.tripwired(what):
        saved = first.dumps()
    assert isinstance(saved, str), f"{what}\n  dumps() must return a str, got {type(saved).__name__}"
    try:
        json.loads(saved)
    except ValueError as exc:
        raise AssertionError(f"{what}\n  dumps() is not JSON ({exc}): {saved[:80]!r}") from None
    second = check.run_learner("MemoryStore", saved)
    want = ref_module.MemoryStore()
    _fill(want, owner[:10], facts[:10], what, check)
    _fill(second, owner[10:], facts[10:], what, check)
    _fill(want, owner[10:], facts[10:], what, check)
    for user, query in asks:
        with check.tripwired(what):
            got = second.recall(user, query, k=2)
        close(list(got), want.recall(user, query, k=2), what=f"{what}, then 5 more\n  recall({user}, {query!r}, k=2)")
