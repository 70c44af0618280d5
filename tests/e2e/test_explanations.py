"""'Why are you asking this?' and 'why do you say that?' with the real servers, over REST."""
import uuid

import pytest

from bot.interview import interview
from bot.knowledge import knowledge
from bot.replies import recommendation

pytestmark = pytest.mark.slow


def question_of(replies: list[dict]) -> str | None:
    for reply in replies:
        for button in reply.get("buttons") or []:
            if button["payload"].startswith("/describe_symptoms{") and '"question": "' in button["payload"]:
                return button["payload"].split('"question": "')[1].split('"')[0]
    return None


def test_why_mid_check_then_why_after_the_summary(servers):
    user, iv = uuid.uuid4().hex, interview()
    asked = question_of(servers.say(user, "my hip hurts on the outside, worse when i lie on that side"))
    assert asked is not None
    replies = servers.say(user, "why are you asking this?")
    text = "\n".join(r.get("text", "") for r in replies)
    assert iv.why(asked) in text and recommendation() in text
    assert question_of(replies) == asked  # and the same question again
    # answer everything "not sure" until the summary
    shown = None
    for _ in range(15):
        replies = servers.say(user, "not sure")
        shown = next((r["custom"]["assessment"] for r in replies if "assessment" in (r.get("custom") or {})), None)
        if shown:
            break
    assert shown and shown["causes"], replies
    text = "\n".join(r.get("text", "") for r in servers.say(user, "why do you say that?"))
    assert knowledge().get(shown["causes"][0]).name in text
    assert "pain on the outside of the hip" in text and recommendation() in text
