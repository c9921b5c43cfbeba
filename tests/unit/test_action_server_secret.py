"""The action server's shared secret: what `make run` writes for the Rasa server, and what the action server
accepts. (Against the running servers: tests/security/test_rest_and_servers.py.)"""

from __future__ import annotations

import stat
from types import SimpleNamespace

import pytest

from bot.web.action_server import given_token, valid_token
from bot.web.runner import actions_token, endpoints_file


def test_make_run_gives_rasa_the_secret_in_an_endpoints_file_only_this_user_can_read() -> None:
    from rasa.utils.endpoints import read_endpoint_config

    secret = actions_token()
    path = endpoints_file(54321, secret)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        config = read_endpoint_config(str(path), "action_endpoint")
        assert config.url == "http://127.0.0.1:54321/webhook"
        assert config.headers == {"Authorization": f"Bearer {secret}"}
    finally:
        path.unlink()
    assert actions_token() != secret  # a new one each run


def test_a_chosen_secret_must_be_long_and_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_ACTIONS_TOKEN", "short")
    with pytest.raises(ValueError):
        actions_token()
    monkeypatch.setenv("SEND_ACTIONS_TOKEN", "x" * 30)
    assert actions_token() == "x" * 30
    assert not valid_token("a b" * 10) and not valid_token('"${HOME}"' * 4) and valid_token("A-b_9" * 5)


def test_the_secret_is_read_from_a_bearer_header_or_rasas_token_parameter() -> None:
    def request(headers: dict[str, str], args: dict[str, str] | None = None) -> SimpleNamespace:
        return SimpleNamespace(headers=headers, args=args or {})

    assert given_token(request({"authorization": "Bearer abc"})) == "abc"
    assert given_token(request({"authorization": "bearer  abc "})) == "abc"
    assert given_token(request({}, {"token": "xyz"})) == "xyz"
    assert given_token(request({"authorization": "Basic abc"})) == ""
