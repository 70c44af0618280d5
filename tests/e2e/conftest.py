"""Start the real action server and Rasa server (as `make run` does) on free ports
(bot/tools/servers.py, shared with `make evaluate-clinical`)."""
from __future__ import annotations

import pytest

from bot.tools.servers import running_bot
from tests.conftest import TEST_BUILD, rasa_env


@pytest.fixture(scope="session")
def servers(trained_model):
    with running_bot(trained_model, TEST_BUILD, rasa_env()) as running:
        from tests.conftest import record_metric
        record_metric("server_start_seconds", running.start_seconds)
        yield running
