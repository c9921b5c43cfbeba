"""Plain words: the Flesch-Kincaid grade of every answer a parent can read (tools/readability.py).

GOV.UK aims at a reading age of 9 (grade 4); issue 14 asks for an average of grade 6 or less and no answer above
grade 8 unless it is on knowledge/reading_age_exceptions.yml with a reason. The average reached the target in
session 14 (5.39 after the plain-words rewrite), so the test now holds the target itself.
"""

from __future__ import annotations

from tools import readability

TARGET_AVERAGE = 6.0
CEILING = 8.0
MAX_OVER_CEILING = 0  # answers above grade 8 and not listed (109 before the plain-words rewrite)


def test_syllables_and_grade_follow_the_formula() -> None:
    assert readability.syllables("tribunal") == 3
    assert readability.syllables("SENDIASS") >= 3  # not in the dictionary: hyphenation
    assert readability.grade("The cat sat on the mat.") < 0
    hard = "The local authority must determine whether statutory assessment is necessary and appropriate."
    assert readability.grade(hard) > 12


def test_answers_are_plain_on_average() -> None:
    graded = readability.graded_responses()
    average = sum(item.grade for item in graded) / len(graded)
    print(f"average grade {average:.2f} (target {TARGET_AVERAGE})")
    assert average <= TARGET_AVERAGE


def test_every_answer_over_the_ceiling_is_a_listed_exception() -> None:
    allowed = readability.exceptions()
    too_hard = [f"{item.response} ({item.grade})" for item in readability.graded_responses()
                if item.grade > CEILING and item.response not in allowed]
    assert len(too_hard) <= MAX_OVER_CEILING, too_hard


def test_every_exception_gives_a_reason_and_is_still_needed() -> None:
    graded = {item.response: item.grade for item in readability.graded_responses()}
    for name, reason in readability.exceptions().items():
        assert len(reason.split()) >= 4, f"{name}: say why it cannot be plainer"
        assert graded.get(name, 0) > CEILING, f"{name} is no longer over the ceiling: take it off the list"

