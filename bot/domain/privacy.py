"""Redact personal data typed into free text before it is stored or logged (scrubadub, en_GB).

Emails, phone numbers, postcodes, National Insurance numbers, card numbers (with or without spaces or
dashes), NHS numbers and dates of birth become placeholders like {{PHONE}}. Other dates stay: the
deadline calculator needs them. Names are not detected (no NER model offline): the hand-off form collects
names in their own field instead.
"""

from __future__ import annotations

import re
import threading
import warnings
from functools import lru_cache
from typing import Any

# scrubadub is imported on first use, not with this module: it imports nltk and SciPy (about 5 seconds), which
# the staff accounts command, the jobs and each test's web server would otherwise pay for nothing. The
# servers warm it up as they start (warm_up()).
_LOCK = threading.Lock()


# scrubadub 2.0 warns on every clean() about its own internal use of a deprecated method.
warnings.filterwarnings("ignore", message=r"Filth.replace_with\(\) will be removed")


@lru_cache(maxsize=1)
def _detectors() -> tuple[type, ...]:
    from scrubadub.detectors import RegexDetector
    from scrubadub.filth import CreditCardFilth, Filth, NationalInsuranceNumberFilth, PhoneFilth

    class NhsFilth(Filth):
        type = "nhs_number"

    class BirthDateFilth(Filth):
        """scrubadub's own date-of-birth filth keeps only adults' dates; these are children's."""

        type = "date_of_birth"

    class UkPhoneShapeDetector(RegexDetector):
        """Catches UK-shaped numbers phonenumbers rejects (e.g. Ofcom's drama ranges 07700 900xxx) and the ways
        people write them: "+44 (0)7700 900123", "+44-7700-900123", "07700.900.123", "(020) 7946 0123",
        "0 7 7 0 0 ..." (up to two spaces, dots, dashes or a bracket between digits)."""

        name = "uk_phone_shape"
        filth_cls = PhoneFilth
        # Not a date: "01.09.2025-01.10.2025" has 16 digits too.
        regex = re.compile(r"(?<![\d+])(?<!\d[./])(?:\+44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0(?!\d[./]\d\d?[./]\d))"
                           r"(?:[\s.)-]{0,2}\d){9,10}(?!\d)")

    class NationalInsuranceShapeDetector(RegexDetector):
        """National Insurance numbers in any spacing ("AB-12-34-56-C", "QQ 12 34 56 C"), including letter pairs
        HMRC never issues (a mistyped number is still someone's), which scrubadub's own detector skips."""

        name = "national_insurance_shape"
        filth_cls = NationalInsuranceNumberFilth
        regex = re.compile(r"(?i)(?<![a-z0-9])[a-z]{2}(?:[ -]?\d{2}){3}[ -]?[a-d](?![a-z0-9])")

    class CardShapeDetector(RegexDetector):
        """Card numbers typed in groups ("4111 1111 1111 1111", "4111-1111-1111-1111", American Express's
        "3714 496353 98431"), which scrubadub's own detector misses."""

        name = "card_shape"
        filth_cls = CreditCardFilth
        regex = re.compile(r"(?<![\d-])(?:\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}|\d{4}[ -]?\d{6}[ -]?\d{5})(?![\d-])")

    class NhsNumberDetector(RegexDetector):
        """NHS numbers: 10 digits, often written 3-3-4 ("943 476 5919")."""

        name = "nhs_number"
        filth_cls = NhsFilth
        regex = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")

    class DateOfBirthDetector(RegexDetector):
        """A date next to "born", "DOB", "date of birth" or "birthday" (day first, or year first: "2015-07-14")."""

        name = "date_of_birth"
        filth_cls = BirthDateFilth
        regex = re.compile(
            r"(?i)(?:\b(?:born(?: on)?|d\.?o\.?b\.?|date of birth|birthday(?: is)?)\W{0,3})"
            r"(\d{1,2}(?:st|nd|rd|th)?[\s/.\-]+(?:\d{1,2}|[a-z]{3,9})[\s/.\-]+\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}"
            r"|\d{4}[\s/.\-]\d{1,2}[\s/.\-]\d{1,2})")

    return (UkPhoneShapeDetector, NationalInsuranceShapeDetector, CardShapeDetector, NhsNumberDetector,
            DateOfBirthDetector)


def _scrubber() -> Any:
    with _LOCK:  # one build, whichever thread asks first
        return _build_scrubber()


@lru_cache(maxsize=1)
def _build_scrubber() -> Any:
    import scrubadub

    scrubber = scrubadub.Scrubber(locale="en_GB")
    scrubber.remove_detector("twitter")
    for detector in _detectors():
        scrubber.add_detector(detector)
    return scrubber


def warm_up() -> None:
    """Build the redactor in the background, so the first parent's message does not wait for the import."""
    threading.Thread(target=_scrubber, name="privacy-warm-up", daemon=True).start()


# A whole email address first: scrubadub reads "me at jo.bloggs@example.com" as the spoken address
# "me at jo.bloggs" and leaves "@example.com" behind.
# The hand-off's "check your answers" message repeats the parent's details to them: shown, never stored
# (rasa_addons/tracker_store.py stores this header alone).
CHECK_YOUR_ANSWERS = "Check your answers before I send them:"
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str | None) -> str:
    if not text:
        return text or ""
    return _scrubber().clean(EMAIL.sub("{{EMAIL}}", text))
