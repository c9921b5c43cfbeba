"""Redact personal data typed into free text before it is stored or logged (scrubadub, en_GB).

Emails, phone numbers, postcodes, National Insurance numbers, card numbers and similar become
placeholders like {{PHONE}}. Names are not detected (no NER model offline): the hand-off form collects
names in their own field instead.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import scrubadub
import scrubadub.detectors
from scrubadub.detectors import RegexDetector
from scrubadub.filth import PhoneFilth


class UkPhoneShapeDetector(RegexDetector):
    """Catches UK-shaped numbers phonenumbers rejects (e.g. Ofcom's drama ranges 07700 900xxx)."""

    name = "uk_phone_shape"
    filth_cls = PhoneFilth
    regex = re.compile(r"(?<!\d)(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}(?!\d)")


# scrubadub 2.0 warns on every clean() about its own internal use of a deprecated method.
warnings.filterwarnings("ignore", message=r"Filth.replace_with\(\) will be removed")


@lru_cache(maxsize=1)
def _scrubber() -> scrubadub.Scrubber:
    scrubber = scrubadub.Scrubber(locale="en_GB")
    scrubber.remove_detector("twitter")
    scrubber.add_detector(UkPhoneShapeDetector)
    return scrubber


def redact(text: str | None) -> str:
    if not text:
        return text or ""
    return _scrubber().clean(text)
