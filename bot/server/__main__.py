"""``python -m bot.server``: see ``bot/server/__init__.py``."""
from __future__ import annotations

import os
import sys

from bot.server import ServerSettingsError, rasa_arguments, server_environment


def main() -> int:
    try:
        argv = rasa_arguments(sys.argv[1:], os.environ)
    except ServerSettingsError as error:
        print(f"bot.server: {error}", file=sys.stderr)
        return 2
    os.environ.update(server_environment(os.environ))
    from rasa.__main__ import main as rasa_main  # after the environment is set (telemetry)

    from bot.server.action_validation import install
    install()  # Rasa's check of action-server replies, with its validator built once

    sys.argv = ["rasa", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
