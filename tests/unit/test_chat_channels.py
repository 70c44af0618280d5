"""Telegram and Slack channel helpers (the webhooks themselves are tested against the running
server in tests/e2e/test_telegram.py and tests/e2e/test_slack.py)."""
import asyncio
import logging
import socket

import pytest

from bot.channels.recent import RecentIds
from bot.channels.slack import BUTTONS_PER_BLOCK, HipbotSlackInput, SlackSettings, button_blocks, escape
from bot.channels.telegram import (MAX_CALLBACK_BYTES, CallbackKeys, HipbotTelegramOutput, TelegramSettings,
                                   register_webhook, split_text, update_text)

TELEGRAM_ENV = {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_BOT_NAME": "hip_bot",
                "TELEGRAM_WEBHOOK_URL": "https://example.org/webhooks/telegram/webhook"}


def test_recent_ids_answer_once_and_forget_the_oldest():
    seen = RecentIds(size=2)
    assert seen.first_time(1) and not seen.first_time(1)
    assert seen.first_time(2) and seen.first_time(3)
    assert seen.first_time(1)  # evicted, so new again
    assert not seen.first_time(3)


def test_split_text_keeps_paragraphs_and_respects_the_limit():
    text = "\n\n".join(["a" * 30, "b" * 30, "c" * 30])
    assert split_text(text, 70) == ["a" * 30 + "\n\n" + "b" * 30, "c" * 30]
    long_words = " ".join(["word"] * 50)
    chunks = split_text(long_words, 40)
    assert all(len(c) <= 40 for c in chunks) and " ".join(chunks) == long_words
    assert split_text("x" * 100, 40) == ["x" * 40, "x" * 40, "x" * 20]


def test_long_button_payloads_fit_telegrams_callback_data():
    keys = CallbackKeys()
    short = "/affirm"
    long = '/describe_symptoms{"question": "red_flag_check", "answer": "fall_or_injury_cannot_bear_weight"}'
    assert keys.encode(short) == short
    key = keys.encode(long)
    assert len(key.encode()) <= MAX_CALLBACK_BYTES and key != long
    assert keys.decode(key) == long and keys.decode(short) == short
    assert keys.decode("k:" + "0" * 32) is None  # a key from before a restart
    assert keys.decode(keys.encode("k:literal")) == "k:literal"


def test_telegram_is_enabled_only_with_token_name_and_url():
    assert TelegramSettings(TELEGRAM_ENV).enabled
    for missing in TELEGRAM_ENV:
        assert not TelegramSettings({k: v for k, v in TELEGRAM_ENV.items() if k != missing}).enabled


def test_telegram_secret_is_checked_or_generated():
    settings = TelegramSettings({**TELEGRAM_ENV, "TELEGRAM_SECRET_TOKEN": "s3cret_-A"})
    assert settings.secret == "s3cret_-A" and not settings.secret_generated
    generated = TelegramSettings(TELEGRAM_ENV)
    assert generated.secret_generated and len(generated.secret) >= 32
    assert generated.secret != TelegramSettings(TELEGRAM_ENV).secret
    with pytest.raises(ValueError, match="TELEGRAM_SECRET_TOKEN"):
        TelegramSettings({**TELEGRAM_ENV, "TELEGRAM_SECRET_TOKEN": "has spaces!"})


@pytest.mark.parametrize("update, text, callback", [
    ({"update_id": 1, "message": {"chat": {"id": 5}, "text": "hi"}}, "hi", None),
    ({"update_id": 2, "edited_message": {"chat": {"id": 5}, "text": "edited"}}, "edited", None),
    ({"update_id": 3, "message": {"chat": {"id": 5}, "photo": [{}], "caption": "my hip"}}, "my hip", None),
    ({"update_id": 4, "message": {"chat": {"id": 5}, "sticker": {}}}, None, None),
    ({"update_id": 5, "my_chat_member": {"chat": {"id": 5}}}, None, None),
    ({"update_id": 6, "callback_query": {"id": "77", "data": "/affirm", "message": {"chat": {"id": 5}}}}, "/affirm", "77"),
])
def test_update_text_reads_every_kind_of_update(update, text, callback):
    chat, found, callback_id = update_text(update)
    assert found == text and callback_id == callback
    if text:
        assert chat == {"id": 5}


def test_unreachable_telegram_api_is_logged_not_raised(caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings = TelegramSettings(TELEGRAM_ENV)
    output = HipbotTelegramOutput(settings.token, f"http://127.0.0.1:{port}")

    async def run():
        try:
            return await register_webhook(output, settings)
        finally:
            await output.session.close()

    with caplog.at_level(logging.ERROR, logger="bot.channels.telegram"):
        assert asyncio.run(run()) is False
    assert "could not set the webhook" in caplog.text


def test_slack_text_is_escaped():
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


@pytest.mark.parametrize("count, blocks", [(2, 1), (7, 1), (BUTTONS_PER_BLOCK + 5, 2)])
def test_slack_buttons_become_block_kit_actions(count, blocks):
    buttons = [{"title": f"Option {i}", "payload": f"/answer{i}"} for i in range(count)]
    result = button_blocks("Pick <one>", buttons)
    assert result[0]["type"] == "section" and result[0]["text"]["text"] == "Pick &lt;one&gt;"
    actions = [b for b in result if b["type"] == "actions"]
    assert len(actions) == blocks
    elements = [e for b in actions for e in b["elements"]]
    assert [e["value"] for e in elements] == [b["payload"] for b in buttons]
    assert len({e["action_id"] for e in elements}) == count
    assert all(len(b["elements"]) <= BUTTONS_PER_BLOCK for b in actions)


def test_slack_is_enabled_only_with_token_and_signing_secret():
    assert SlackSettings({"SLACK_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}).enabled
    assert not SlackSettings({"SLACK_TOKEN": "xoxb-1"}).enabled
    off = HipbotSlackInput.from_settings(SlackSettings({}))  # Rasa's class would raise here
    assert not off.settings.enabled
