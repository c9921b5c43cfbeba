"""One home for the words a parent reads (issue 12): the actions send responses from knowledge/messages.yml (and
domain.yml), never a sentence typed in Python. Read from the source of actions/*.py, so a new reply that slips
back into code fails here, naming the file and line."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.build import build_responses
from bot.domain import knowledge
from bot.domain.privacy import CHECK_YOUR_ANSWERS
from bot.settings import ROOT

ACTIONS = sorted((ROOT / "actions").glob("*.py"))
# What CollectingDispatcher.utter_message takes itself; any other keyword is a variable of the response.
DISPATCHER_KEYWORDS = {"text", "image", "json_message", "template", "response", "attachment", "buttons", "elements"}
# Words in a sentence: letters and a space or punctuation ("Sorry, ", "Thanks."; not "letter_date" or "text").
WORDS = re.compile(r"[A-Za-z].*[\s.,:;!?]|[\s.,:;!?].*[A-Za-z]")
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")  # as rasa/core/nlg/interpolator.py reads them


def _utter_calls(path: Path) -> Iterator[tuple[ast.Call, dict[str, list[ast.expr]]]]:
    """Every dispatcher.utter_message(...) in the file, with what each name in the file is assigned."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name) and node.value:
            assigned.setdefault(node.target.id, []).append(node.value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "utter_message":
            yield node, assigned


def _worded_literals(expr: ast.expr, assigned: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()
                     ) -> list[str]:
    """The string literals with words in them that an expression is built from, following names assigned in
    the same file ("\\n\\n".join(listings) is built from data; "Sorry, " + reason is not)."""
    found = []
    for node in ast.walk(expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
            found.append(node.value)
        elif isinstance(node, ast.Name) and node.id in assigned and node.id not in seen:
            for value in assigned[node.id]:
                found += _worded_literals(value, assigned, seen | {node.id})
    return found


def test_the_actions_send_no_sentence_typed_in_python() -> None:
    offenders = []
    for path in ACTIONS:
        for call, assigned in _utter_calls(path):
            for keyword in call.keywords:
                if keyword.arg == "text" and (words := _worded_literals(keyword.value, assigned)):
                    offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}: {words[0][:60]!r}")
    assert not offenders, ("send a response from knowledge/messages.yml instead (utter_message(response=..., "
                           f"<variable>=...)): {offenders}")


def test_the_check_finds_a_sentence_however_it_is_built() -> None:
    source = '''
SORRY = "Sorry, I can't."
def run(dispatcher, reason, listings):
    dispatcher.utter_message(text=SORRY)
    dispatcher.utter_message(text=f"Please note: {reason}")
    text = "Thanks. " + reason
    dispatcher.utter_message(text=text)
    dispatcher.utter_message(text="\\n\\n".join(listings))
    dispatcher.utter_message(text=reason)
'''
    tree = ast.parse(source)
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            assigned.setdefault(node.targets[0].id, []).append(node.value)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "utter_message"]
    flagged = [bool(_worded_literals(call.keywords[0].value, assigned)) for call in sorted(calls, key=lambda c: c.lineno)]
    assert flagged == [True, True, True, False, False]


def _responses() -> dict[str, list[dict]]:
    responses = {}
    for path in (ROOT / "domain.yml", build_responses.RESPONSES):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    return responses


def _sent() -> Iterator[tuple[str, ast.Call, ast.expr]]:
    for path in ACTIONS:
        for call, _ in _utter_calls(path):
            response = next((k.value for k in call.keywords if k.arg == "response"), None)
            if response is not None:
                yield f"{path.relative_to(ROOT)}:{call.lineno}", call, response


def test_every_response_an_action_sends_exists_and_gets_exactly_its_variables() -> None:
    """A missing variable would reach the parent as "{area}"; an extra one is a typo."""
    responses = _responses()
    checked = 0
    for where, call, response in _sent():
        if isinstance(response, ast.Constant):
            name = response.value
            assert name in responses, f"{where}: no response {name}"
            given = {k.arg for k in call.keywords} - DISPATCHER_KEYWORDS - {None}
            for variant in responses[name]:
                wanted = set(PLACEHOLDER.findall(variant.get("text", "")))
                assert given == wanted, f"{where}: {name} fills {sorted(wanted)}, the action gives {sorted(given)}"
            checked += 1
        else:  # response=f"utter_{answer.key}": at least one response has that beginning
            assert isinstance(response, ast.JoinedStr), where
            first = response.values[0]
            prefix = first.value if isinstance(first, ast.Constant) else ""
            assert any(name.startswith(str(prefix)) for name in responses), f"{where}: no response {prefix}..."
    assert checked >= 30


@pytest.mark.parametrize("kind", ["mediation", "childrens_services", "send_team", "local_offer", "parent_carer_forum"])
def test_local_advice_has_a_response_for_every_kind(kind: str) -> None:
    from bot.domain import service_kinds

    assert service_kinds.get()[kind].local_advice and f"utter_local_advice_{kind}" in knowledge.get().messages


def test_check_your_answers_starts_with_the_line_the_tracker_store_keeps() -> None:
    """rasa_addons/tracker_store.py stores only CHECK_YOUR_ANSWERS of that message (the rest is the parent's
    details): the response must start with it."""
    for variant in _responses()["utter_check_your_answers"]:
        assert variant["text"].split("\n")[0] == CHECK_YOUR_ANSWERS
