"""The current request's id, readable by the log formatter without passing the request around;
and the links that work as passwords, taken out of every log line."""

import json
import logging
import re
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line, for log collectors; the message carries ids, not personal data."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# Paths whose last part is a bearer token: a visit's manage, confirmation and held pages, and
# the emailed sign-in and confirmation links. Django logs the path of every 4xx and 5xx.
_TOKEN_PATHS = re.compile(r"(/book/(?:manage|confirmed|held)/|/account/link/)[^/\s\"']+")


def redact_tokens(text: str) -> str:
    return _TOKEN_PATHS.sub(r"\1[token]", text)


class RedactTokensFilter(logging.Filter):
    """Rewrites a record's message with any link token replaced, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
