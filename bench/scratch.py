"""A throwaway PostgreSQL database for a benchmark run, created and dropped around it."""

import sys
from contextlib import contextmanager
from urllib.parse import urlparse, urlunparse


@contextmanager
def scratch_postgres(url: str):
    """Create the database named in `url`, yield the url, drop it; refuse a name that exists."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in ("postgres", "postgresql") or not name:
        sys.exit("--database-url must be postgres://user@host:port/scratch_database_name")
    server = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                sys.exit(f"Database {name} already exists; choose a scratch name to create.")
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url
        finally:
            with server.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.close()
