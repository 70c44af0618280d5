"""Slack channel: Rasa 3.6's connector, hardened (listed in credentials.yml).

Enabled when SLACK_TOKEN and SLACK_SIGNING_SECRET are set (SLACK_CHANNEL optionally names a
channel the bot answers in without being mentioned); otherwise the routes answer 404.
Differences from Rasa's connector:
- a request with a missing, wrong or stale (over 5 minutes) signature gets 401 and no reply;
- each user message is answered once: Slack's retries (``X-Slack-Retry-Num``, whatever the
  reason) and the ``message`` + ``app_mention`` pair Slack sends for one mention are recognised
  by the message's channel and timestamp, acknowledged with 200 and ``X-Slack-No-Retry: 1``;
- buttons become Block Kit ``actions`` blocks (up to 25 per block, so more than 5 buttons
  no longer drop them all); the legacy ``as_user`` flag is not sent (new apps reject it);
- text is escaped for Slack (``&``, ``<``, ``>``) and split to fit a section block;
- custom payloads are not passed to ``chat.postMessage`` as arguments (the escalation text
  already carries the urgency); unknown interactions get 200 instead of a 500;
- SLACK_API_URL points the client at another Slack API base URL (the tests' fake).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.recent import RecentIds
from bot.channels.rest import MAX_MESSAGE_CHARS
from bot.channels.telegram import split_text

logger = logging.getLogger(__name__)

ENV_TOKEN, ENV_SECRET, ENV_CHANNEL, ENV_API_URL = "SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "SLACK_API_URL"
SECTION_LIMIT = 3000
BUTTONS_PER_BLOCK = 25
BUTTON_TITLE_LIMIT = 75
NO_RETRY = {"X-Slack-No-Retry": "1"}


def escape(text: str) -> str:
    """Slack's required escaping of message text (its own markup uses <...>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def button_blocks(text: str, buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    elements = [{
        "type": "button", "action_id": f"hipbot_button_{i}",
        "text": {"type": "plain_text", "text": b["title"][:BUTTON_TITLE_LIMIT], "emoji": True},
        "value": b["payload"][:2000],
    } for i, b in enumerate(buttons)]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": escape(text), "verbatim": True}}]
    for start in range(0, len(elements), BUTTONS_PER_BLOCK):
        blocks.append({"type": "actions", "block_id": f"hipbot_buttons_{start // BUTTONS_PER_BLOCK}",
                       "elements": elements[start:start + BUTTONS_PER_BLOCK]})
    return blocks


class SlackSettings:
    def __init__(self, env: Optional[Dict[str, str]] = None) -> None:
        env = os.environ if env is None else env
        self.token = env.get(ENV_TOKEN, "").strip()
        self.signing_secret = env.get(ENV_SECRET, "").strip()
        self.channel = env.get(ENV_CHANNEL, "").strip() or None
        self.api_url = env.get(ENV_API_URL, "").strip()

    @property
    def enabled(self) -> bool:
        return bool(self.token and self.signing_secret)


class HipbotSlackOutput(SlackBot):
    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 api_url: str = "") -> None:
        super().__init__(token, slack_channel, thread_id)
        if api_url:
            self.client = AsyncWebClient(token, base_url=api_url.rstrip("/") + "/")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for chunk in split_text(text, SECTION_LIMIT):
            await self._post_message(channel=self.slack_channel or recipient_id, text=escape(chunk))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        *first, last = split_text(text, SECTION_LIMIT)
        for chunk in first:
            await self._post_message(channel=self.slack_channel or recipient_id, text=escape(chunk))
        await self._post_message(channel=self.slack_channel or recipient_id, text=escape(last),
                                 blocks=button_blocks(last, buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        logger.debug("Slack: custom payload with keys %s not sent.", sorted(json_message))


class HipbotSlackInput(SlackInput):
    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls.from_settings(SlackSettings())

    @classmethod
    def from_settings(cls, settings: SlackSettings) -> "HipbotSlackInput":
        if settings.enabled:
            channel = cls(settings.token, settings.channel, slack_signing_secret=settings.signing_secret)
        else:
            logger.info("Slack channel off: set %s and %s to enable it.", ENV_TOKEN, ENV_SECRET)
            channel = cls.__new__(cls)
            channel.slack_token, channel.slack_channel, channel.slack_signing_secret = "", None, ""
            channel.use_threads, channel.conversation_granularity, channel.proxy = False, "sender", None
            channel._background_tasks = set()
        channel.settings = settings
        channel.seen = RecentIds()
        return channel

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> HipbotSlackOutput:
        return HipbotSlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.settings.api_url)

    def _dispatch(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, user: str,
                  channel: Optional[str], thread: Optional[str], metadata: Dict[str, Any]) -> None:
        output = self.get_output_channel(channel, thread if self.use_threads else None)
        message = UserMessage(text[:MAX_MESSAGE_CHARS], output, self._get_conversation_id(user, channel, thread),
                              input_channel=self.name(), metadata=metadata)
        task = asyncio.create_task(self._handle(on_new_message, message))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    @staticmethod
    async def _handle(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception as error:
            logger.error("Slack: handling a message failed: %s", type(error).__name__)
            logger.debug("Slack message failure", exc_info=True)

    def _event(self, body: Dict[str, Any], request: Request, on_new_message) -> Any:
        if body.get("type") == "url_verification":
            return response.json({"challenge": str(body.get("challenge", ""))})
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        if body.get("type") != "event_callback" or not self._is_user_message(body) \
                or event.get("subtype") not in (None, "thread_broadcast", "file_share"):
            return response.json({"status": "ignored"}, headers=NO_RETRY)
        channel, ts = event.get("channel"), event.get("ts")
        key = f"{channel}:{ts}" if channel and ts else body.get("event_id")
        if not self.seen.first_time(key):
            return response.json({"status": "duplicate"}, headers=NO_RETRY)
        users = body.get("authed_users") or [a.get("user_id") for a in body.get("authorizations") or []
                                             if isinstance(a, dict)]
        metadata = {"out_channel": channel, "thread_id": event.get("thread_ts", ts), "users": users}
        if not self._is_supported_channel(body, metadata):
            return response.json({"status": "channel not supported"}, headers=NO_RETRY)
        text = self._sanitize_user_message(event.get("text", ""), users)
        if text:
            self._dispatch(on_new_message, text, event.get("user", ""), channel, metadata["thread_id"], metadata)
        return response.json({"status": "ok"}, headers=NO_RETRY)

    def _interaction(self, payload: Dict[str, Any], on_new_message) -> Any:
        actions = payload.get("actions") if isinstance(payload.get("actions"), list) else []
        if payload.get("type") != "block_actions" or not actions or not self._is_interactive_message(payload):
            return response.json({"status": "ignored"})
        action = actions[0]
        text = self._get_interactive_response(action)
        user = (payload.get("user") or {}).get("id")
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get("channel_id")
        message = payload.get("message") or {}
        key = ("action", channel, message.get("ts"), action.get("action_ts"), user)
        if not text or not user or not self.seen.first_time(key):
            return response.json({"status": "ignored"})
        thread = message.get("thread_ts", message.get("ts"))
        metadata = {"out_channel": channel, "thread_id": thread, "users": [user]}
        self._dispatch(on_new_message, text, user, channel, thread, metadata)
        return response.json({"status": "ok"})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("hipbot_slack", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok" if self.settings.enabled else "disabled"})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request):
            if not self.settings.enabled:
                return response.json({"error": f"Slack is not configured (set {ENV_TOKEN} and {ENV_SECRET})."},
                                     status=404)
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Slack: rejected a request with a missing, wrong or stale signature.")
                return response.json({"error": "invalid signature"}, status=401)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/json":
                    body = json.loads(request.body or b"")
                    if isinstance(body, dict):
                        return self._event(body, request, on_new_message)
                elif content_type == "application/x-www-form-urlencoded":
                    form = parse_qs((request.body or b"").decode("utf-8"))
                    payload = json.loads((form.get("payload") or [""])[0])
                    if isinstance(payload, dict):
                        return self._interaction(payload, on_new_message)
            except (ValueError, UnicodeDecodeError):
                pass
            return response.json({"error": "Not a Slack event or interaction."}, status=400)

        return blueprint
