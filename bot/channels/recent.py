"""A bounded memory of recently seen ids, so a redelivered update is answered only once."""
from __future__ import annotations

from collections import OrderedDict
from typing import Hashable


class RecentIds:
    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def first_time(self, key: Hashable) -> bool:
        """True the first time ``key`` is seen (within the last ``size`` keys), False after."""
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True
