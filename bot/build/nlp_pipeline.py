"""Build the project's own spaCy pipeline: blank English plus an entity ruler fed from knowledge/.

No model is downloaded. Labels:
- area: English local authority names, alternate names and short names (bot.domain.areas)
- service_kind: services parents ask for (SENDIASS, IPSEA, mediation, ...): the words in
  knowledge/service_kinds.yml (bot.domain.service_kinds), each pattern's id the kind
- role: people who work with the child (SENCO, headteacher, ...)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import cast

import spacy
from spacy.pipeline import EntityRuler

from bot.domain import areas, service_kinds
from bot.domain.role_words import ROLE_WORDS
from bot.settings import SPACY_MODEL_DIR


def patterns() -> list[dict[str, str]]:
    result = [
        {"label": "area", "pattern": name, "id": ",".join(sorted(codes))}
        for name, codes in areas.load().names.items()
    ]
    for kind in service_kinds.get().values():
        result.extend({"label": "service_kind", "pattern": w, "id": kind.id} for w in kind.words)
    for ident, words in ROLE_WORDS.items():
        result.extend({"label": "role", "pattern": w, "id": ident} for w in words)
    return result


def fingerprint(items: list[dict[str, str]]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()[:16]


def build(target: Path = SPACY_MODEL_DIR) -> Path:
    """Write the pipeline to `target` (skipped when the patterns have not changed)."""
    items = patterns()
    stamp = target / "send_patterns.sha"
    if stamp.exists() and stamp.read_text() == fingerprint(items):
        return target
    nlp = spacy.blank("en")
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}))
    ruler.add_patterns(items)  # type: ignore[arg-type]  # spaCy's list[dict[...]] hint is invariant; str is valid
    nlp.meta["name"] = "en_send_guide"
    nlp.meta["description"] = "Blank English + entity ruler built from knowledge/ (no download)."
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    stamp.write_text(fingerprint(items))
    return target
