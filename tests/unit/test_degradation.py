"""Graceful degradation in the channels: a turn that fails, says nothing or is too slow still
gets the safe reply (try again, warning signs, emergency number, the recommendation)."""
import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import degradation
from bot.channels.degradation import WatchedOutputChannel, guard, reply_deadline, safe_reply_text


def run_turn(on_new_message, deadline=5.0) -> CollectingOutputChannel:
    collector = CollectingOutputChannel()

    async def main():
        await guard(on_new_message, deadline)(UserMessage("what is bursitis?", collector, "user1"))

    asyncio.run(main())
    return collector


async def answers(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": "Bursitis is..."})


async def says_nothing(message: UserMessage) -> None:
    return None


async def action_server_down(message: UserMessage) -> None:
    raise ConnectionRefusedError("action server")


def test_a_normal_turn_is_passed_through_untouched():
    collector = run_turn(answers)
    assert [m["text"] for m in collector.messages] == ["Bursitis is..."]


@pytest.mark.parametrize("turn", [says_nothing, action_server_down])
def test_a_turn_with_no_reply_or_an_error_gets_the_safe_reply(turn):
    collector = run_turn(turn)
    assert "\n\n".join(m["text"] for m in collector.messages) == safe_reply_text()
    assert {m["recipient_id"] for m in collector.messages} == {"user1"}


def test_a_slow_turn_gets_the_safe_reply_and_still_finishes():
    finished = []

    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.5)
        await message.output_channel.send_response(message.sender_id, {"text": "late answer"})
        finished.append(True)

    collector = CollectingOutputChannel()

    async def main():
        await guard(slow, deadline=0.05)(UserMessage("hi", collector, "user1"))
        replied = [m["text"] for m in collector.messages]
        while degradation._background:  # the turn carries on in the background
            await asyncio.sleep(0.05)
        return replied

    replied = asyncio.run(main())
    assert "\n\n".join(replied) == safe_reply_text()
    assert finished and [m["text"] for m in collector.messages] == [*replied, "late answer"]


def test_watched_channel_counts_and_delegates():
    inner = CollectingOutputChannel()
    watched = WatchedOutputChannel(inner)
    asyncio.run(watched.send_response("u", {"text": "a", "buttons": [{"title": "B", "payload": "/b"}]}))
    assert watched.sent == 1 and watched.name() == inner.name() == "collector"
    assert watched.messages == inner.messages and inner.messages[0]["buttons"]


@pytest.mark.parametrize("raw, expected", [(None, 25.0), ("", 25.0), ("7.5", 7.5)])
def test_reply_deadline(raw, expected, monkeypatch):
    if raw is None:
        monkeypatch.delenv("HIPBOT_REPLY_DEADLINE_SECONDS", raising=False)
    else:
        monkeypatch.setenv("HIPBOT_REPLY_DEADLINE_SECONDS", raw)
    assert reply_deadline() == expected


@pytest.mark.parametrize("raw", ["soon", "0", "-3"])
def test_bad_reply_deadline_is_refused(raw, monkeypatch):
    monkeypatch.setenv("HIPBOT_REPLY_DEADLINE_SECONDS", raw)
    with pytest.raises(ValueError, match="HIPBOT_REPLY_DEADLINE_SECONDS"):
        reply_deadline()
