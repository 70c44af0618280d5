"""A local fake of the Telegram Bot API and the Slack Web API, on 127.0.0.1.

The Rasa server under test is pointed at it (TELEGRAM_API_URL, SLACK_API_URL), so no call
leaves the machine; every call is recorded for the tests to inspect.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TELEGRAM_TOKEN = "123456789:TEST-token_for_the_fake_api"
TELEGRAM_SECRET = "test-secret_0123456789"
TELEGRAM_BOT_NAME = "hipbot_test_bot"
SLACK_TOKEN = "xoxb-test-token"
SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@dataclass
class Call:
    api: str       # "telegram" or "slack"
    method: str    # e.g. "sendMessage", "chat.postMessage"
    body: dict
    raw: bytes = b""


@dataclass
class FakeChatApis:
    server: ThreadingHTTPServer
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def env(self) -> dict[str, str]:
        return {
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": TELEGRAM_BOT_NAME,
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_API_URL": f"{self.base}/telegram",
            "SLACK_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
            "SLACK_API_URL": f"{self.base}/slack/api/",
        }

    def record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def snapshot(self) -> list[Call]:
        with self.lock:
            return list(self.calls)

    def calls_to(self, api: str, method: str, where=lambda call: True) -> list[Call]:
        return [c for c in self.snapshot() if c.api == api and c.method == method and where(c)]

    def wait_for(self, api: str, method: str, where=lambda call: True, count: int = 1, seconds: float = 120) -> list[Call]:
        """Wait until at least ``count`` matching calls arrived (the bot answers asynchronously)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.calls_to(api, method, where)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no {api} {method} call after {seconds}s; calls: {[(c.api, c.method) for c in self.snapshot()]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _parse(content_type: str, raw: bytes) -> dict:
    if content_type.startswith("application/json"):
        return json.loads(raw or b"{}")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
    if content_type.startswith("multipart/form-data"):
        boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
        fields = {}
        for part in raw.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            if b'name="' in head:
                name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
                filename = head.split(b'filename="', 1)[1].split(b'"', 1)[0].decode() if b'filename="' in head else None
                fields[name] = {"filename": filename, "content": value[:-2].decode("utf-8", "replace")} \
                    if filename is not None else value[:-2].decode("utf-8", "replace")
        return fields
    return {}


def start_fake_chat_apis() -> FakeChatApis:
    holder: dict = {}
    message_ids = iter(range(1, 10**9))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = _parse(self.headers.get("Content-Type", ""), raw)
            parts = self.path.split("?")[0].strip("/").split("/")
            if parts[0] == "telegram" and len(parts) == 3:
                method = parts[2]
                holder["apis"].record(Call("telegram", method, body, raw))
                if method in ("sendMessage", "sendDocument"):
                    result = {"message_id": next(message_ids), "date": int(time.time()),
                              "chat": {"id": int(body.get("chat_id", 0)), "type": "private"}}
                    if method == "sendMessage":
                        result["text"] = body.get("text", "")
                else:
                    result = True
                self._reply({"ok": True, "result": result})
            elif parts[:2] == ["slack", "api"] and len(parts) == 3:
                holder["apis"].record(Call("slack", parts[2], body, raw))
                self._reply({"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"})
            else:
                self._reply({"ok": False, "error": "unknown_method"}, 404)

        def _reply(self, payload: dict, status: int = 200) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    apis = holder["apis"] = FakeChatApis(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return apis
