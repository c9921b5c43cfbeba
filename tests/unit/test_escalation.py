"""Who to go to next comes from the furthest step the parent says they have tried (bot.domain.escalation)."""

from __future__ import annotations

import pytest

from bot.domain import escalation


@pytest.mark.parametrize(("story", "following"), [
    (["the senco ignores my emails", "who do i go to next"], "role/headteacher"),
    (["spoke to the senco and then the head, nothing", "now what"], "unhappy/after_head"),
    # the school's own complaints process finished: the Department for Education
    (["the academy ignored my complaint, we went all the way to the panel", "where now"], "unhappy/dfe"),
    (["we did the whole complaints procedure and they still did nothing"], "unhappy/dfe"),
    (["done all the complaint stages at his academy, panel and everything", "anyone above them"], "unhappy/dfe"),
    (["complained to the council in march, no proper reply"], "service/ombudsman"),
    (["we had mediation and it was a waste of time"], "service/mediation_timescales"),
    (["my son's teacher is lovely", "what is a panel"], None),
])
def test_the_step_after_the_furthest_one_tried(story: list[str], following: str | None) -> None:
    assert escalation.next_after(story) == following


def test_misspelt_mediation_is_still_the_mediation_step() -> None:
    assert escalation.next_after(["we had mediaton on friday, nothing agreed", "what now"]) == \
        "service/mediation_timescales"
