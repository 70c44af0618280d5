"""Serves the web chat widget from the Rasa server (listed in credentials.yml).

Routes, under ``/webhooks/widget/``:
- ``/``            a demo page embedding the widget (what a clinic page does);
- ``widget.js``    the widget, with socket.io-client and the server's settings bundled in, so
                   one script tag is enough to embed it;
- ``widget.css``   its styles;
- ``config.json``  the settings from ``widget_config()``, for inspection.
The widget talks to the socket.io channel (``bot/channels/socketio.py``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.widget_config import widget_config

STATIC = Path(__file__).resolve().parent / "static"
CONFIG_MARK = "{} /* @server-config */"
DEMO_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
            "connect-src 'self' ws: wss:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


def config_literal(config: Dict[Text, Any]) -> str:
    """The settings as a JavaScript literal that cannot close a script element."""
    return json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def bundle(config: Dict[Text, Any]) -> str:
    """socket.io-client followed by the widget with the server's settings filled in."""
    widget = (STATIC / "widget.js").read_text(encoding="utf-8")
    if CONFIG_MARK not in widget:
        raise RuntimeError("widget.js lost its @server-config marker")
    client = (STATIC / "vendor" / "socket.io.min.js").read_text(encoding="utf-8")
    return client + "\n;\n" + widget.replace(CONFIG_MARK, config_literal(config), 1)


class WidgetInput(InputChannel):
    """Not a message channel itself: it serves the widget that uses the socket.io channel."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("hipbot_widget", __name__)

        @blueprint.route("/", methods=["GET"])
        async def demo(_: Request):
            return response.html((STATIC / "demo.html").read_text(encoding="utf-8"),
                                 headers={**HEADERS, "Content-Security-Policy": DEMO_CSP})

        @blueprint.route("/widget.js", methods=["GET"])
        async def script(_: Request):
            return response.text(bundle(widget_config()), content_type="application/javascript; charset=utf-8",
                                 headers=HEADERS)

        @blueprint.route("/widget.css", methods=["GET"])
        async def styles(_: Request):
            return response.text((STATIC / "widget.css").read_text(encoding="utf-8"),
                                 content_type="text/css; charset=utf-8", headers=HEADERS)

        @blueprint.route("/config.json", methods=["GET"])
        async def config(_: Request):
            return response.json(widget_config(), headers=HEADERS)

        return blueprint
