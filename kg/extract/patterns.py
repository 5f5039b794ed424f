"""Build the extraction rules' regexes from the word classes (``kg/lexicons/words``) and the
casualty words (``casualty_words.tsv``).

Each pattern is a shape written here once, with its words taken from a class: a word added
to a file is matched the next time the lists are loaded, and no rule spells a word.
:func:`alternation` joins a class's words, escaped, longest first, any run of space between
the words of a phrase. :class:`Patterns` compiles each pattern the first time a rule asks
for it, once per loaded set of lists; :func:`get_patterns` holds the set built from the
shipped files.

Patterns that rules run on every sentence are :class:`~kg.extract.caseless.Caseless`, and
their words are lower-cased so that they can run on lower-cased text.

>>> from kg.extract.words import load_words_from_rows
>>> words = load_words_from_rows([("was", "past_tense", ""), ("slew", "past_tense", "")])
>>> bool(Patterns(words).past_tense.search("Gunmen slew two guards"))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, cached_property

from kg.extract.caseless import Caseless, OpenedSearch
from kg.extract.wordlists import Wordlists, get_wordlists
from kg.extract.words import Words, get_words

__all__ = ["Patterns", "get_patterns", "alternation", "by_first_letter", "needed_words"]


def alternation(words: Iterable[str], *, lower: bool = False) -> str:
    """Return a regex alternation of ``words``: escaped, longest first, spaces as ``\\s+``.

    Longest first, so that where one word opens another ("of" and "of them") the longer is
    tried first. ``lower`` lower-cases ASCII words, for a pattern run on lower-cased text.
    An empty list gives a pattern that never matches.

    >>> alternation(["of", "of them", "a.m."])
    'of\\\\s+them|a\\\\.m\\\\.|of'
    >>> alternation([])
    '(?!)'
    """
    unique = {w.strip() for w in words if w.strip()}
    if lower:
        unique = {w.lower() if w.isascii() else w for w in unique}
    ordered = sorted(unique, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"


def by_first_letter(words: Iterable[str]) -> str:
    """An alternation of words grouped by first letter, so a regex tests that letter once.

    >>> by_first_letter(["at", "a", "be"])
    '(?:a(?:t|)|b(?:e))'
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return (
        "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"
    )


def needed_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased words one of which every match of ``phrases`` holds: the longest word of
    each phrase, less those that hold another such word. A text holding none of them cannot
    match, which ``in`` tells faster than a regex.

    >>> needed_words(["killed", "kill", "shot dead", "slain"])
    ('kill', 'shot', 'slain')
    """
    words = {max(p.lower().split(), key=len) for p in phrases if p.strip()}
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Patterns:
    """Every regex the rules read, built from one set of word lists.

    Args:
        words: the word classes.
        lists: the cue and casualty lists (default: the shipped ones).
    """

    def __init__(self, words: Words, lists: Wordlists | None = None):
        self.words = words
        self._lists = lists

    @property
    def lists(self) -> Wordlists:
        if self._lists is None:
            self._lists = get_wordlists()
        return self._lists

    def _alt(self, *names: str, lower: bool = False) -> str:
        return alternation([w for name in names for w in self.words[name]], lower=lower)

    def _casualty(self, *roles: str) -> tuple[str, ...]:
        return tuple(w for role in roles for w in self.lists.casualty.get(role, ()))

    # -- clauses: where an incident happened -------------------------------------------

    @cached_property
    def locative_cue(self) -> str:
        """A word before a place where something happened; the prepositions as written, the
        verbs in any case ("In" opening a sentence is not a cue; "Stormed" is)."""
        return (
            rf"{self._alt('locative')}|(?:{self._alt('area_of')})\s+of"
            rf"|(?i:{self._alt('locative_verb')})"
        )

    @cached_property
    def locative(self) -> OpenedSearch:
        """A locative cue and up to four words, ending a text ("in the town of")."""
        pattern = re.compile(
            rf"(?:\b(?i:{self.locative_cue})"
            r"(?:\s+(?:the|a|an|this|that|its|[a-z][\w-]*(?:'s)?|[A-Z][\w-]*(?:'s|’s)?)){0,4}\s*)$"
        )
        # Tried only where its cue opens (kg.extract.caseless): it runs for every place named.
        return OpenedSearch(pattern, rf"\b(?:{self.locative_cue})")

    @cached_property
    def site_word(self) -> Caseless:
        return Caseless(rf"\b(?:{self._alt('site_preposition', lower=True)})\b")

    @cached_property
    def site_tail(self) -> Caseless:
        return Caseless(rf"\b(?:{self._alt('site_preposition', lower=True)})\s+(?:the\s+)?$")

    @cached_property
    def place_modifier(self) -> re.Pattern:
        """After a place name: "the Quetta attack", "Quetta's railway station"."""
        return re.compile(
            rf"(?:'s|’s)?\s+(?:[a-z-]+\s+){{0,2}}?(?:{self._alt('place_modifier')})\b"
        )

    @cached_property
    def journey_end(self) -> Caseless:
        """ "travelling from Islamabad to their camp at": where they were going."""
        verbs = self.words["journey_verb"]
        return Caseless(
            rf"\b(?:{alternation(verbs, lower=True)}|on\s+(?:its|their|his|her)\s+way)"
            r"(?:\s+from\s+[^,;.]{1,40}?)?\s+to\s+(?:(?!\b(?:was|were|is|are|had|has|when|while|as|and|but)\b)[^,;.]){0,60}?"
            r"\b(?:in|at|near)\s+(?:the\s+)?$",
            needs=needed_words([*verbs, "way"]),
        )

    # -- clauses: splitting and reading -----------------------------------------------

    @cached_property
    def and_count(self) -> re.Pattern:
        """An "and" that starts a new casualty figure: "... and seven people were killed"."""
        return re.compile(
            rf"\s+and\s+(?=(?:\w+\s+){{0,2}}?\w+\s+(?:{self._alt('and_count_noun')}))"
        )

    @cached_property
    def and_count_nouns(self) -> tuple[str, ...]:
        """The nouns :attr:`and_count` needs, as written (it runs case-sensitively)."""
        return self.words["and_count_noun"]

    @cached_property
    def past_tense(self) -> Caseless:
        return Caseless(rf"\b(?:{self._alt('past_tense', lower=True)})\b")

    @cached_property
    def also(self) -> Caseless:
        # Rare words: most clauses hold none and skip the scan.
        also = self.words["also"]
        return Caseless(rf"\b(?:{alternation(also, lower=True)})\b", needs=needed_words(also))

    @cached_property
    def temporal_before(self) -> Caseless:
        return Caseless(rf"\b(?:{self._alt('temporal_before', lower=True)})\s+$")

    @cached_property
    def victims(self) -> Caseless:
        """ "most of the victims were ...", "the dead included ..."."""
        return Caseless(
            rf"\b(?:{self._alt('victims_noun', lower=True)})\s+"
            rf"(?:{self._alt('victims_verb', lower=True)})\b"
        )

    @cached_property
    def negated(self) -> Caseless:
        """ "No group has claimed", "did not claim", "has yet to claim": no claim was made."""
        return Caseless(rf"\b(?:{self._alt('negation', lower=True)})\b(?:\s+[\w'-]+){{0,3}}\s*$")

    @cached_property
    def counted(self) -> Caseless:
        """ "a", "of", a figure or a number word before a plural: "two suicide bombers"."""
        return Caseless(
            rf"\b(?:{self._alt('counted_word', lower=True)}|\d+)\s+(?:[\w-]+\s+){{0,2}}$"
        )

    @cached_property
    def as_of(self) -> Caseless:
        """ "By Wednesday the toll had risen", "as of Monday", "the toll rose to 84 on
        Tuesday": the date a tally stood, not an incident's."""
        return Caseless(
            rf"\b(?:{self._alt('as_of', lower=True)})\s+(?:the\s+end\s+of\s+)?$"
            rf"|\b(?:{self._alt('toll_rose', lower=True)})\s+to\s+(?:at\s+least\s+)?\d+\s+(?:on\s+)?$"
        )

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """Words too common to tell two parts of a series apart."""
        return frozenset(w.lower() for w in self.words["stop_word"])

    # -- clauses: cue lists (cues.tsv) -------------------------------------------------

    @cached_property
    def claim(self) -> Caseless:
        return self.lists.caseless("claim")

    @cached_property
    def attribution(self) -> Caseless:
        return self.lists.caseless("attribution")

    @cached_property
    def denial(self) -> Caseless:
        return self.lists.caseless("denial")

    @cached_property
    def determiner(self) -> re.Pattern:
        """A determiner in any case, then up to two modifiers: a listed word, a capitalised
        name or a weekday's."""
        modifiers = self.lists.regex("anaphor_modifier").pattern
        return re.compile(
            rf"\b(?i:{self._alt('determiner')})\s+"
            rf"(?:(?:(?i:{modifiers})|[A-Z][\w-]+(?:'s|’s)?|(?i:\w+day(?:'s|’s)))\s+){{0,2}}$"
        )

    @cached_property
    def generic_tail(self) -> Caseless:
        # Each of these holds a match of a cue list, so it needs what that list's matches need.
        generic = self.lists.caseless("generic")
        return Caseless(rf"(?:{generic.pattern})(?:\s+[\w-]+){{0,2}}\s*$", needs=generic.needs)

    @cached_property
    def trend_tail(self) -> Caseless:
        trend = self.lists.caseless("trend")
        return Caseless(rf"(?:{trend.pattern})(?:\s+[\w'-]+){{0,3}}\s*$", needs=trend.needs)

    @cached_property
    def weak_before(self) -> Caseless:
        reporting = self.lists.caseless("reporting")
        return Caseless(
            rf"(?:{reporting.pattern})(?:\s+\w+){{0,2}}\s+(?:on\s+)?$", needs=reporting.needs
        )

    @cached_property
    def weak_after(self) -> Caseless:
        reporting = self.lists.caseless("reporting")
        return Caseless(rf"\s*(?:,\s*)?(?:{reporting.pattern})\b", needs=reporting.needs)

    @cached_property
    def not_location(self) -> OpenedSearch:
        """The cue in any case, then up to four lower-case words: "from the garrison city of"."""
        pattern = re.compile(
            rf"(?i:(?P<cue>{self.lists.regex('not_location').pattern}))"
            r"(?:\s+(?:the|a|an|[a-z][\w-]*)){0,4}\s*$"
        )
        # It mixes a case-blind cue with lower-case words, and runs for every place named:
        # tried only where the cue opens (kg.extract.caseless).
        return OpenedSearch(pattern, self.lists.caseless("not_location").pattern)

    # -- casualties ----------------------------------------------------------------------

    @cached_property
    def gap_words(self) -> str:
        """Filler words between an outcome word and a count ("killing at least 24")."""
        return rf"(?:\s+(?:{self._alt('gap_word')}))*"

    @cached_property
    def joined(self) -> re.Pattern:
        """What joins two counts so that they share an outcome word."""
        return re.compile(rf"(?:,|\b(?:{self._alt('joiner')}))\s*$", re.IGNORECASE)

    @cached_property
    def to_next(self) -> re.Pattern:
        return re.compile(rf"{self.gap_words}\s*", re.IGNORECASE)

    @cached_property
    def singular_nouns(self) -> str:
        """The singular group nouns of casualty_words.tsv, lower-cased where ASCII ("FC man"
        and "fc man" match alike) for Caseless patterns."""
        nouns = self._casualty("security", "militant", "civilian")
        return alternation([w for w in nouns if not w.endswith("s")], lower=True)

    @cached_property
    def injured_words(self) -> frozenset[str]:
        """The injured words of casualty_words.tsv, lower-cased, one space between words."""
        return frozenset(" ".join(w.lower().split()) for w in self._casualty("injured"))

    @cached_property
    def singular(self) -> tuple[tuple[str, ...], tuple[Caseless, ...]]:
        """One-person figures ("killing a police guard", "a soldier was also martyred"), and
        the words one of which each match holds (most clauses have none).

        The active verbs are the killing/wounding class; the passive outcome is any killed
        or injured word of casualty_words.tsv ("a soldier was slain").
        """
        noun = self.singular_nouns
        gap = r"(?:[\w-]+\s+){0,2}?"
        active = self.words["singular_active"]
        passive = self._casualty("killed", "injured")
        return (
            needed_words([*active, *passive]),
            (
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+(?:a|an|one)\s+{gap}(?P<noun>{noun})\b",
                    needs=needed_words(active),
                ),
                Caseless(
                    rf"\b(?:a|an|one)\s+{gap}(?P<noun>{noun})\s+(?:was|has\s+been|had\s+been)\s+(?:also\s+)?"
                    rf"(?P<verb>{alternation(passive, lower=True)})\b",
                    needs=("was", "been"),
                ),
            ),
        )

    # -- events: who and what was attacked -----------------------------------------------

    @cached_property
    def _object_gap(self) -> str:
        # Words that may stand between a cue and its object: not prepositions, which start a
        # new phrase.
        return rf"(?:(?!(?:{self._alt('object_gap_stop')})\b)[\w'-]+\s+){{0,3}}"

    @cached_property
    def victim_before(self) -> re.Pattern:
        """A cue before a name that makes it the one attacked."""
        cue = (
            rf"(?:{self._alt('victim_cue')}|directed(?:\s+\w+)?\s+at"
            r"|(?:opened\s+)?fire[ds]?\s+(?:on|at|upon)|rammed(?:\s+\w+){0,3}\s+into)"
        )
        return re.compile(rf"\b{cue}\s+{self._object_gap}$", re.IGNORECASE)

    @cached_property
    def site_before(self) -> re.Pattern:
        """A cue before a site that makes it the place attacked. A bare "on" is where, not
        what: "on the highway" places an attack, "attack on" aims it."""
        cue = rf"(?:{self._alt('site_cue')}|(?:opened\s+)?fire[ds]?\s+(?:on|at|upon))"
        return re.compile(rf"\b{cue}\s+{self._object_gap}$", re.IGNORECASE)

    @cached_property
    def victim_after(self) -> re.Pattern:
        """Words after a name that make it the one hit: "... were killed", "... were among
        the dead", "... were in the convoy", and headline style "Four soldiers martyred"."""
        outcome = alternation([*self._casualty("killed", "injured"), *self.words["victim_state"]])
        return re.compile(
            rf"[\s,]+(?:[\w'-]+[\s,]+){{0,4}}?(?:were|was|are|is|(?:had|have|has)\s+(?:also\s+)?been)\s+(?:\w+\s+){{0,4}}?"
            rf"(?:{outcome})\b"
            r"|[\s,]+(?:had|have|has)\s+(?:also\s+)?been\s+(?:its|the)\s+target"
            r"|\s+among\s+(?:the\s+)?(?:\w+\s+)?(?:killed|dead|victims|casualties)\b"
            # "... were in the convoy when it was attacked": aboard what was hit
            r"|[\s,]+(?:were|was)\s+(?:\w+\s+)?(?:in|inside|aboard|on\s+board|travelling\s+in|traveling\s+in|riding\s+in)"
            rf"\s+(?:the|a|an|their|its)\s+(?:\w+\s+)?(?:{self._alt('vehicle')})s?\b"
            # headline style: not "forces killed four"
            rf"|\s+(?:{self._alt('headline_outcome')})\b"
            r"|\s+killed(?=\s*(?:[,.;]|in\b|as\b|during\b|when\b|while\b|and\b|$))",
            re.IGNORECASE,
        )

    @cached_property
    def facility_attacked(self) -> re.Pattern:
        """ "a police station was stormed": a facility named as the one attacked."""
        return re.compile(
            r"\s+(?:was|were|(?:had|has|have)\s+been|came\s+under)\s+(?:\w+\s+)?"
            rf"(?:{self._alt('attacked_state')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def acts_after(self) -> re.Pattern:
        """A verb right after a name makes it the subject of a new clause: "and police
        arrived"."""
        return re.compile(
            rf"\s+(?:(?:{self._alt('act_adverb')})\s+)?"
            rf"(?:(?!(?:{self._alt('actor_verb')})\b)[a-z]+ed|{self._alt('speech_verb')})\b"
        )

    @cached_property
    def speaker_after(self) -> re.Pattern:
        """ "TTP said", "the ISPR statement": a name that speaks, not one attacked."""
        return re.compile(rf"\s*(?:{self._alt('speaker_word')})", re.IGNORECASE)

    @cached_property
    def project_hit(self) -> re.Pattern:
        """A verb up to five words before a project's name that says it was attacked."""
        return re.compile(
            rf"\b(?:{self._alt('project_hit')}|sabotag\w*)\b(?:\W+[\w'-]+){{0,5}}\W*$",
            re.IGNORECASE,
        )

    @cached_property
    def definite_area(self) -> re.Pattern:
        """ "in the province": a kind of area that refers back to a place named before."""
        return re.compile(
            rf"\b(?:in|across|of)\s+the\s+({self._alt('definite_area')})\b", re.IGNORECASE
        )

    @cached_property
    def repelled_object(self) -> str:
        return self._alt("repelled_object")

    # -- incidents ---------------------------------------------------------------------

    @cached_property
    def gap_link(self) -> re.Pattern:
        """ "came/followed ... after", "days before": what follows names another incident."""
        return re.compile(
            rf"\b(?:{self._alt('gap_link_verb')})\b[^.;]{{0,40}}?\b(?:after|before|since)\b"
            r"|\b(?:days?|weeks?|months?|fortnight)\s+(?:after|before)\b",
            re.IGNORECASE,
        )

    @cached_property
    def target_subject(self) -> re.Pattern:
        """ "The convoy was ... ambushed": a sentence about a target already named."""
        return re.compile(rf"\s*(?:The|That|This)\s+(?P<noun>{self._alt('vehicle')})\b")

    # -- statistics ----------------------------------------------------------------------

    @cached_property
    def incident_count_after(self) -> Caseless:
        """ "444 terrorist attacks": a count of incidents, not of people."""
        nouns = self.words["incident_plural"]
        return Caseless(
            rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{alternation(nouns, lower=True)})\b",
            needs=needed_words(nouns),
        )

    @cached_property
    def single_incident(self) -> Caseless:
        """A single incident: "a suicide bombing", "the attack", "an explosion"."""
        nouns = self.words["incident_noun"]
        return Caseless(
            r"\b(?:a|an|the|this|that|saturday's|sunday's)\s+(?:\w+\s+){0,2}?"
            rf"(?:{alternation(nouns, lower=True)})\b(?!s)",
            needs=needed_words(nouns),
        )

    @cached_property
    def death_words(self) -> re.Pattern:
        return re.compile(rf"\b(?:{self._alt('death_word')})\b", re.IGNORECASE)

    @cached_property
    def statistic_noun(self) -> re.Pattern:
        """Up to three modifiers and the noun of a figure: "383 (security) soldiers"."""
        return re.compile(
            rf"\s+((?:[\w'-]+\s+){{0,3}}?)((?:{self._alt('statistic_noun')}))\b", re.IGNORECASE
        )

    @cached_property
    def outcome_adjacent(self) -> re.Pattern:
        """An outcome word of casualty_words.tsv right after a figure's noun: "26 were killed"."""
        outcome = alternation(self._casualty("killed", "injured"))
        return re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:were\s+|had\s+been\s+)?(?:{outcome})\b")

    @cached_property
    def source_before(self) -> re.Pattern:
        return re.compile(rf"(?:{self._alt('source_preposition')})\s+(?:the\s+)?$")

    @cached_property
    def source_after(self) -> re.Pattern:
        return re.compile(rf"^(?:'s|’s)?\W*(?:\(\w+\)\W*)?(?:{self._alt('source_verb')})")


@cache
def get_patterns() -> Patterns:
    """The patterns built from the shipped word lists."""
    return Patterns(get_words(), get_wordlists())
