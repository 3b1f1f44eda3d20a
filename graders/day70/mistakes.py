"""Day 70's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re

THEE = {"you": "thou", "your": "thy", "yours": "thine", "are": "art", "have": "hast", "has": "hath",
        "do": "dost", "does": "doth", "hello": "good morrow", "hi": "hail", "yes": "aye", "no": "nay",
        "my": "mine", "before": "ere", "often": "oft", "nothing": "naught", "maybe": "perchance"}


def _shakespearify(text, *, keep_case=True):
    def swap(m):
        w = m.group(0)
        new = THEE.get(w.lower())
        if new is None:
            return w
        return new[0].upper() + new[1:] if keep_case and w[0].isupper() else new
    return re.sub(r"[A-Za-z]+", swap, text)


HELP = ("/start - a greeting\n"
        "/help - this list\n"
        "/count - how many messages this chat has sent me\n"
        "anything else - your words, in Shakespeare's tongue")


def _handle(update, state, *, dedupe=True, strip_bot=True, count_after=True, shakespearify=lambda t: t):
    if dedupe and update["update_id"] <= state["last_update_id"]:
        return [], {"last_update_id": state["last_update_id"], "chats": {k: dict(v) for k, v in state["chats"].items()}}
    chats = {k: dict(v) for k, v in state["chats"].items()}
    new_state = {"last_update_id": max(update["update_id"], state["last_update_id"]), "chats": chats}
    message = update.get("message")
    if not message or "text" not in message:
        return [], new_state
    chat_id, text = message["chat"]["id"], message["text"]
    chat = chats.setdefault(str(chat_id), {"count": 0})
    shown = chat["count"] + 1 if count_after else chat["count"]
    chat["count"] += 1
    words = text.split()
    command = words[0] if words and words[0].startswith("/") else None
    if command and strip_bot:
        command = command.split("@")[0]
    if command == "/start":
        reply = f"Good morrow, {message['from']['first_name']}! Send me words and I shall answer in Shakespeare's tongue."
    elif command == "/help":
        reply = HELP
    elif command == "/count":
        reply = f"Thou hast sent {shown} messages."
    elif command is not None:
        reply = f"I know not the command {command}. Try /help."
    else:
        reply = shakespearify(text)
    return [{"method": "sendMessage", "chat_id": chat_id, "text": reply,
             "reply_to_message_id": message["message_id"]}], new_state


def _with_ref_shakespearify(**options):
    def handle(update, state):
        return _handle(update, state, shakespearify=_shakespearify, **options)
    return handle


def _agent(question, tools, policy, max_steps=5, *, extra=0, typed=True, unknown_checked=True):
    trace = []
    for _ in range(max_steps + extra):
        action = policy(question, [dict(s) for s in trace])
        if "final" in action:
            return action["final"], trace
        name, arg = action["tool"], action["input"]
        try:
            if unknown_checked and name not in tools:
                obs = f"error: unknown tool {name!r}"
            else:
                obs = str(tools[name](arg))  # unchecked: a missing tool raises KeyError, caught below
        except Exception as exc:  # noqa: BLE001
            obs = f"error: {type(exc).__name__}: {exc}" if typed else f"error: {exc}"
        trace.append({"tool": name, "input": arg, "observation": obs})
    return None, trace


MISTAKES = {
    "shakespearify": {
        "a capitalised word lost its capital: 'You' must become 'Thou'":
            lambda text: _shakespearify(text, keep_case=False),
        "replaced inside longer words ('young' -> 'thoung'): swap whole words only":
            lambda text: re.sub("|".join(sorted(THEE, key=len, reverse=True)), lambda m: THEE[m.group(0)], text),
    },
    "handle_update": {
        "a re-delivered update (update_id already seen) was answered again":
            _with_ref_shakespearify(dedupe=False),
        "'/help@bardbot' was not recognised: drop the @botname suffix of a command":
            _with_ref_shakespearify(strip_bot=False),
        "/count left out the message that asked: count it first": _with_ref_shakespearify(count_after=False),
    },
    "run_agent": {
        "a tool error's observation lost the exception's type: f\"error: {type(exc).__name__}: {exc}\"":
            lambda question, tools, policy, max_steps=5: _agent(question, tools, policy, max_steps, typed=False),
        "an unknown tool fell through to the KeyError handler: its observation is f\"error: unknown tool {name!r}\"":
            lambda question, tools, policy, max_steps=5: _agent(question, tools, policy, max_steps,
                                                                unknown_checked=False),
        "one step too many: at most max_steps actions":
            lambda question, tools, policy, max_steps=5: _agent(question, tools, policy, max_steps, extra=1),
    },
}
