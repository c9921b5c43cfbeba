"""The web server's endpoint for the widget's "Was this helpful?" and its page of sources, through the real web
server (`python -m bot web`, no Rasa) on its own databases: a tracker database written by the real tracker
store holds the conversation that was given the answer. (The widget itself: test_widget_browser.py.)"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.store import db, feedback
from bot.store.models import AnswerFeedback
from tests.support import answered_conversations
from tests.support.staff_web import own_database, start_web, stop_web

COUNCIL = "https://www.council.example.gov.uk"
SENDER = "web-feedback-e2e"
BURST = 30


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("widget-feedback")
    values = {"SEND_DATABASE_URL": f"sqlite:///{tmp}/send.db", "SEND_TRACKER_DB_URL": f"sqlite:///{tmp}/tracker.db"}
    with own_database(values):
        answered_conversations.save(values["SEND_TRACKER_DB_URL"], SENDER, ["role/senco", "ehc/timescales"])
        process, url = start_web({**os.environ, "SEND_OUTBOX_RETRY_SECONDS": "0", "SEND_CORS_ORIGINS": COUNCIL,
                                  "SEND_FEEDBACK_RATE_PER_IP": "0.01", "SEND_FEEDBACK_BURST_PER_IP": str(BURST)})
        try:
            yield url
        finally:
            stop_web(process)


def call(url: str, body: bytes | dict | None, headers: dict[str, str] | None = None,
         method: str = "POST") -> tuple[int, dict[str, str], str]:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(url + "/chat/feedback", data, {"Content-Type": "application/json",
                                                                      **(headers or {})}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_an_answer_given_in_the_conversation_is_stored_once(web: str) -> None:
    status, _, body = call(web, {"sender": SENDER, "answer": "role/senco", "helpful": True},
                           {"Origin": web})  # the demo page: this server
    assert (status, json.loads(body)) == (201, {"recorded": True})
    status, _, body = call(web, {"sender": SENDER, "answer": "role/senco", "helpful": False})
    assert (status, json.loads(body)) == (200, {"recorded": False}), "one answer per conversation and answer"
    assert feedback.forget("web-nobody") == 0
    with db.session() as session:
        rows = session.query(AnswerFeedback.conversation, AnswerFeedback.answer, AnswerFeedback.helpful).all()
    assert rows == [(feedback.conversation_hash(SENDER), "role/senco", True)]


def test_what_was_not_answered_or_is_not_an_answer_is_refused(web: str) -> None:
    for body, expected in [
        ({"sender": SENDER, "answer": "role/headteacher", "helpful": True}, 404),  # not given in it
        ({"sender": "web-made-up", "answer": "role/senco", "helpful": True}, 404),  # no such conversation
        ({"sender": SENDER, "answer": "role/nothing", "helpful": True}, 400),  # not an answer
        ({"sender": SENDER, "answer": "safeguarding", "helpful": False}, 400),  # crisis replies ask nothing
        ({"sender": "telegram:42", "answer": "role/senco", "helpful": True}, 400),
        ({"sender": SENDER, "answer": "ehc/timescales", "helpful": "yes"}, 400),
        ({"sender": SENDER, "answer": "ehc/timescales"}, 400),
    ]:
        status, _, _ = call(web, body)
        assert status == expected, body
    assert call(web, b"[1, 2")[0] == 400
    assert call(web, b"x" * 2000)[0] == 413
    assert call(web, json.dumps({"sender": SENDER, "answer": "ehc/timescales", "helpful": True}).encode(),
                {"Content-Type": "text/plain"})[0] == 415  # a cross-site form cannot send JSON


def test_only_this_server_and_the_council_sites_may_send(web: str) -> None:
    body = {"sender": SENDER, "answer": "ehc/timescales", "helpful": False}
    status, headers, _ = call(web, body, {"Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = call(web, None, {"Origin": "https://evil.example",
                                          "Access-Control-Request-Method": "POST"}, method="OPTIONS")
    assert status == 403
    status, headers, _ = call(web, None, {"Origin": COUNCIL, "Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Headers": "content-type"}, method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == COUNCIL
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, body_text = call(web, body, {"Origin": COUNCIL})
    assert status == 201 and headers["Access-Control-Allow-Origin"] == COUNCIL, body_text


def test_the_sources_page_lists_every_source_by_id(web: str) -> None:
    with urllib.request.urlopen(web + "/sources", timeout=10) as response:
        page = response.read().decode()
    assert 'id="seed-partners"' in page and "Your SEND Partners (council guidance for parents)" in page
    assert 'id="law-appeal-deadline"' in page and "shared/" not in page and "seeds/" not in page
    assert "Verify before release" not in page  # the team's own notes stay out


def test_a_flood_from_one_address_is_slowed(web: str) -> None:
    statuses = [call(web, {"sender": SENDER, "answer": "role/nothing", "helpful": True})
                for _ in range(BURST + 5)]
    refused = [(status, headers) for status, headers, _ in statuses if status == 429]
    assert refused, [s for s, _, _ in statuses]
    assert int(refused[0][1]["Retry-After"]) >= 1
