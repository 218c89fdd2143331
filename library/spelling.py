"""The British English spelling check: Hunspell's en-GB dictionary (Debian's hunspell-en-gb,
read through pyenchant and libenchant-2), the project's word list (ProjectWord) and American
spellings named with their British form (library/data/american_british.tsv and the patterns
below).

`check_text` checks one text; `check_assessment` (library.places) checks every part of a draft.
The check advises: it never blocks anything, and without the dictionary on the server it says
it is unavailable rather than failing."""

import dataclasses
import functools
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "american_british.tsv"
LANGUAGE = "en_GB"

# A word: letters and digits, with apostrophes inside ("school's") and hyphens joining parts
# ("well-being" is checked as "well" and "being").
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:-[A-Za-z0-9][A-Za-z0-9'’]*)*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$|^\s*$|\n\s*$")
# "program" is British for a computer program, and American for a programme otherwise.
_COMPUTER = {"computer", "software", "coding", "computing"}
_PROGRAM = {"program": "programme", "programs": "programmes"}


@dataclasses.dataclass(frozen=True)
class Problem:
    """A word the check questions: the word as written, the British form or the dictionary's
    suggestion ("" for none), and whether it is an American spelling."""

    word: str
    suggestion: str
    american: bool


class Unavailable(Exception):
    """The en-GB dictionary cannot be read on this server."""


@functools.cache
def american_forms() -> dict[str, str]:
    """The data file's American spellings and their British forms, lower case."""
    pairs = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            american, british = line.split("\t")
            pairs[american.strip()] = british.strip()
    return pairs


@functools.cache
def _dictionaries():
    """The en-GB dictionary and the en-US one (to tell an American spelling from a typing
    error), or Unavailable."""
    try:
        import enchant

        british = enchant.Dict(LANGUAGE)
    except Exception as error:  # ImportError, enchant.errors.DictNotFoundError …
        raise Unavailable(str(error)) from error
    try:
        american = enchant.Dict("en_US")
    except Exception:
        american = None
    return british, american


def available() -> bool:
    try:
        _dictionaries()
    except Unavailable:
        return False
    return True


# American endings and their British forms, tried in turn on a word en-GB rejects.
_PATTERNS = (
    (re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"yz(e|es|ed|ing)$"), r"ys\1"),
    (re.compile(r"or(s|ed|ing|ful|ite|ites|able|ably|al)?$"), r"our\1"),
    (re.compile(r"er(s|ed)?$"), r"re\1"),
    (re.compile(r"og(s)?$"), r"ogue\1"),
    (re.compile(r"ense(s)?$"), r"ence\1"),
    (re.compile(r"([aeiou])l(ed|ing|er|ers)$"), r"\1ll\2"),
)


def _british_form(lower: str, british) -> str:
    """The British form of a word en-GB rejects, by the patterns above; "" for none."""
    for pattern, replacement in _PATTERNS:
        candidate = pattern.sub(replacement, lower)
        if candidate != lower and british.check(candidate):
            return candidate
    return ""


def _match_case(word: str, form: str) -> str:
    if word.isupper() and len(word) > 1:
        return form.upper()
    if word[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# The markers an assessor leaves to fill in later (assessments.completeness counts text holding
# one as missing, and says so on the overview).
_PLACEHOLDERS = frozenset({"TODO", "XXX"})


def check_text(text: str, words: frozenset[str] = frozenset()) -> list[Problem]:
    """The words of `text` the check questions, in order, each once. `words`: the project's
    word list, lower case. A capitalised word inside a sentence is taken for a name and not
    checked; a word with digits (KS4, 14th) only against the word list."""
    british, american = _dictionaries()
    forms = american_forms()
    found: dict[str, Problem] = {}
    previous = ""
    for match in _WORD.finditer(text):
        start = match.start()
        sentence_start = bool(_SENTENCE_END.search(text[max(0, start - 3) : start])) or start == 0
        for part in match.group().split("-"):
            problem = _check_word(part, previous, sentence_start, words, british, american, forms)
            if problem and problem.word not in found:
                found[problem.word] = problem
            previous = part.lower()
    return list(found.values())


def _check_word(word, previous, sentence_start, words, british, american, forms) -> Problem | None:
    word = word.replace("’", "'").strip("'")
    if word.lower().endswith("'s"):
        word = word[:-2]
    if not word:
        return None
    if word in _PLACEHOLDERS:
        return None  # a marker left to fill in: completeness lists it as missing, not misspelt
    lower = word.lower()
    if lower in words or (len(word) > 2 and word.endswith("s") and word[:-1].lower() in words):
        return None  # the word list: "HLTAs" for HLTA too
    if lower in _PROGRAM:
        if previous in _COMPUTER:
            return None
        return Problem(word, _match_case(word, _PROGRAM[lower]), True)
    if lower in forms:
        return Problem(word, _match_case(word, forms[lower]), True)
    if any(char.isdigit() for char in word):
        return (
            None if word.isdigit() or re.fullmatch(r"\d+(st|nd|rd|th|s)", lower) else Problem(word, "", False)
        )
    # An acronym, or its plural ("HLTAs"): checked, not taken for a name.
    is_acronym = len(word) > 1 and (
        word.isupper() or (len(word) > 2 and word[-1] == "s" and word[:-1].isupper())
    )
    if word[:1].isupper() and not is_acronym and not sentence_start:
        return None  # a name: "Runcorn", "Mrs Mullaney"
    if british.check(word) or (not is_acronym and british.check(lower)):
        return None
    if american is not None and american.check(word):
        form = _british_form(lower, british)
        if form:
            return Problem(word, _match_case(word, form), True)
    suggestions = british.suggest(word)
    return Problem(word, suggestions[0] if suggestions else "", False)
