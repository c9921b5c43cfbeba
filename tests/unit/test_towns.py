"""knowledge/local-authorities/towns.csv: a town a parent names finds the council that serves it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.domain import areas

PLACES = Path(__file__).resolve().parents[2] / "knowledge" / "local-authorities"


def _rows(name: str) -> list[dict[str, str]]:
    with (PLACES / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_town_names_an_english_authority_in_the_dataset_once() -> None:
    authorities = {r["local-authority-code"]: r for r in _rows("uk_local_authorities.csv")}
    towns = _rows("towns.csv")
    assert len(towns) > 1000
    names = [t["name"] for t in towns]
    assert len(names) == len(set(names)), "a town is listed twice"
    for town in towns:
        authority = authorities[town["local-authority-code"]]
        assert authority["gss-code"].startswith("E"), town
        assert town["name"] == town["name"].lower().strip(), town
        assert town["note"] == f"town: in {authority['nice-name']}", town
    dataset_names = {areas.normalise(r["la-name"]) for r in _rows("lookup_name_to_registry.csv")}
    assert not {areas.normalise(n) for n in names} & dataset_names, "a town repeats an authority's own name"


@pytest.mark.parametrize(("said", "council"), [
    ("we live in paignton", "Torbay"),
    ("were in whitby", "North Yorkshire"),
    ("widnes, cheshire", "Halton"),
    ("im from penrith", "Westmorland and Furness"),
    ("near workington", "Cumberland"),
    ("we're in high wycombe", "Buckinghamshire"),
    ("newmarket", "Suffolk"),  # Forest Heath, then West Suffolk, then Suffolk
    ("sutton coldfield", "Birmingham"),
    ("i live in huddersfield", "Kirklees"),
    ("weston-super-mare", "North Somerset"),
    ("kings lynn", "Norfolk"),
    ("king's lynn", "Norfolk"),
    ("leigh on sea", "Southend-on-Sea"),
    ("we're in bethnal green", "Tower Hamlets"),
])
def test_a_town_finds_its_council(said: str, council: str) -> None:
    found = areas.load().match(said)
    assert found.status == "found" and [a.name for a in found.areas] == [council], said


@pytest.mark.parametrize("said", [
    "he loves the woodwork workshop at school", "she is very unstable at the moment", "the pathway to diagnosis",
    "my daughter whitney is 9", "we are in stratford", "we live in washington", "im wrapping his presents",
    "i dont have much credit on my phone",  # Crediton, spelt close: towns are found only as typed
])
def test_words_and_names_shared_by_two_places_are_not_taken_for_a_town(said: str) -> None:
    found = areas.load().match(said)
    assert found.status != "found", (said, [a.name for a in found.areas])


def test_a_close_spelling_stays_within_a_sentence_and_has_no_month() -> None:
    """b54: "... since may. council says ..." had been read as Moray Council (Scotland's answer for a plan's missing
    therapy). Close spellings still work, "St." included."""
    gazetteer = areas.load()
    for text in ("he hasnt had a single session since may. council says they have no therapists",
                 "nothing since may council says no", "last march council said no"):
        assert gazetteer.match(text).status == "unknown", text
    assert gazetteer.match("live in st. helns").areas[0].name == "St. Helens"
    assert gazetteer.match("we live in brimingham. who do i ring").areas[0].name == "Birmingham"
    assert gazetteer.match("moray council please").nation == "Scotland"
