"""The insights page for the council's content team (bot.store.insights): weekly figures drawn as SVG bars with
the same figures in a table, the topics asked about, and the questions the assistant could not answer,
grouped, each group downloadable as Rasa NLU training data; the web chat's "Was this helpful?" answers each week
and the topics with the most "no". Any signed-in member of staff; counts only."""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.store import audit, insights
from bot.web.staff_admin import Kit

SHOWN_GROUPS = 50  # on the page; the download has them all


def _weeks(request: Request) -> int:
    try:
        weeks = int(request.args.get("weeks") or 8)
    except ValueError:
        weeks = 8
    return weeks if weeks in insights.WEEK_CHOICES else 8


def add_routes(staff: Blueprint, kit: Kit) -> None:
    async def build(weeks: int) -> insights.Report:
        return await asyncio.get_running_loop().run_in_executor(None, partial(insights.report, weeks))

    @staff.get("/insights")
    async def page(request: Request) -> HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        weeks = _weeks(request)
        result = await build(weeks)
        audit.record(user.email, "viewed_insights", detail=f"{weeks} weeks", ip=kit.ip(request))
        charts = [(insights.MEASURES[measure],
                   insights.week_chart(f"chart-{measure}", f"{insights.MEASURES[measure]} each week", result.weeks,
                                       measure))
                  for measure in ("conversations", "messages", "unsure", "handoffs")]
        return kit.render("insights.html", user=user, result=result, weeks=weeks, choices=insights.WEEK_CHOICES,
                          measures={m: label for m, label in insights.MEASURES.items() if m not in insights.FEEDBACK},
                          charts=charts,
                          topic_chart=insights.topic_chart("chart-topics", "Topics asked about", result.topics),
                          groups=result.groups[:SHOWN_GROUPS], last_day=result.until - dt.timedelta(days=1))

    @staff.get("/insights.csv")
    async def figures(request: Request) -> HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        weeks = _weeks(request)
        result = await build(weeks)
        audit.record(user.email, "exported_insights", detail=f"weekly figures, {weeks} weeks", ip=kit.ip(request))
        return response.text(insights.export_csv(result), content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="insights.csv"'})

    @staff.get("/insights/questions.yml")
    async def questions(request: Request) -> HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        weeks = _weeks(request)
        result = await build(weeks)
        key = (request.args.get("group") or "")[:20]
        groups = result.groups
        name = "not-understood.yml"
        if key:
            groups = [g for g in result.groups if g.key == key]
            if not groups:
                return kit.render("missing.html", status=404, user=user, what="Group of questions",
                                  back="/staff/insights#questions", back_name="insights")
            name = f"not-understood-{key}.yml"
        audit.record(user.email, "exported_insights",
                     detail=f"questions not understood ({f'group {key}' if key else 'all groups'}), {weeks} weeks",
                     ip=kit.ip(request))
        return response.text(insights.nlu_yaml(groups, result.since, result.until),
                             content_type="application/yaml; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
