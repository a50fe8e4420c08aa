"""What an error report may carry to Sentry: ids, never personal or health information.

A booking's stack frames hold the client's name, email, address, phone and health answers in
their local variables, and exception messages can quote a row's values. So local variables are
never captured, and `scrub` keeps of every event only what locates the fault: the exception's
type, the files, functions and lines of its frames, the request's method and path (ids only:
no query string, headers, cookies or body), and the release and environment. Breadcrumbs are
dropped, since log messages and queries may quote what a client typed.
"""

_KEPT_EVENT_KEYS = {
    "event_id", "timestamp", "level", "platform", "sdk", "release", "environment",
    "server_name", "exception", "request", "transaction", "tags",
}  # fmt: skip
_KEPT_FRAME_KEYS = {"filename", "abs_path", "module", "function", "lineno", "in_app"}


def sentry_options(dsn: str, environment: str) -> dict:
    return {
        "dsn": dsn,
        "environment": environment,
        "include_local_variables": False,
        "include_source_context": False,
        "max_request_body_size": "never",
        "traces_sample_rate": 0.0,
        "before_send": scrub,
        "before_breadcrumb": lambda crumb, hint: None,
    }


def scrub(event: dict, hint: dict | None = None) -> dict:
    """The event with everything but the fault's location removed."""
    kept = {key: value for key, value in event.items() if key in _KEPT_EVENT_KEYS}
    request = event.get("request") or {}
    if request:
        url = str(request.get("url", ""))
        kept["request"] = {"method": request.get("method"), "url": url.split("?", 1)[0]}
    kept["exception"] = {
        "values": [_exception(value) for value in (event.get("exception") or {}).get("values", [])]
    }
    return kept


def _exception(value: dict) -> dict:
    frames = ((value.get("stacktrace") or {}).get("frames")) or []
    return {
        "type": value.get("type"),
        "module": value.get("module"),
        "mechanism": value.get("mechanism"),
        # The message can quote the values a query failed on; the type and frames locate it.
        "value": "",
        "stacktrace": {
            "frames": [
                {k: v for k, v in frame.items() if k in _KEPT_FRAME_KEYS} for frame in frames
            ]
        },
    }
