"""Loaded before Django (pyproject's addopts `-p tests.environment`): the suite runs the local
development configuration, which DEBUG=1 turns on explicitly as `make run` does, since debug
mode is off by default. Tests of the production settings start their own processes."""

import os

os.environ.setdefault("DEBUG", "1")
