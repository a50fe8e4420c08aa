"""Helpers shared by the backup_database and restore_database commands."""

from urllib.parse import quote

from django.db import connection


def postgres_url() -> str:
    """The connection's settings as a libpq URL, so pg_dump reaches exactly this database."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = s["PORT"] or "5432"
    return f"postgresql://{credentials}@{host}:{port}/{quote(s['NAME'], safe='')}"
