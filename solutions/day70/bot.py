# %%
"""Day 70 — a chat bot's core and an agent loop, both pure Python you can test without a network.

`handle_update` is the whole of a Telegram bot except the HTTP calls: it takes one update shaped
like the Bot API's JSON (https://core.telegram.org/bots/api#update) and the bot's state, and
returns the messages to send and the next state. A real bot would only add a loop that fetches
updates (getUpdates) and posts the replies (sendMessage).

`run_agent` is the loop behind "tool-using" language-model agents, with the model replaced by a
`policy` function: ask the policy for an action, run the tool it names, show it the observation,
repeat until it answers or the step budget runs out.

Shapes of the data (all plain dicts, lists, str and int, as JSON gives them):
  update  {"update_id": int, "message": {"message_id": int, "from": {"id": int, "first_name": str},
           "chat": {"id": int, "type": str}, "date": int, "text": str}}   ("message" or "text" may be absent)
  state   {"last_update_id": int, "chats": {str(chat id): {"count": int}}}
  reply   {"method": "sendMessage", "chat_id": int, "text": str, "reply_to_message_id": int}
  action  {"tool": str, "input": str}  or  {"final": str}
  step    {"tool": str, "input": str, "observation": str}

Stretch: `MemoryStore` remembers what each user told the bot and recalls it by shared words; its
contents survive a restart as a JSON string.
  memory  {str(user id): [text, ...]}  (the texts each user asked to remember, oldest first)

Check your work:  pytest assignments/day70   (or: ai100 check day70)
"""

import json
import re

NEW_STATE = {"last_update_id": -1, "chats": {}}

HELP = ("/start - a greeting\n"
        "/help - this list\n"
        "/count - how many messages this chat has sent me\n"
        "anything else - your words, in Shakespeare's tongue")

# Modern word -> Elizabethan word; shakespearify swaps whole words only.
THEE = {"you": "thou", "your": "thy", "yours": "thine", "are": "art", "have": "hast", "has": "hath",
        "do": "dost", "does": "doth", "hello": "good morrow", "hi": "hail", "yes": "aye", "no": "nay",
        "my": "mine", "before": "ere", "often": "oft", "nothing": "naught", "maybe": "perchance"}


# %%
def shakespearify(text):
    """Every word of `text` found in THEE (compared in lower case) replaced by its Elizabethan form.

    text: str.  Returns str. Words are runs of letters; everything else (spaces, punctuation,
    digits) stays as it is. A replaced word that began with a capital letter begins with one again
    ("You are" -> "Thou art"). About 6 lines with re.sub and a function.
    """
    ### BEGIN SOLUTION
    def swap(match):
        word = match.group(0)
        new = THEE.get(word.lower())
        if new is None:
            return word
        return new[0].upper() + new[1:] if word[0].isupper() else new
    return re.sub(r"[A-Za-z]+", swap, text)
    ### END SOLUTION


# %%
def handle_update(update, state):
    """One Bot-API update in, the replies and the next state out. Never modifies `state`.

    update: dict (see the module docstring).  state: dict, NEW_STATE for a fresh bot.
    Returns (replies: list of reply dicts, new_state: dict).
    Rules, in order:
      1. An update whose update_id is <= state["last_update_id"] was seen before (Telegram
         re-delivers): no replies, the state unchanged.
      2. Otherwise new_state["last_update_id"] = update_id. An update without a "message", or whose
         message has no "text" (a sticker, a photo), gets no replies.
      3. A text message adds 1 to its chat's "count" (a chat not yet in "chats" starts at 0; the
         key is str(chat id)), and gets exactly one reply to that chat, replying to its message_id:
           "/start"  -> f"Good morrow, {first_name}! Send me words and I shall answer in Shakespeare's tongue."
           "/help"   -> HELP
           "/count"  -> f"Thou hast sent {count} messages." (count including this one)
           another "/word" -> f"I know not the command /word. Try /help."
           any other text -> shakespearify(text)
         A command is the text's first word; an "@botname" suffix ("/help@bardbot") is ignored.
    About 25 lines. Build the new state from copies: the caller keeps the old one.
    """
    ### BEGIN SOLUTION
    if update["update_id"] <= state["last_update_id"]:
        return [], {"last_update_id": state["last_update_id"],
                    "chats": {k: dict(v) for k, v in state["chats"].items()}}
    chats = {k: dict(v) for k, v in state["chats"].items()}
    new_state = {"last_update_id": update["update_id"], "chats": chats}
    message = update.get("message")
    if not message or "text" not in message:
        return [], new_state
    chat_id, text = message["chat"]["id"], message["text"]
    chat = chats.setdefault(str(chat_id), {"count": 0})
    chat["count"] += 1
    words = text.split()
    command = words[0].split("@")[0] if words and words[0].startswith("/") else None
    if command == "/start":
        reply = f"Good morrow, {message['from']['first_name']}! Send me words and I shall answer in Shakespeare's tongue."
    elif command == "/help":
        reply = HELP
    elif command == "/count":
        reply = f"Thou hast sent {chat['count']} messages."
    elif command is not None:
        reply = f"I know not the command {command}. Try /help."
    else:
        reply = shakespearify(text)
    return [{"method": "sendMessage", "chat_id": chat_id, "text": reply,
             "reply_to_message_id": message["message_id"]}], new_state
    ### END SOLUTION


# %%
def run_agent(question, tools, policy, max_steps=5):
    """Ask `policy` for actions and run the tools it names, until it answers or max_steps tool runs.

    question: str.  tools: dict name -> function(str) -> str.
    policy: function(question, trace) -> action; trace is the list of steps so far.
    max_steps: int >= 0, the most actions asked for.
    Returns (answer: str, or None when the budget ran out, trace: list of step dicts).
    Each of at most max_steps rounds: action = policy(question, trace); a {"final": ...} action
    ends the loop with that answer; a {"tool": name, "input": x} action runs tools[name](x) and
    appends {"tool": name, "input": x, "observation": str(result)}. A tool that raises does not
    stop the agent: its observation is f"error: {type(exc).__name__}: {exc}"; an unknown tool's
    is f"error: unknown tool {name!r}". Pass the policy a copy of the trace. About 15 lines.
    """
    ### BEGIN SOLUTION
    trace = []
    for _ in range(max_steps):
        action = policy(question, [dict(step) for step in trace])
        if "final" in action:
            return action["final"], trace
        name, arg = action["tool"], action["input"]
        if name not in tools:
            observation = f"error: unknown tool {name!r}"
        else:
            try:
                observation = str(tools[name](arg))
            except Exception as exc:  # noqa: BLE001 - any tool failure is something the agent can read
                observation = f"error: {type(exc).__name__}: {exc}"
        trace.append({"tool": name, "input": arg, "observation": observation})
    return None, trace
    ### END SOLUTION


# %%
def words_of(text):
    """The distinct words of `text` that MemoryStore compares: lower-cased runs of letters and digits.

    text: str.  Returns set of str ("Kalo's capital" -> {"kalo", "s", "capital"}).
    """
    return set(re.findall(r"[a-z0-9]+", text.lower()))


# %%
class MemoryStore:
    """Stretch: what each user asked the bot to remember, recalled later by the words it shares
    with a question, and kept across restarts as JSON.

    MemoryStore(saved=None): saved is None for an empty store, or a string made by .dumps() of
    another store, which the new store then holds the same memories as.
    .remember(user, text): user int, text str; stored for that user only. Returns None.
    .recall(user, query, k=1): user int, query str, k >= 1. Returns a list of at most k of the
      user's remembered texts: those sharing at least one word (words_of) with the query, the
      most shared words first; between texts sharing as many, the more recently remembered first.
      Another user's memories are never returned.
    .dumps(): Returns str, JSON that MemoryStore(saved) reads back (json.dumps of a dict is fine).
    About 15 lines in all.
    """

    def __init__(self, saved=None):
        ### BEGIN SOLUTION
        self.memory = json.loads(saved) if saved is not None else {}
        ### END SOLUTION

    def remember(self, user, text):
        ### BEGIN SOLUTION
        self.memory.setdefault(str(user), []).append(text)
        ### END SOLUTION

    def recall(self, user, query, k=1):
        ### BEGIN SOLUTION
        wanted = words_of(query)
        ranked = []
        for age, text in enumerate(reversed(self.memory.get(str(user), []))):
            shared = len(wanted & words_of(text))
            if shared > 0:
                ranked.append((-shared, age, text))  # sorts by most shared, then most recent
        return [text for _, _, text in sorted(ranked)[:k]]
        ### END SOLUTION

    def dumps(self):
        ### BEGIN SOLUTION
        return json.dumps(self.memory)
        ### END SOLUTION
