"""Telegram channel: Rasa 3.6's connector, hardened (listed in credentials.yml).

Enabled when TELEGRAM_TOKEN, TELEGRAM_BOT_NAME and TELEGRAM_WEBHOOK_URL are set; otherwise the
routes exist but answer 404 and nothing talks to Telegram. Differences from Rasa's connector:
- every update must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to TELEGRAM_SECRET_TOKEN
  (sent to Telegram with ``setWebhook``); a missing or wrong header gets 403 and no reply.
  Without TELEGRAM_SECRET_TOKEN a random secret is made at start-up (fine for one server);
- the webhook is set after the server has started, in the background: if Telegram cannot be
  reached the server still runs and the log says so (``POST set_webhook`` retries);
- an update delivered twice (same ``update_id``) is answered once; updates without text
  (stickers, a user blocking the bot...) get 200 and no reply instead of a 500;
- buttons become an inline keyboard, one button per row; payloads longer than Telegram's
  64-byte ``callback_data`` limit are sent as a short key; button taps are acknowledged
  (``answerCallbackQuery``) so the client stops its spinner;
- long replies are split at paragraph breaks to fit Telegram's 4096-character limit;
- a ``download`` custom payload is sent as a document; other custom payloads are not
  forwarded to the Bot API (the escalation text already carries the urgency);
- TELEGRAM_API_URL points the client at another Bot API server (a local one, or the tests' fake).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
import os
import re
import secrets
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.recent import RecentIds
from bot.channels.rest import MAX_MESSAGE_CHARS

logger = logging.getLogger(__name__)

ENV_TOKEN, ENV_BOT_NAME, ENV_WEBHOOK_URL = "TELEGRAM_TOKEN", "TELEGRAM_BOT_NAME", "TELEGRAM_WEBHOOK_URL"
ENV_SECRET, ENV_API_URL = "TELEGRAM_SECRET_TOKEN", "TELEGRAM_API_URL"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token
MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "k:"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
SET_WEBHOOK_TIMEOUT = 20


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Paragraphs packed into as few messages of at most ``limit`` characters as possible."""
    chunks: List[str] = []
    for paragraph in [p.strip() for p in text.strip().split("\n\n") if p.strip()]:
        while len(paragraph) > limit:
            cut = paragraph.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            chunks.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if chunks and len(chunks[-1]) + 2 + len(paragraph) <= limit:
            chunks[-1] += "\n\n" + paragraph
        else:
            chunks.append(paragraph)
    return chunks or [""]


class CallbackKeys:
    """Button payloads too long for ``callback_data``, kept under a short key (in memory)."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(KEY_PREFIX):
            return payload
        key = KEY_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.size:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> Optional[str]:
        """The payload behind ``data``; None for a key this server no longer knows."""
        return self._payloads.get(data) if data.startswith(KEY_PREFIX) else data


CALLBACK_KEYS = CallbackKeys()


class TelegramSettings:
    def __init__(self, env: Optional[Dict[str, str]] = None) -> None:
        env = os.environ if env is None else env
        self.token = env.get(ENV_TOKEN, "").strip()
        self.bot_name = env.get(ENV_BOT_NAME, "").strip().lstrip("@")
        self.webhook_url = env.get(ENV_WEBHOOK_URL, "").strip()
        self.api_url = env.get(ENV_API_URL, "").strip()
        configured = env.get(ENV_SECRET, "").strip()
        if configured and not SECRET_PATTERN.match(configured):
            raise ValueError(f"{ENV_SECRET} may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
        self.secret_generated = not configured
        self.secret = configured or secrets.token_urlsafe(32)

    @property
    def enabled(self) -> bool:
        return bool(self.token and self.bot_name and self.webhook_url)


class HipbotTelegramOutput(TelegramOutput):
    def __init__(self, access_token: Optional[Text], api_url: str = "") -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server, timeout=SET_WEBHOOK_TIMEOUT)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for chunk in split_text(text):
            await self.send_message(recipient_id, chunk)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        markup = InlineKeyboardMarkup()
        for button in buttons:
            markup.row(InlineKeyboardButton(button["title"], callback_data=CALLBACK_KEYS.encode(button["payload"])))
        *first, last = split_text(text)
        for chunk in first:
            await self.send_message(recipient_id, chunk)
        await self.send_message(recipient_id, last or "…", reply_markup=markup)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        download = json_message.get("download")
        if isinstance(download, dict) and isinstance(download.get("content"), str):
            name = re.sub(r"[^A-Za-z0-9._-]+", "_", str(download.get("filename") or "summary.html"))[:100]
            document = InputFile(io.BytesIO(download["content"].encode("utf-8")), filename=name)
            await self.send_document(recipient_id, document)


async def register_webhook(output: HipbotTelegramOutput, settings: TelegramSettings) -> bool:
    """setWebhook with the secret; logs (without failing) when the Bot API cannot be reached."""
    try:
        await asyncio.wait_for(output.request("setWebhook", {
            "url": settings.webhook_url, "secret_token": settings.secret,
            "allowed_updates": json.dumps(ALLOWED_UPDATES),
        }), SET_WEBHOOK_TIMEOUT)
    except Exception as error:  # network errors, timeouts, API errors: the server runs on
        logger.error("Telegram: could not set the webhook (%s: %s). The server keeps running; "
                     "retry with POST /webhooks/telegram/set_webhook.", type(error).__name__, error)
        return False
    logger.info("Telegram: webhook set to %s.", settings.webhook_url)
    return True


def update_text(update: Dict[str, Any]) -> tuple[Optional[Dict[str, Any]], Optional[str], Optional[str]]:
    """(chat, text, callback query id) of an update; text is None when there is nothing to answer."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        message = callback.get("message") if isinstance(callback.get("message"), dict) else {}
        data = callback.get("data")
        text = CALLBACK_KEYS.decode(data) if isinstance(data, str) else None
        return message.get("chat"), text, str(callback.get("id", "")) or None
    for kind in ("message", "edited_message"):
        message = update.get(kind)
        if isinstance(message, dict):
            text = message.get("text")
            if not isinstance(text, str):
                text = message.get("caption") if isinstance(message.get("caption"), str) else None
            return message.get("chat"), text, None
    return None, None, None


class HipbotTelegramInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(TelegramSettings())

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.seen = RecentIds()
        self.output: Optional[HipbotTelegramOutput] = None
        if settings.enabled:
            self.output = HipbotTelegramOutput(settings.token, settings.api_url)
            if settings.secret_generated:
                logger.warning("Telegram: %s is not set; using a random secret for this run "
                               "(set it when more than one server shares the bot).", ENV_SECRET)
        else:
            logger.info("Telegram channel off: set %s, %s and %s to enable it.", ENV_TOKEN, ENV_BOT_NAME, ENV_WEBHOOK_URL)

    def get_output_channel(self) -> Optional[HipbotTelegramOutput]:
        return self.output

    def authentic(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(given.encode("utf-8"), self.settings.secret.encode("utf-8"))

    def clean(self, text: str) -> str:
        if self.settings.bot_name:
            text = re.sub(rf"@{re.escape(self.settings.bot_name)}\b", "", text, flags=re.IGNORECASE)
        text = text.replace("/bot", "") if text.startswith("/bot") else text
        return "hello" if text.strip() == "/start" else text.strip()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("hipbot_telegram", __name__)
        off = {"error": f"Telegram is not configured (set {ENV_TOKEN}, {ENV_BOT_NAME} and {ENV_WEBHOOK_URL})."}

        @blueprint.listener("after_server_start")
        async def set_webhook_on_start(app, loop) -> None:
            if self.output:
                app.add_task(register_webhook(self.output, self.settings))

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok" if self.output else "disabled"})

        @blueprint.route("/set_webhook", methods=["POST"])
        async def set_webhook(request: Request):
            if not self.output:
                return response.json(off, status=404)
            if not self.authentic(request):
                return response.json({"error": "forbidden"}, status=403)
            ok = await register_webhook(self.output, self.settings)
            return response.json({"webhook_set": ok}, status=200 if ok else 502)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request):
            if not self.output:
                return response.json(off, status=404)
            if not self.authentic(request):
                logger.warning("Telegram: rejected an update without the right %s header.", SECRET_HEADER)
                return response.json({"error": "forbidden"}, status=403)
            try:
                update = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return response.json({"error": "The update must be JSON."}, status=400)
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                return response.json({"error": "Not a Telegram update."}, status=400)
            if not self.seen.first_time(update["update_id"]):
                return response.json({"status": "duplicate"})
            chat, text, callback_id = update_text(update)
            if callback_id:
                app = request.app
                app.add_task(self._acknowledge(callback_id))
            if not isinstance(chat, dict) or "id" not in chat or not text or not text.strip():
                return response.json({"status": "ignored"})
            text = self.clean(text)[:MAX_MESSAGE_CHARS]
            if not text:
                return response.json({"status": "ignored"})
            try:
                await on_new_message(UserMessage(text, self.output, str(chat["id"]), input_channel=self.name(),
                                                 metadata=None))
            except Exception as error:  # answered 200 so Telegram does not redeliver it forever
                logger.error("Telegram: handling an update failed: %s", type(error).__name__)
                logger.debug("Telegram update failure", exc_info=True)
            return response.json({"status": "ok"})

        return blueprint

    async def _acknowledge(self, callback_id: str) -> None:
        try:
            await self.output.answer_callback_query(callback_id)
        except Exception as error:
            logger.warning("Telegram: answerCallbackQuery failed (%s).", type(error).__name__)
