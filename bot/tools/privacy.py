"""Operator commands for stored conversations (the same database the bot uses, from the
environment: see bot/stores/settings.py).

    python -m bot.tools.privacy forget SENDER [SENDER ...]   delete these conversations now
    python -m bot.tools.privacy purge --days N               delete conversations idle for N days
    make purge DAYS=N                                        the same as purge

A conversation's age is the time of its latest event, so a purge never cuts a conversation in two.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Optional, Sequence

from bot.stores.settings import StoreSettingsError


def _store():
    from bot.stores.tracker_store import HipbotTrackerStore

    return HipbotTrackerStore()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.tools.privacy", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    forget = commands.add_parser("forget", help="delete the stored conversation of each sender")
    forget.add_argument("senders", nargs="+", metavar="SENDER")
    purge = commands.add_parser("purge", help="delete conversations whose latest message is older than N days")
    purge.add_argument("--days", type=float, required=True, metavar="N")
    args = parser.parse_args(argv)
    if args.command == "purge" and args.days < 0:
        parser.error("--days must be 0 or more")
    logging.basicConfig(level=logging.WARNING)
    try:
        store = _store()
    except StoreSettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "forget":
        for sender in args.senders:
            print(f"{sender}: deleted {store.forget(sender)} stored events.")
    else:
        conversations, events = store.purge(args.days)
        print(f"Deleted {conversations} conversations ({events} events) idle for more than {args.days:g} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
