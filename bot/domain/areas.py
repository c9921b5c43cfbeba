"""The 153 English upper-tier local authorities (the SEND authorities), and matching what parents type.

Data: mySociety's names and codes (CC BY 4.0) in knowledge/local-authorities/, plus our own short
names and abbreviations in extra_names.csv, and towns with the district each is in (towns.csv: "Whitby" ->
Scarborough). Districts and former councils resolve to the current upper-tier authority ("Rugby" ->
Warwickshire, "Allerdale" -> Cumberland, "Whitby" -> North Yorkshire).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot import settings
from bot.domain import dates
from bot.domain.carried import Carried

UPPER_TIER_TYPES = {"CTY", "UA", "MD", "LBO", "CC"}
OTHER_NATIONS = {"scotland": "Scotland", "wales": "Wales", "northern ireland": "Northern Ireland",
                 "ni": "Northern Ireland", "cymru": "Wales", "isle of man": "", "jersey": "", "guernsey": ""}
# Words that are never an area on their own, so n-grams made only of them are skipped.
STOPWORDS = {
    "a", "an", "the", "in", "on", "at", "for", "of", "to", "and", "or", "my", "me", "i", "im", "is",
    "who", "what", "how", "do", "does", "can", "help", "contact", "number", "phone", "near", "live",
    "council", "area", "local", "city", "county", "borough", "north", "south", "east", "west",
    "central", "new", "send", "sendiass", "mediation", "service", "services", "please", "thanks",
    "it", "we", "our", "us", "from", "with", "about", "you", "your", "there", "here", "get", "need",
    "school", "town", "upon", "under", "on-sea", "great", "greater", "royal", "st", "isle", "isles",
}
FUZZY_MIN_SCORE = 88.0
FUZZY_MIN_SCORE_SHORT = 92.0
AMBIGUOUS_GAP = 5.0


@dataclass(frozen=True)
class Area:
    code: str  # registry code, e.g. "WAR"
    gss: str  # ONS code, e.g. "E10000031"
    name: str  # plain name, e.g. "Warwickshire"
    official: str
    slug: str


@dataclass(frozen=True)
class AreaMatch:
    """What a piece of text says about the area."""

    status: str  # "found" | "ambiguous" | "not_england" | "unknown"
    areas: list[Area] = field(default_factory=list)
    matched_text: str = ""
    nation: str = ""  # for "not_england": Wales, Scotland, Northern Ireland (or "" if elsewhere)

    @property
    def area(self) -> Area | None:
        return self.areas[0] if self.status == "found" else None


# Names of places outside England that are also everyday words or first names ("shuts down", "angus").
COMMON_WORD_PLACES = {"down", "angus", "moray", "taff", "cynon", "eilean", "ards", "moyle", "highland", "highlands",
                      "central", "borders", "mid", "north", "south", "east", "west"}


# English areas whose names are also everyday words ("behind in reading", "he plays rugby", "in the bath"): named
# only with a capital letter, or after words that introduce a place ("we live in hull"), or before "council".
COMMON_WORD_AREAS = {"reading", "bath", "bury", "hull", "rugby", "hart", "harrow", "craven", "eden", "swale"}
# Everyday words one letter from a place ("brother" ~ Rother, "working" ~ Woking, "dealing" ~ Ealing): found by
# matching every whole word of the sentence encoder's English vocabulary against the names; never a close spelling.
COMMON_WORDS_NEAR_PLACES = {"working", "brother", "dealing", "healing", "sealing", "readings", "dreading", "broadband",
                            "baking", "tending", "lettering", "baronet"}
SENTENCE_BREAK = re.compile(r"(?<!\bst)(?<!\bmt)[.!?;:\n]+(?:\s|$)", re.I)  # "St. Helens" is one place
PLACE_BEFORE = re.compile(r"(\b(i'?m|im|we'?re|were|we are|i am|live|lives|living|based|moved|moving|stay|staying|"
                          r"from|near|around|outside)( (in|to|near|at|round|by))?|\b(sendiass|sendias|iass|offer|"
                          r"service|services|council|advice|anyone|someone|contact|number|ipsea|"
                          r"send|schools?|team) (in|for|near|around|round))\W*$", re.I)
PLACE_AFTER = re.compile(r"^\W*(council|area|borough|local offer|sendiass|send team)\b", re.I)


def names_the_place(text: str, name: str) -> bool:
    """Whether `text` uses `name` as a place: always, unless it is also an everyday word (COMMON_WORD_AREAS)."""
    if name.lower() not in COMMON_WORD_AREAS or len(normalise(text).split()) <= 2:  # "hull", "in hull": the answer
        return True
    for found in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
        if (found.group(0)[0].isupper() or PLACE_BEFORE.search(text[: found.start()])
                or PLACE_AFTER.search(text[found.end():])):
            return True
    return False


# The answer for a parent outside England: that nation's own system and help (knowledge/answers/choices.yml).
OUTSIDE_ENGLAND_ANSWER = "choices/outside_england"
NATION_ANSWERS = {"Wales": "choices/wales", "Scotland": "choices/scotland",
                  "Northern Ireland": "choices/northern_ireland"}


# Answers that hold only in England (EHC plans, the SEND Tribunal and appeals to it, mediation before an appeal,
# SENDIASS, the Ombudsman): a parent in another nation gets that nation's answer instead.
ENGLAND_ONLY_TOPICS = {"ehc"}
ENGLAND_ONLY_ANSWERS = {"service/tribunal", "service/how_to_appeal", "service/mediation", "service/sendiass",
                        "service/tribunal_or_ombudsman", "service/ombudsman", "unhappy/la_decision",
                        "unhappy/late_appeal", "unhappy/what_can_appeal", "unhappy/la_failure",
                        "unhappy/health_social_care", "rights/disagree_rights", "service/which_first",
                        "service/disagreement_resolution", "service/mediation_timescales", "choices/school_refused",
                        "choices/ask_for_school", "choices/plan_ending", "choices/plan_after_19",
                        "family/diagnosis_ehcp", "family/personal_budget", "family/personal_budget_when",
                        "family/personal_budget_refused"}


def england_only(answer_key: str) -> bool:
    return answer_key.split("/")[0] in ENGLAND_ONLY_TOPICS or answer_key in ENGLAND_ONLY_ANSWERS


def nation_answer(nation: str) -> str:
    return NATION_ANSWERS.get(nation, OUTSIDE_ENGLAND_ANSWER)


def last_place_said(texts: list[str], gazetteer: Gazetteer | None = None) -> AreaMatch | None:
    """Where the parent last said they live, newest message first: an English area or a place outside England
    (close spellings too: "hi im in cardif"), or None."""
    gazetteer = gazetteer or load()
    return next((found for found in map(gazetteer.match, reversed(texts))
                 if found.area or found.status == "not_england"), None)


def nation_said_before(texts: list[str], gazetteer: Gazetteer | None = None) -> str:
    """The nation outside England where the parent last said they live ("hi im in glasgow" ... "how do i get an
    ehcp?"), or "" if they named none, or named an English area after it."""
    said = last_place_said(texts, gazetteer)
    return said.nation if said and said.status == "not_england" else ""


def nation_named(text: str, gazetteer: Gazetteer | None = None, english_wins: bool = True) -> str:
    """The nation outside England that a message names ("I'm in Cardiff" -> "Wales"), or ""; exact names
    only (a cheap check on every message). "" too if an English area is named as well (unless not
    english_wins: "moving from Bristol to Cardiff" names Wales)."""
    gazetteer = gazetteer or load()
    if (moved := MOVED_TO.search(text)) and gazetteer.match(moved.group(1)).status == "found":
        return ""  # "we moved from Cardiff to Bristol": now in England
    words = normalise(text).split()
    grams = [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
    if english_wins and any(gram in gazetteer.names and gram not in STOPWORDS for gram in grams):
        return ""
    for gram in grams:
        if gram in COMMON_WORD_PLACES:
            continue
        nation = OTHER_NATIONS.get(gram) or gazetteer.other_nations.get(gram)
        if nation:
            return nation
    return ""


MOVED_TO = re.compile(r"\b(?:moved|moving|move|moves|relocated|relocating)\b(?:(?!\bto\b).){0,40}\bto\b(.{2,60})",
                      re.I)


# "We moved from Cardiff last month", "moving down from Scotland": a family now (or soon) in England.
MOVED_FROM = re.compile(r"\b(?:moved|moving|move|came|come|coming|relocated|relocating)\b(?: \w+){0,3}? from\b"
                        r"(.{2,40})", re.I)
TO_ENGLAND = re.compile(r"\b(to|in|into|here in) england\b", re.I)


def moved_from_nation(text: str, gazetteer: Gazetteer | None = None) -> str:
    """The nation outside England a family says they have moved (or are moving) from, to live in England, or ""
    ("we moved from cardiff last month" -> "Wales"; not "moving from Bristol to Cardiff")."""
    gazetteer = gazetteer or load()
    moved = MOVED_FROM.search(text)
    if not moved:
        return ""
    nation = nation_named(moved.group(1), gazetteer, english_wins=False)
    if not nation:
        return ""
    going = MOVED_TO.search(text)
    if going and not TO_ENGLAND.search(going.group(0)) and gazetteer.match(going.group(1)).status == "not_england":
        return ""  # "moving from Scotland to Cardiff": still outside England
    return nation


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9' -]+", " ", text)
    text = text.replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Gazetteer:
    areas: dict[str, Area]  # by registry code
    names: dict[str, set[str]]  # normalised name -> registry codes of upper-tier areas
    other_nations: dict[str, str]  # normalised names of authorities outside England -> their nation
    # Towns (towns.csv) are found only as typed: spelt close to one, everyday words are too often taken for one
    # ("credit on my phone" ~ Crediton).
    exact_only: frozenset[str] = frozenset()

    @cached_property
    def _spellable_names(self) -> tuple[list[str], list[str]]:
        """The names a close spelling may stand for, as written and as compared (_spelt_like)."""
        names = [name for name in self.names if name not in self.exact_only]
        return names, [utils.default_process(name) for name in names]

    @cached_property
    def _other_names(self) -> tuple[list[str], list[str]]:
        """Places outside England spelt out (not "ni"), for close spellings, as written and as compared."""
        names = [name for name in [*OTHER_NATIONS, *self.other_nations]
                 if len(name) >= 5 and name not in COMMON_WORD_PLACES]
        return names, [utils.default_process(name) for name in names]

    @staticmethod
    def _spelt_like(gram: str, names: tuple[list[str], list[str]], limit: int) -> list[tuple[str, float]]:
        """(name, score) of the `limit` names spelt most like the gram, if close enough (short words need a closer
        spelling: "heart" must not become "Hart"). The names are compared as prepared once, not on every call: the
        fuzzy look-up was a tenth of a turn's time."""
        written, compared = names
        cutoff = FUZZY_MIN_SCORE if len(gram) >= 8 else FUZZY_MIN_SCORE_SHORT
        return [(written[index], score) for _, score, index in process.extract(
            utils.default_process(gram), compared, scorer=fuzz.ratio, processor=None, limit=limit,
            score_cutoff=cutoff)]

    def _closest_elsewhere(self, grams: list[str]) -> tuple[float, str] | None:
        """(score, name) of the place outside England spelt most like one of the grams, if close enough."""
        scored = [(score, name) for gram in grams if not set(gram.split()) & COMMON_WORD_PLACES
                  for name, score in self._spelt_like(gram, self._other_names, limit=1)]
        return max(scored, default=None)

    def by_gss(self, gss: str) -> Area | None:
        return next((a for a in self.areas.values() if a.gss == gss), None)

    @cached_property
    def _remembered(self) -> Callable[[str], AreaMatch]:
        # A conversation's earlier messages are read again on every turn, and close spellings cost ~20 ms
        return lru_cache(maxsize=4096)(self._match)

    def match(self, text: str) -> AreaMatch:
        """Find an area in free text: exact names first (longest wins), then close spellings. A move names
        two places: "we moved from Cardiff to Bristol" is about Bristol."""
        return self._remembered(text)

    def _match(self, text: str) -> AreaMatch:
        # "moved down to northumbrland from glasgow": where they moved to, not from
        if ((moved := MOVED_TO.search(text))
                and (found := self.match(re.split(r"\bfrom\b", moved.group(1), maxsplit=1, flags=re.I)[0])).status
                != "unknown"):
            return found
        words = normalise(text).split()
        if not words:
            return AreaMatch("unknown")
        grams = [
            (" ".join(words[i : i + n]), n)
            for n in range(min(6, len(words)), 0, -1)
            for i in range(len(words) - n + 1)
        ]
        for gram, _ in grams:
            if gram in self.names and names_the_place(text, gram):
                return self._result(self.names[gram], gram)
            plain = gram.removeprefix("the ")
            if plain in COMMON_WORD_PLACES and len(words) > 3 and f"county {plain}" not in " ".join(words):
                continue  # "the council turned us down" is not County Down
            if plain in OTHER_NATIONS or plain in self.other_nations:
                nation = OTHER_NATIONS.get(plain, self.other_nations.get(plain, ""))
                return AreaMatch("not_england", matched_text=gram, nation=nation)
        # A close spelling lies within one sentence and has no month in it ("since may. council says ..." is not
        # Moray Council).
        sentences = [normalise(part).split() for part in SENTENCE_BREAK.split(text)]
        within = {" ".join(sentence[i: i + n]) for sentence in sentences
                  for n in range(1, min(6, len(sentence)) + 1) for i in range(len(sentence) - n + 1)}
        candidates = [g for g, _ in grams
                      if g in within and not set(g.split()) & dates.MONTHS.keys()
                      and not set(g.split()) <= STOPWORDS | COMMON_WORD_AREAS | COMMON_WORDS_NEAR_PLACES
                      and len(g) >= 5]
        best: dict[str, tuple[float, str]] = {}
        for gram in candidates:
            for name, score in self._spelt_like(gram, self._spellable_names, limit=5):
                for code in self.names[name]:
                    if score > best.get(code, (0.0, ""))[0]:
                        best[code] = (score, gram)
        # A misspelt place outside England ("cardif", "glasgo"), closer than any English name.
        elsewhere = self._closest_elsewhere(candidates)
        if elsewhere and elsewhere[0] > max((score for score, _ in best.values()), default=0.0):
            name = elsewhere[1]
            return AreaMatch("not_england", matched_text=name,
                             nation=OTHER_NATIONS.get(name, self.other_nations.get(name, "")))
        if not best:
            return AreaMatch("unknown")
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        top_score = ranked[0][1][0]
        close = [code for code, (score, _) in ranked if top_score - score <= AMBIGUOUS_GAP]
        return self._result(set(close), ranked[0][1][1])

    def _result(self, codes: set[str], matched: str) -> AreaMatch:
        areas = sorted((self.areas[c] for c in codes), key=lambda a: a.name)
        return AreaMatch("found" if len(areas) == 1 else "ambiguous", areas, matched)


def _current_upper_tier(code: str, rows: dict[str, dict[str, str]]) -> set[str]:
    """Follow replaced-by and district -> county links to current upper-tier authorities."""
    seen: set[str] = set()
    todo = [code]
    result: set[str] = set()
    while todo:
        current = todo.pop()
        if current in seen or current not in rows:
            continue
        seen.add(current)
        row = rows[current]
        if row["end-date"] and row["replaced-by"]:
            todo.extend(c.strip() for c in row["replaced-by"].split(","))
        elif row["local-authority-type"] in UPPER_TIER_TYPES and not row["end-date"]:
            result.add(current)
        elif row["county-la"]:
            todo.append(row["county-la"])
    return result


def load(directory: Path | None = None) -> Gazetteer:
    """The gazetteer from a local authority list, read once per folder. No folder: what use() was given, else
    SEND_LA_DATA_DIR's (bot.settings)."""
    return _carried.get() if directory is None else _load(directory)


def use(gazetteer: Gazetteer | None) -> None:
    """Read places with this gazetteer from now on, not SEND_LA_DATA_DIR's
    (rasa_addons/guard_knowledge.py); None: back to the project's."""
    _carried.use(gazetteer)


@lru_cache(maxsize=4)
def _load(directory: Path) -> Gazetteer:
    return read(directory)


def read(directory: Path) -> Gazetteer:
    """The gazetteer from the local authority list in a folder, read now."""
    with (directory / "uk_local_authorities.csv").open(encoding="utf-8") as handle:
        rows = {r["local-authority-code"]: r for r in csv.DictReader(handle)}
    areas = {
        code: Area(code, r["gss-code"], r["nice-name"], r["official-name"], r["gov-uk-slug"])
        for code, r in rows.items()
        if r["nation"] == "England"
        and r["local-authority-type"] in UPPER_TIER_TYPES
        and not r["end-date"]
    }
    names: dict[str, set[str]] = {}
    other: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = normalise(name)
        if not key:
            return
        if rows.get(code, {}).get("nation") not in (None, "England"):
            other[key] = rows[code]["nation"]
            return
        targets = _current_upper_tier(code, rows)
        if targets:
            names.setdefault(key, set()).update(targets)

    for code, row in rows.items():
        for name in [row["official-name"], row["nice-name"], *row["alt-names"].split(",")]:
            add(name, code)
    with (directory / "lookup_name_to_registry.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            add(row["la-name"], row["local-authority-code"])
    # Our own short names override the dataset's meaning of the same words.
    extra: dict[str, set[str]] = {}
    with (directory / "extra_names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            extra.setdefault(normalise(row["name"]), set()).update(
                _current_upper_tier(row["local-authority-code"], rows)
            )
    names.update(extra)
    # Towns, and the district each is in (towns.csv): a dataset or short name of the same words wins.
    towns: set[str] = set()
    with (directory / "towns.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (key := normalise(row["name"])) not in names and (targets := _current_upper_tier(
                    row["local-authority-code"], rows)):
                names[key] = targets
                towns.add(key)
    # Generic words that happen to be names ("county") must not match.
    for word in STOPWORDS:
        names.pop(word, None)
    other = {key: nation for key, nation in other.items() if key not in names}
    return Gazetteer(areas=areas, names=names, other_nations=other, exact_only=frozenset(towns))


def _project_gazetteer() -> Gazetteer:
    return _load(settings.current().la_data_dir)


# The model's gazetteer once use() has been given one, else SEND_LA_DATA_DIR's.
_carried: Carried[Gazetteer] = Carried(_project_gazetteer)
