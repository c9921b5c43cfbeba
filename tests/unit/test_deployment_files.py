"""The Kubernetes values (deploy/helm/) start the same servers, with the same protections, as `make run`.

Helm is not installed here, so the values are read as the charts use them (rasa/rasa: `command` and `args`
replace the container's, `additionalChannelCredentials` and `additionalEndpoints` are written with toYaml into the
files mounted at /app/credentials.yml and /app/endpoints.yml) and the arguments are parsed by Rasa's and
rasa_sdk's own command-line parsers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.web.action_server import TOKEN_ENV
from bot.web.runner import MODEL

ROOT = Path(__file__).resolve().parents[2]
HELM = ROOT / "deploy" / "helm"


def values(name: str) -> dict[str, Any]:
    return yaml.safe_load((HELM / name).read_text(encoding="utf-8"))


def secret_env(chart: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item for item in chart.get("extraEnv", [])}


def test_rasa_pods_run_this_projects_server_with_the_api_off() -> None:
    from rasa.__main__ import create_argument_parser

    chart = values("values-rasa.yaml")
    assert chart["command"] == ["python", "-m", "rasa_addons.server"]
    args = create_argument_parser().parse_args(chart["args"])
    assert args.func.__module__ == "rasa.cli.run"
    assert args.enable_api is False  # Rasa's HTTP API stays closed
    assert args.model == str(MODEL.relative_to(ROOT))
    assert args.credentials == "/app/credentials.yml" and args.endpoints == "/app/endpoints.yml"
    assert args.cors and "*" not in args.cors


def test_rasa_pods_use_only_the_protected_channels() -> None:
    channels = values("values-rasa.yaml")["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert "socketio" not in channels  # off by default (SECURITY.md)
    assert "rest" not in channels  # stock REST has no input checks or rate limits
    ours = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(channels) <= set(ours)


def test_rasa_sends_the_action_servers_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The endpoints file the chart writes, read by Rasa with the secret in its environment."""
    from rasa.utils.endpoints import read_endpoint_config

    chart = values("values-rasa.yaml")
    assert chart["rasa-action-server"] == {"install": False, "external": {"enabled": False}}
    endpoints = chart["applicationSettings"]["endpoints"]
    assert endpoints["trackerStore"]["enabled"] is False and endpoints["lockStore"]["enabled"] is False
    token = "k8s-secret-value-0123456789abcdef"
    monkeypatch.setenv(TOKEN_ENV, token)
    rendered = tmp_path / "endpoints.yml"
    rendered.write_text(yaml.safe_dump(endpoints["additionalEndpoints"]), encoding="utf-8")
    action = read_endpoint_config(str(rendered), "action_endpoint")
    assert action is not None
    assert action.headers == {"Authorization": f"Bearer {token}"}
    assert action.url.endswith(":5055/webhook")
    assert secret_env(chart)[TOKEN_ENV]["valueFrom"] == secret_env(values("values-action-server.yaml"))[
        TOKEN_ENV]["valueFrom"]


def test_action_pods_run_the_server_that_requires_the_secret() -> None:
    from rasa_sdk.endpoint import create_argument_parser

    chart = values("values-action-server.yaml")
    assert chart["command"] == ["python", "-m", "bot.web.action_server"]
    args = create_argument_parser().parse_args(chart["args"])
    assert args.actions == "actions" and args.port == 5055
    assert TOKEN_ENV in secret_env(chart)
    assert chart["service"]["type"] == "ClusterIP" and chart["ingress"]["enabled"] is False
