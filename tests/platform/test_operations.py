"""Health checks and the production settings' safety."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from stillwaters.log import JsonLineFormatter, RequestIdFilter
from stillwaters.middleware import RequestIdMiddleware

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret",
    "ALLOWED_HOSTS": "stillwaters.example",
    "SITE_URL": "https://stillwaters.example",
    "DATABASE_URL": "sqlite:////tmp/stillwaters-deploy-check.sqlite3",
    "PROXY_COUNT": "1",
}


def _manage(*args, env: dict) -> subprocess.CompletedProcess:
    ignored = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_deploy_check_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_when_proxy_count_is_unset():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "PROXY_COUNT": "0"}
    )
    assert result.returncode != 0
    assert "stillwaters.W001" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _manage("check", env={"ALLOWED_HOSTS": "stillwaters.example", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_the_development_key_serves_this_machine_only():
    local = _manage("check", env={"DEBUG": "1", "ALLOWED_HOSTS": ""})
    assert local.returncode == 0, local.stderr
    for args, env in (
        (("runserver", "0.0.0.0:8999", "--noreload"), {"ALLOWED_HOSTS": ""}),
        (("check",), {"ALLOWED_HOSTS": "stillwaters.example"}),
    ):
        refused = _manage(*args, env={"DEBUG": "1", **env})
        assert refused.returncode != 0, args
        assert "SECRET_KEY is required for a server other machines can reach" in refused.stderr


def test_a_malformed_boolean_setting_is_named():
    result = _manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured"}


@pytest.mark.django_db
def test_healthz_is_503_when_configured_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_checks_the_real_redis(client, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_error_reporting_is_optional_and_sends_no_request_bodies_or_personal_data():
    script = (
        "import django, sentry_sdk; django.setup(); o = sentry_sdk.get_client().options; "
        "print(o['dsn'], o['include_local_variables'], o['max_request_body_size'], "
        "o['before_send'].__qualname__)"
    )
    env = {**PRODUCTION_ENV, "SENTRY_DSN": "https://public@sentry.example/1",
           "DJANGO_SETTINGS_MODULE": "stillwaters.settings"}  # fmt: skip
    ignored = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.splitlines()[-1].split() == [
        "https://public@sentry.example/1",
        "False",
        "never",
        "scrub",  # stillwaters/error_reports.py: ids and the fault's location only
    ]


def test_production_logs_are_json_lines_with_the_request_id():
    records: list[logging.LogRecord] = []

    def view(request):
        # A record as a logger makes it while the request is handled (built directly, so the
        # test does not depend on how other tests left the logging levels).
        record = logging.LogRecord(
            "stillwaters.test", logging.WARNING, __file__, 1, "Appointment %s booked", (42,), None
        )
        RequestIdFilter().filter(record)
        records.append(record)
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers={"X-Request-ID": "req-0123456789"})
    RequestIdMiddleware(view)(request)
    line = json.loads(JsonLineFormatter().format(records[0]))
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "Appointment 42 booked"
    assert line["level"] == "WARNING"
