"""The words for the people who work with a child, each under its answer's key in knowledge/answers/role.yml
(role/<key>): one list for the entity ruler (bot.build.nlp_pipeline) and the answer rules."""

from __future__ import annotations

ROLE_WORDS: dict[str, list[str]] = {
    "senco": ["senco", "sendco", "senco's", "special needs coordinator", "special needs co-ordinator"],
    "headteacher": ["headteacher", "head teacher", "principal", "headmaster", "headmistress"],
    "class_teacher": ["class teacher", "teacher", "form tutor", "form teacher"],
    "teaching_assistant": ["teaching assistant", "lsa", "learning support assistant"],
    "educational_psychologist": ["educational psychologist", "ed psych"],
    "governors": ["governors", "governing body", "send governor", "chair of governors"],
    "salt": ["speech therapist", "speech and language therapist", "salt", "slt"],
    "ot": ["occupational therapist"],
    "local_authority": ["local authority", "council"],
}
# Short forms that name a role inside a sentence ("and what about the head?") but are too common to be entities
# on their own ("ta" is also thanks, "la" a note).
SHORT_FORMS: dict[str, str] = {"head": "headteacher", "ta": "teaching_assistant", "ep": "educational_psychologist",
                               "ot": "ot", "governor": "governors", "la": "local_authority"}


def role_for_word(word: str) -> str | None:
    """The role key a word or short form names ("head teacher" -> "headteacher"), or None."""
    word = " ".join(word.lower().split())
    return SHORT_FORMS.get(word) or next((key for key, words in ROLE_WORDS.items() if word in words), None)


def words_pattern() -> str:
    """Every word and short form, longest first, for a regular expression alternation."""
    words = {w for ws in ROLE_WORDS.values() for w in ws} | set(SHORT_FORMS)
    return "|".join(w.replace(" ", r"\s+").replace("'", "'?") for w in sorted(words, key=len, reverse=True))
