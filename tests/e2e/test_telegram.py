"""Telegram webhook of the running server, with update payloads as documented by the Bot API
(https://core.telegram.org/bots/api#update). Replies go to the local fake API (chat_apis.py).

The webhook answers after the bot has replied, so the calls recorded when a POST returns are
all the replies to that update: counts are exact, not timed.
"""
import itertools
import json

import httpx
import pytest

from tests.e2e.chat_apis import TELEGRAM_BOT_NAME, TELEGRAM_SECRET

pytestmark = pytest.mark.slow
update_ids = itertools.count(700_000_000)
chat_ids = itertools.count(9_100_000)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def user(chat_id: int) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Ann", "language_code": "en"}


def message_update(chat_id: int, text: str, kind: str = "message", chat_type: str = "private", **extra) -> dict:
    message = {"message_id": next(update_ids) % 100000, "from": user(chat_id),
               "chat": {"id": chat_id, "first_name": "Ann", "type": chat_type}, "date": 1700000000, "text": text,
               **extra}
    if kind == "edited_message":
        message["edit_date"] = 1700000100
    return {"update_id": next(update_ids), kind: message}


def callback_update(chat_id: int, data: str) -> dict:
    return {"update_id": next(update_ids), "callback_query": {
        "id": f"cb{chat_id}", "from": user(chat_id), "chat_instance": "-4123456789", "data": data,
        "message": {"message_id": 12, "from": {"id": 123456789, "is_bot": True, "first_name": "Hip"},
                    "chat": {"id": chat_id, "type": "private"}, "date": 1700000000, "text": "..."}}}


def post(servers, update, secret: str | None = TELEGRAM_SECRET) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return httpx.post(f"{servers.url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=120)


def sent_to(servers, chat_id: int, method: str = "sendMessage") -> list:
    return servers.chat_apis.calls_to("telegram", method, lambda c: str(c.body.get("chat_id")) == str(chat_id))


def keyboard(call) -> list[dict]:
    markup = json.loads(call.body.get("reply_markup") or "{}")
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def test_webhook_was_set_with_the_secret_at_start_up(servers):
    calls = servers.chat_apis.wait_for("telegram", "setWebhook")
    assert calls[0].body["secret_token"] == TELEGRAM_SECRET
    assert calls[0].body["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert set(json.loads(calls[0].body["allowed_updates"])) == {"message", "edited_message", "callback_query"}


def test_text_message_gets_a_reply_with_an_inline_keyboard(servers):
    chat = next(chat_ids)
    response = post(servers, message_update(chat, "what is bursitis?"))
    assert response.status_code == 200
    replies = sent_to(servers, chat)
    assert replies and any("bursitis" in c.body["text"].lower() for c in replies)
    assert all(len(c.body["text"]) <= 4096 for c in replies)
    buttons = [b for c in replies for b in keyboard(c)]
    assert buttons and all(b["text"] and len(b["callback_data"].encode()) <= 64 for b in buttons)


def test_button_tap_is_acknowledged_and_answered(servers):
    chat = next(chat_ids)
    post(servers, message_update(chat, "/start", entities=[{"offset": 0, "length": 6, "type": "bot_command"}]))
    buttons = [b for c in sent_to(servers, chat) for b in keyboard(c)]
    assert buttons, "the greeting has no buttons"
    before = len(sent_to(servers, chat))
    assert post(servers, callback_update(chat, buttons[0]["callback_data"])).status_code == 200
    assert len(sent_to(servers, chat)) > before
    acks = servers.chat_apis.wait_for("telegram", "answerCallbackQuery",
                                      lambda c: c.body.get("callback_query_id") == f"cb{chat}")
    assert len(acks) == 1


def test_long_payload_button_round_trips(servers):
    """The check's answer buttons carry payloads over 64 bytes; a tap must still answer the question."""
    chat = next(chat_ids)
    post(servers, message_update(chat, "can you check my hip pain?"))
    long_keys = [b for c in sent_to(servers, chat) for b in keyboard(c) if b["callback_data"].startswith("k:")]
    assert long_keys, "no long-payload button in the check"
    before = len(sent_to(servers, chat))
    post(servers, callback_update(chat, long_keys[0]["callback_data"]))
    assert len(sent_to(servers, chat)) > before


def test_edited_message_with_a_warning_sign_escalates(servers):
    chat = next(chat_ids)
    post(servers, message_update(chat, "I fell and now I can't stand on my leg", kind="edited_message"))
    texts = " ".join(c.body["text"] for c in sent_to(servers, chat))
    assert "999" in texts and "emergency" in texts.lower()


def test_group_mention_of_the_bot_name_is_understood(servers):
    chat = -next(chat_ids)
    post(servers, message_update(chat, f"@{TELEGRAM_BOT_NAME} what is sciatica?", chat_type="group"))
    assert any("sciatica" in c.body["text"].lower() for c in sent_to(servers, chat))


def test_redelivered_update_is_answered_once(servers):
    chat = next(chat_ids)
    update = message_update(chat, "what is sciatica?")
    post(servers, update)
    first = len(sent_to(servers, chat))
    assert first >= 1
    again = post(servers, update)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert len(sent_to(servers, chat)) == first


@pytest.mark.parametrize("update", [
    {"update_id": 1, "message": {"message_id": 3, "chat": {"id": 0, "type": "private"}, "date": 1700000000,
                                 "sticker": {"file_id": "CAAC", "file_unique_id": "AgAD", "width": 512, "height": 512,
                                             "is_animated": False, "is_video": False, "type": "regular"}}},
    {"update_id": 1, "my_chat_member": {"chat": {"id": 0, "type": "private"}, "from": {"id": 0, "is_bot": False,
                                        "first_name": "Ann"}, "date": 1700000000,
                                        "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True, "first_name": "Hip"}},
                                        "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True, "first_name": "Hip"},
                                                            "until_date": 0}}},
], ids=["sticker", "blocked_by_user"])
def test_updates_without_text_get_200_and_no_reply(servers, update):
    chat = next(chat_ids)
    update = json.loads(json.dumps(update).replace('"id": 0', f'"id": {chat}'))
    update["update_id"] = next(update_ids)
    response = post(servers, update)
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert sent_to(servers, chat) == []


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"], ids=["missing", "empty", "wrong", "longer"])
def test_update_without_the_secret_is_rejected_and_not_answered(servers, secret):
    chat = next(chat_ids)
    response = post(servers, message_update(chat, "what is bursitis?"), secret=secret)
    assert response.status_code == 403
    assert sent_to(servers, chat) == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"message": {}}'])
def test_malformed_updates_get_400(servers, body):
    response = httpx.post(f"{servers.url}/webhooks/telegram/webhook", content=body,
                          headers={SECRET_HEADER: TELEGRAM_SECRET, "Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
