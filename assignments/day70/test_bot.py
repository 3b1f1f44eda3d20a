"""Day 70 visible tests: run them with  pytest assignments/day70  (or  ai100 check day70).

They replay a short chat against values recorded from the reference solution, and run the agent
loop with small scripted policies and tools. The autograder runs longer chats and more policies.
"""

import copy

import pytest

from course_tools.checks import close


def _update(uid, text=None, chat=7, name="Ada", message_id=None):
    message = {"message_id": message_id or uid, "from": {"id": chat, "first_name": name},
               "chat": {"id": chat, "type": "private"}, "date": 1_700_000_000}
    if text is not None:
        message["text"] = text
    return {"update_id": uid, "message": message}


@pytest.mark.points(1)
@pytest.mark.parametrize("text", ["You are my friend.", "hello, do you have tea? no"])
def test_shakespearify_matches_reference(check, text):
    check("shakespearify", text)


@pytest.mark.points(3)
def test_handle_update_short_chat(check, learner):
    updates = [_update(1, "/start"), _update(2, "Are you well?"), _update(3, "/count"), _update(3, "/count"),
               _update(4), _update(5, "/help@bardbot"), _update(6, "/dance"), _update(8, "/count", chat=9, name="Bo")]
    state = copy.deepcopy(learner.NEW_STATE)
    for update in updates:
        _, state = check("handle_update", update, state)


@pytest.mark.points(1)
def test_handle_update_reply_shape(check, learner):
    replies, state = check.run_learner("handle_update", _update(41, "/count", chat=12, message_id=99),
                                       copy.deepcopy(learner.NEW_STATE))
    close(replies, [{"method": "sendMessage", "chat_id": 12, "text": "Thou hast sent 1 messages.",
                     "reply_to_message_id": 99}], what="day70: handle_update reply to /count")
    close(state, {"last_update_id": 41, "chats": {"12": {"count": 1}}}, what="day70: handle_update state")


def _policy(question, trace):
    script = [{"tool": "calc", "input": "6 * 7"}, {"tool": "calc", "input": "1 / 0"}, {"tool": "web", "input": "x"}]
    return script[len(trace)] if len(trace) < len(script) else {"final": trace[0]["observation"]}


def _calc(expr):
    a, op, b = expr.split()
    return {"*": lambda: int(a) * int(b), "/": lambda: int(a) / int(b)}[op]()


@pytest.mark.points(2)
def test_run_agent_tool_errors(check):
    answer, trace = check.run_learner("run_agent", "what is 6 * 7?", {"calc": _calc}, _policy, max_steps=5)
    close((answer, list(trace)), ("42", [
        {"tool": "calc", "input": "6 * 7", "observation": "42"},
        {"tool": "calc", "input": "1 / 0", "observation": "error: ZeroDivisionError: division by zero"},
        {"tool": "web", "input": "x", "observation": "error: unknown tool 'web'"}]), what="day70: run_agent")


@pytest.mark.points(2)
def test_run_agent_halts(check):
    answer, trace = check.run_learner("run_agent", "loop", {"calc": _calc},
                                      lambda q, t: {"tool": "calc", "input": "2 * 2"}, max_steps=3)
    assert answer is None and len(trace) == 3, f"expected (None, 3 steps) after max_steps=3, got {answer!r}, {len(trace)} steps"


@pytest.mark.points(2)
def test_memory_store_recall_and_restart(check):
    """Stretch: recall by shared words (most first, then the most recent), per user, and after a restart."""
    store = check.run_learner("MemoryStore")
    for user, text in [(1, "My cat is called Puck."), (2, "My cat is called Oberon."), (1, "The tea is green."),
                       (1, "Puck likes green tea.")]:
        store.remember(user, text)
    close(list(store.recall(1, "What is my cat called?", k=2)), ["My cat is called Puck.", "The tea is green."],
          what="day70: MemoryStore.recall(1, 'What is my cat called?', k=2)")
    close(list(store.recall(1, "green tea", k=3)), ["Puck likes green tea.", "The tea is green."],
          what="day70: MemoryStore.recall(1, 'green tea', k=3): equal counts, the more recent first")
    close(list(store.recall(2, "green tea")), [], what="day70: MemoryStore.recall(2, 'green tea'): nothing shared")
    again = check.run_learner("MemoryStore", store.dumps())
    close(list(again.recall(1, "Puck", k=5)), ["Puck likes green tea.", "My cat is called Puck."],
          what="day70: MemoryStore(saved).recall(1, 'Puck', k=5) after a restart")
