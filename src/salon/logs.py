"""salon's log output: the levels and the one stderr handler.

Kept apart from :mod:`salon.config` (which loads pydantic-settings) so that
the CLI can name the levels in ``--help`` without that import.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOG_LEVELS: tuple[LogLevel, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_HANDLER_NAME = "salon-stderr"


def configure_logging(level: LogLevel) -> None:
    """Send salon's log records at ``level`` and above to stderr, one line each.

    Called once by the CLI's root command (``--log-level``) and by
    ``salon web``; calling it again only changes the level.  Only the
    ``salon`` logger is touched: an application embedding salon keeps its own
    logging configuration.
    """
    logger = logging.getLogger("salon")
    logger.setLevel(level)
    if not any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("salon %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
