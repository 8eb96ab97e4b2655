"""What every browser test needs: the system Chromium, and the app served by uvicorn.

The browser tests drive Debian's Chromium (``/usr/bin/chromium``, or the
executable ``SALON_TEST_CHROMIUM`` names) through Playwright, and skip,
saying why, where it or the ``playwright`` package is missing: no browser is
ever downloaded.  The app runs in a real uvicorn server on 127.0.0.1, in a
thread of the test process, so a test can also reach the store directly.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from fastapi import FastAPI

CHROMIUM = Path(os.environ.get("SALON_TEST_CHROMIUM", "/usr/bin/chromium"))
#: a phone's viewport: every member's page must fit it
PHONE = {"width": 390, "height": 844}


def playwright_or_skip() -> ModuleType:
    """``playwright.sync_api``, or skip the calling test module, saying what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    if not CHROMIUM.is_file():
        pytest.skip(
            f"no system Chromium at {CHROMIUM} (apt-get install chromium)",
            allow_module_level=True,
        )
    return sync_api


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` served on 127.0.0.1 while the block runs; its base URL."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
