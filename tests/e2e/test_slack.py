"""Slack webhook of the running server, with payloads as documented by Slack (Events API
url_verification and event_callback, block_actions interactions), signed with the signing
secret as Slack signs them. Replies go to the local fake Web API (chat_apis.py).

Slack requests are answered at once and the reply is posted in the background. To count
replies without timing, each test ends with a second, different message in the same
conversation and waits for its reply: Rasa handles one conversation's messages in order, so a
duplicate reply to the first message would have been posted before it.
"""
import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import urlencode

import httpx
import pytest

from tests.e2e.chat_apis import SLACK_SIGNING_SECRET

pytestmark = pytest.mark.slow
counter = itertools.count(1)
BOT_USER = "U0LAN0Z89"


def sign(body: bytes, secret: str = SLACK_SIGNING_SECRET, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def post(servers, body: bytes, content_type: str = "application/json", headers: dict | None = None,
         signed: bool = True) -> httpx.Response:
    all_headers = {"Content-Type": content_type, **(sign(body) if signed else {}), **(headers or {})}
    return httpx.post(f"{servers.url}/webhooks/slack/webhook", content=body, headers=all_headers, timeout=60)


def event(text: str, channel: str, user: str, kind: str = "message", channel_type: str = "im",
          ts: str | None = None, **extra) -> dict:
    ts = ts or f"1700000{next(counter):03d}.000{next(counter):03d}"
    inner = {"type": kind, "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
             "client_msg_id": f"5b1f8f2c-{next(counter):04d}", **extra}
    if kind == "message":
        inner["channel_type"] = channel_type
    return {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "team_id": "T123ABC456", "api_app_id": "A123ABC456",
            "event": inner, "type": "event_callback", "authorizations": [{"user_id": BOT_USER, "is_bot": True}],
            "event_id": f"Ev{next(counter):08d}", "event_time": 1700000000}


def block_action(user: str, channel: str, value: str, title: str = "Tap") -> bytes:
    payload = {"type": "block_actions", "user": {"id": user, "username": "ann", "team_id": "T123ABC456"},
               "api_app_id": "A123ABC456", "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
               "container": {"type": "message", "message_ts": "1700000000.000200", "channel_id": channel,
                             "is_ephemeral": False},
               "trigger_id": f"12321423423.333649436676.{next(counter)}", "team": {"id": "T123ABC456", "domain": "clinic"},
               "channel": {"id": channel, "name": "directmessage"},
               "message": {"type": "message", "ts": "1700000000.000200", "text": "..."},
               "response_url": "https://hooks.slack.com/actions/T123ABC456/1/abc",
               "actions": [{"action_id": "hipbot_button_0", "block_id": "hipbot_buttons_0",
                            "text": {"type": "plain_text", "text": title}, "value": value, "type": "button",
                            "action_ts": f"1700000{next(counter):03d}.840180"}]}
    return urlencode({"payload": json.dumps(payload)}).encode()


def posts_to(servers, channel: str) -> list:
    return servers.chat_apis.calls_to("slack", "chat.postMessage", lambda c: c.body.get("channel") == channel)


def wait_for_text(servers, channel: str, needle: str) -> list:
    return servers.chat_apis.wait_for("slack", "chat.postMessage",
                                      lambda c: c.body.get("channel") == channel and needle in c.body.get("text", "").lower())


def conversation() -> tuple[str, str]:
    n = next(counter)
    return f"D{n:08d}", f"U{n:08d}"


def settle(servers, channel: str, user: str) -> list:
    """A different message in the same conversation; once it is answered, earlier ones are done.
    Returns the posts made before its reply, i.e. all the replies to the earlier messages."""
    before = len(posts_to(servers, channel))
    post(servers, json.dumps(event("what is sciatica?", channel, user)).encode())
    servers.chat_apis.wait_for("slack", "chat.postMessage",
                               lambda c: c.body.get("channel") == channel and "sciatica" in c.body.get("text", "").lower(),
                               count=1 + sum("sciatica" in c.body.get("text", "").lower()
                                             for c in posts_to(servers, channel)[:before]))
    posts = posts_to(servers, channel)
    first_reply = next(i for i, c in enumerate(posts) if i >= before and "sciatica" in c.body.get("text", "").lower())
    return posts[:first_reply]


def test_url_verification_challenge_is_answered(servers):
    body = json.dumps({"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "type": "url_verification",
                       "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}).encode()
    response = post(servers, body)
    assert response.status_code == 200
    assert response.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_direct_message_gets_text_and_block_kit_buttons(servers):
    channel, user = conversation()
    assert post(servers, json.dumps(event("what is bursitis?", channel, user)).encode()).status_code == 200
    replies = wait_for_text(servers, channel, "bursitis")
    with_buttons = [c for c in posts_to(servers, channel) if c.body.get("blocks")]
    assert with_buttons, "no Block Kit message"
    blocks = with_buttons[0].body["blocks"]
    assert blocks[0]["type"] == "section"
    elements = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert elements and all(e["type"] == "button" and e["value"].startswith("/") for e in elements)
    assert all("as_user" not in c.body for c in posts_to(servers, channel))
    assert replies


def test_button_tap_is_answered(servers):
    channel, user = conversation()
    response = post(servers, block_action(user, channel, "/start_assessment", "Check my hip pain"),
                    content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    replies = servers.chat_apis.wait_for("slack", "chat.postMessage", lambda c: c.body.get("channel") == channel)
    assert replies


def test_retries_and_the_mention_twin_are_not_answered_twice(servers):
    channel, user = conversation()
    first = event("what is bursitis?", channel, user)
    body = json.dumps(first).encode()
    assert post(servers, body).status_code == 200
    for reason in ("http_timeout", "http_error"):  # Rasa's connector re-answers the second one
        retry = post(servers, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    # Slack sends a mention in a channel twice: as app_mention and as message (same ts).
    twin = event(f"<@{BOT_USER}> what is bursitis?", channel, user, kind="app_mention", ts=first["event"]["ts"])
    post(servers, json.dumps(twin).encode())
    replies = settle(servers, channel, user)
    answers = [c for c in replies if c.body.get("blocks")]
    assert len(answers) == 1, [c.body.get("text", "")[:60] for c in replies]


def test_channel_mention_is_answered_and_bot_messages_are_not(servers):
    channel, user = f"C{next(counter):08d}", f"U{next(counter):08d}"
    mention = event(f"<@{BOT_USER}> what is bursitis?", channel, user, kind="app_mention")
    post(servers, json.dumps(mention).encode())
    wait_for_text(servers, channel, "bursitis")
    own = event("what is bursitis?", channel, BOT_USER, bot_id="B123")
    assert post(servers, json.dumps(own).encode()).json()["status"] == "ignored"
    edited = event("", channel, user, subtype="message_changed", message={"text": "what is bursitis?"})
    assert post(servers, json.dumps(edited).encode()).json()["status"] == "ignored"


def test_forged_stale_and_unsigned_requests_get_401_and_no_reply(servers):
    channel, user = conversation()
    body = json.dumps(event("what is bursitis?", channel, user)).encode()
    forged = post(servers, body, signed=False, headers=sign(body, secret="not-the-secret"))
    stale = post(servers, body, signed=False, headers=sign(body, timestamp=int(time.time()) - 6 * 60))
    unsigned = post(servers, body, signed=False)
    tampered = post(servers, body.replace(b"bursitis", b"sciatica"), signed=False, headers=sign(body))
    forged_tap = post(servers, block_action(user, channel, "/start_assessment"),
                      content_type="application/x-www-form-urlencoded", signed=False,
                      headers=sign(b"other", secret="not-the-secret"))
    for response in (forged, stale, unsigned, tampered, forged_tap):
        assert response.status_code == 401
    assert settle(servers, channel, user) == []


@pytest.mark.parametrize("body, content_type", [
    (b"not json", "application/json"),
    (b"payload=not-json", "application/x-www-form-urlencoded"),
    (b"hello", "text/plain"),
])
def test_malformed_signed_requests_get_400(servers, body, content_type):
    assert post(servers, body, content_type=content_type).status_code == 400
