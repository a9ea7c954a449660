"""Which Host headers the preview answers: its own names only (no DNS rebinding)."""

from __future__ import annotations

import pytest

from builder.preview_http import host_allowed

CASES = [
    # (Host header, bound to, port, answered)
    ("127.0.0.1:8000", "127.0.0.1", 8000, True),
    ("localhost:8000", "127.0.0.1", 8000, True),
    ("LOCALHOST:8000", "127.0.0.1", 8000, True),
    ("[::1]:8000", "127.0.0.1", 8000, True),
    ("localhost", "127.0.0.1", 80, True),
    ("localhost", "127.0.0.1", 8000, False),  # no port: 80, not this server
    ("localhost:8001", "127.0.0.1", 8000, False),
    ("attacker.example:8000", "127.0.0.1", 8000, False),
    ("localhost.attacker.example:8000", "127.0.0.1", 8000, False),
    ("attacker.example@localhost:8000", "127.0.0.1", 8000, False),
    ("localhost:8000/", "127.0.0.1", 8000, False),
    ("", "127.0.0.1", 8000, False),
    ("localhost:99999999999999999999", "127.0.0.1", 8000, False),
    ("mybox.lan:8000", "mybox.lan", 8000, True),  # the --host the user chose
    ("192.168.1.20:8000", "192.168.1.20", 8000, True),
    ("192.168.1.20:8000", "0.0.0.0", 8000, True),  # bound to every address: any address
    ("[fe80::1]:8000", "::", 8000, True),
    ("192.168.1.20:8000", "127.0.0.1", 8000, False),
    ("mybox.lan:8000", "0.0.0.0", 8000, False),  # a name still has to be a loopback one
]


@pytest.mark.parametrize(("header", "bind", "port", "answered"), CASES)
def test_host_allowed(header: str, bind: str, port: int, answered: bool) -> None:
    assert host_allowed(header, bind, port) is answered
