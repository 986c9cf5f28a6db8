"""``--sandbox auto``: the bubblewrap sandbox as root, the rootless one for an ordinary user where user
namespaces work, and where neither can run a clear error that names both ways out; never ``process``."""

import pytest

from autograder import rootless, sandbox
from autograder.sandbox import SandboxUnavailable, resolve


def test_root_gets_the_bubblewrap_sandbox(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 0)
    assert resolve("auto") == "bubblewrap"


def test_an_ordinary_user_gets_the_rootless_sandbox(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(rootless, "user_namespaces_refused", lambda: None)
    assert resolve("auto") == "rootless"


def test_neither_is_a_clear_error_naming_both_ways_out(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(rootless, "user_namespaces_refused", lambda: "bwrap: setting up uid map: Permission denied")
    with pytest.raises(SandboxUnavailable) as raised:
        resolve("auto")
    message = str(raised.value)
    assert "Permission denied" in message and "grade as root" in message
    assert "user.max_user_namespaces" in message and "--sandbox process" in message


def test_process_is_only_what_is_asked_for(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(rootless, "user_namespaces_refused", lambda: "refused")
    assert resolve("process") == "process"
    with pytest.raises(ValueError, match="choose one of auto, bubblewrap, rootless, process"):
        resolve("docker")


def test_this_machine_allows_user_namespaces():
    """The rootless tests need them; were they refused, the reason would be here."""
    assert rootless.user_namespaces_refused() is None
