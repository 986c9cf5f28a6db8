"""Fixtures of the grader's tests: a PostgreSQL server for gradebooks that are not SQLite, and an
ordinary user (``unprivileged.py``) for the rootless sandbox."""

import re

import pytest

from tests.autograder.postgres import Server, throwaway_server
from tests.autograder.unprivileged import grader, tester  # noqa: F401  (fixtures: an ordinary user who grades)


@pytest.fixture(scope="session")
def postgres() -> Server:
    """The session's own PostgreSQL server (see postgres.py); tests may stop and start it."""
    with throwaway_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: Server, request) -> str:
    """A new, empty database for this test; the server is running again after it."""
    yield postgres.create_database(re.sub(r"\W+", "_", request.node.name).lower()[:63])
    if not postgres.running():
        postgres.start()
