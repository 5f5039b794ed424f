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

import itertools
import os
import re
from collections.abc import Iterable
from functools import cache, cached_property

from kg.extract.caseless import Caseless, OpenedSearch, contains_any
from kg.extract.wordlists import Wordlists, get_wordlists
from kg.extract.words import Words, get_words

__all__ = ["Patterns", "Hint", "get_patterns", "alternation", "by_first_letter", "needed_words"]


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


def needed_words(phrases: Iterable[str], *, stem: int = 4) -> tuple[str, ...]:
    """Lower-cased strings one of which every match of ``phrases`` holds, as few as may be: a
    text holding none of them cannot match, which ``in`` tells faster than a regex.

    Each phrase gives its longest word (the last of equals: "lost their lives" gives
    "lives"); words that open alike share their first ``stem`` or more letters ("martyred",
    "martyring": "martyr"); a word holding another is dropped.

    >>> needed_words(["killed", "kill", "shot dead", "slain", "wounded", "wounds"])
    ('dead', 'kill', 'slain', 'wound')
    """
    words = set()
    for phrase in phrases:
        parts = phrase.lower().split()
        if parts:
            words.add(max(reversed(parts), key=len))
    merged = True
    while merged:
        merged = False
        ordered = sorted(words)
        for first, second in itertools.pairwise(ordered):
            prefix = os.path.commonprefix([first, second])
            if len(prefix) >= stem:
                words -= {first, second}
                words.add(prefix)
                merged = True
                break
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Hint:
    """A cheap test run before a full pattern: most sentences hold no date at all.

    The hint's regex runs only on a text that holds one of ``needs`` as written (each match
    of the regex spells one), which ``in`` tells faster than the regex can.
    """

    __slots__ = ("pattern", "needs")

    def __init__(self, pattern: re.Pattern, needs: tuple[str, ...] = ()):
        self.pattern, self.needs = pattern, needs

    def search(self, text: str, lower: str | None = None) -> bool:
        """True when ``text`` may hold a match (``lower`` is not read: the hint is exact)."""
        if self.needs and not contains_any(text, self.needs):
            return False
        return self.pattern.search(text) is not None


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

    def caseless_patterns(self) -> dict[str, Caseless]:
        """Every :class:`~kg.extract.caseless.Caseless` pattern built here, by a readable name
        (for tests that check each finds what ``re.IGNORECASE`` does)."""
        found: dict[str, Caseless] = {}

        def collect(name: str, value) -> None:
            if isinstance(value, Caseless):
                found[name] = value
            elif isinstance(value, OpenedSearch):
                found[f"{name}.openers"] = value.openers
            elif isinstance(value, dict):
                for key, item in value.items():
                    collect(f"{name}.{key}", item)
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    collect(f"{name}.{i}", item)

        for name, member in vars(type(self)).items():
            if isinstance(member, cached_property):
                collect(name, getattr(self, name))
        return found

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
        Tuesday": the date a tally stood, not an incident's. The words that revise a toll
        are casualty_words.tsv's update words."""
        return Caseless(
            rf"\b(?:{self._alt('as_of', lower=True)})\s+(?:the\s+end\s+of\s+)?$"
            rf"|\b(?:{alternation(self._casualty('update'), lower=True)})\s+(?:at\s+least\s+)?\d+\s+(?:on\s+)?$"
        )

    @cached_property
    def destination(self) -> re.Pattern:
        """A not-location cue ending in a word of destination ("heading to", "bound for")."""
        return re.compile(rf"(?:\b(?:{self._alt('destination')}))$", re.IGNORECASE)

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
    def and_one(self) -> Caseless:
        """A figure's own noun phrase (up to three words), then "and their/a <noun>": one more
        of a group ("two soldiers and their driver")."""
        return Caseless(
            rf"(?:\s+[\w'-]+){{1,3}}?\s+and\s+(?:their|his|her|its|a|an|one)\s+(?:[\w-]+\s+){{0,2}}?"
            rf"(?P<noun>{self.singular_nouns})\b(?!['’]s|-)"
        )

    @cached_property
    def partitive_after(self) -> Caseless:
        """ "14 of them", "two more of the wounded": a subset word after a count."""
        subset = self.lists.caseless("subset")
        return Caseless(rf"\s*(?:[\w'-]+\s+)?({subset.pattern})", needs=subset.needs)

    @cached_property
    def outcome_tails(self) -> dict[str, Caseless]:
        """By outcome ("killed", then "injured"): an outcome word ending a text, with filler
        words after it ("killing at least")."""
        tails = {}
        for outcome in ("killed", "injured"):
            words = self.lists.caseless(outcome)
            tails[outcome] = Caseless(
                rf"(?:{words.pattern}){self.gap_words}\s*$", needs=words.needs
            )
        return tails

    @cached_property
    def group_roles(self) -> Caseless:
        """The role word lists as one pattern, a named group each, tried in order (the first
        role whose words open the text, as one match per role would find)."""
        return Caseless(
            "|".join(
                f"(?P<{role}>{self.lists.caseless(role).pattern})"
                for role in ("object", "security", "militant", "civilian", "total")
            )
        )

    @cached_property
    def group_outcomes(self) -> Caseless:
        """Any killed or injured word."""
        lists = self.lists
        return Caseless(f"{lists.caseless('killed').pattern}|{lists.caseless('injured').pattern}")

    @cached_property
    def part_before(self) -> re.Pattern:
        """ "including 16", "among them 3", "of whom 14": part of a figure given before."""
        return re.compile(rf"(?:{self._alt('part_before')})\s*$", re.IGNORECASE)

    @cached_property
    def phrase_end(self) -> frozenset[str]:
        """Lower-cased function words that end the noun phrase after a count."""
        return frozenset(w.lower() for w in self.words["phrase_end"])

    @cached_property
    def measure(self) -> re.Pattern:
        """ "the number of people hurt ...": a measure named, its words up to 60 characters."""
        return re.compile(
            rf"\b(?:{self._alt('measure_noun')})\s+of\b(.{{0,60}})$", re.IGNORECASE | re.DOTALL
        )

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

    # -- events: the forces' cue lists (cues.tsv) -----------------------------------------

    def _cues(self, name: str) -> str:
        return alternation(self.lists.cues.get(name, ()))

    @cached_property
    def owned_by(self) -> re.Pattern:
        """ "a camp of the ", "staff of " just before a name."""
        facility, member = self._cues("force_facility"), self._cues("member_noun")
        return re.compile(
            rf"\b(?:(?P<member>{member})|{facility})\s+of\s+(?:the\s+)?$", re.IGNORECASE
        )

    @cached_property
    def facility_after(self) -> re.Pattern:
        """ " camp", "'s convoy" just after a name."""
        facility = self._cues("force_facility")
        return re.compile(
            rf"(?:'s|’s)?\s+(?:(?:{facility})\s+)?(?:{facility})(?![\w-])", re.IGNORECASE
        )

    @cached_property
    def rank(self) -> re.Pattern:
        return re.compile(rf"(?:{self._cues('rank_noun')})", re.IGNORECASE)

    @cached_property
    def unnamed_force(self) -> re.Pattern:
        """ "paramilitary camp": a force's premises named without the force."""
        facility = self._cues("force_facility")
        return re.compile(
            rf"(?<![\w-])(?:{self._cues('force_word')})\s+(?:(?:{facility})\s+)?(?:{facility})(?![\w-])",
            re.IGNORECASE,
        )

    @cached_property
    def coordinated(self) -> re.Pattern:
        """What may join two phrases of one list."""
        return re.compile(
            r"\s*(?:,|and|or|,\s*and|as\s+well\s+as)\s+(?:(?:a|an|the|its|their|other|several)\s+)?"
            r"(?:[a-z][\w-]*(?<!ed)\s+)?",
        )

    @cached_property
    def repelled(self) -> re.Pattern:
        """After a force: "repulsed the attack"."""
        return re.compile(
            rf"\s+(?:[\w']+\s+){{0,3}}?(?:{self._cues('repel')})\s+(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{self._alt('repelled_object')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def off_duty(self) -> re.Pattern:
        """Just before a name: "off-duty"."""
        return re.compile(rf"(?:{self._cues('off_duty')})\s+$", re.IGNORECASE)

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
    def share(self) -> Caseless:
        """A share or a total: "per cent", "5pc", "%", "accounted for", "nationwide"."""
        cues = self.words["share_cue"]
        return Caseless(
            rf"\b(?:{alternation(cues, lower=True)})\b|\d\s*pc\b|%",
            needs=(*needed_words([*cues, "pc"]), "%"),
        )

    @cached_property
    def year_period(self) -> Caseless:
        """A figure's period: "in 2024", "2024 alone", "over the past year", "annual"."""
        return Caseless(
            rf"\b(?:{self._alt('period_preposition', lower=True)})\s+((?:19|20)\d\d)\b(?!\s*[-–]\d)"
            rf"|\b((?:19|20)\d\d)\s+(?:{self._alt('year_whole', lower=True)})\b"
            r"|\b(?:during|throughout|over|in)\s+the\s+(?:(?:past|last|previous)\s+)?year\b|\b(?:this|last)\s+year\b"
            r"|\bannual\b|\byear-end\b|\bof\s+the\s+year\b|\ba\s+(?:nine|ten|five|\d+)-year\s+high\b",
            needs=("19", "20", "year", "annual"),
        )

    @cached_property
    def _rate(self) -> str:
        return rf"(?:{self._alt('rate_word', lower=True)})\s+(?:{self._alt('rate_unit', lower=True)})\b"

    @cached_property
    def rate(self) -> Caseless:
        """ "ten attacks a week", "on average"; "a week" is a rate, not a gap ("less than a
        week after the attack")."""
        return Caseless(
            rf"\b{self._rate}(?!\s+(?:after|before|since|later|earlier|ago)\b)"
            r"|\bon\s+average\b|\baverage\s+of\b",
            needs=(*needed_words(self.words["rate_unit"]), "average"),
        )

    @cached_property
    def rate_after(self) -> re.Pattern:
        """A rate right after a figure: "15 attacks per day"."""
        return re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?{self._rate}", re.IGNORECASE)

    @cached_property
    def comparison(self) -> re.Pattern:
        """Words after a figure that make the next one repeat its measure."""
        return re.compile(rf"\b(?:{self._alt('comparison_cue')})\b[^.;]{{0,40}}$")

    @cached_property
    def death_words(self) -> re.Pattern:
        return re.compile(rf"\b(?:{self._alt('death_word')})\b", re.IGNORECASE)

    @cached_property
    def statistic_fillers(self) -> frozenset[str]:
        """Lower-cased words left out of a figure's measure ("the other soldiers": soldiers)."""
        return frozenset(w.lower() for w in self.words["statistic_filler"])

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

    # -- numbers -----------------------------------------------------------------------

    @cached_property
    def number_values(self) -> dict[str, int]:
        """Lower-cased number word below a hundred ("seven", "forty") -> its value."""
        return {**self.words.numbers("number_unit"), **self.words.numbers("number_ten")}

    @cached_property
    def scale_values(self) -> dict[str, int]:
        """Lower-cased scale word ("hundred") -> its factor."""
        return self.words.numbers("number_scale")

    @cached_property
    def vague_values(self) -> dict[str, int]:
        """Lower-cased vague count ("dozens") -> the smallest number it allows."""
        return self.words.numbers("vague_count")

    @cached_property
    def qualifiers(self) -> dict[str, re.Pattern]:
        """By bound ("about", "lower", "above", "below"): a pattern for a whole qualifier."""
        return {
            bound: re.compile(f"(?:{self._alt('qualifier_' + bound)})")
            for bound in ("about", "lower", "above", "below")
        }

    @cached_property
    def _count_pattern(self) -> str:
        """A head count: "between 24 and 27", "at least 27", "two dozen", "dozens"."""
        words = alternation(self.number_values)
        spelled = (
            rf"(?:(?:{words})(?:[\s-]+(?:{words}))?(?:\s+(?:{self._alt('count_scale')})"
            rf"(?:\s+(?:and\s+)?(?:{words})(?:[\s-]+(?:{words}))?)?)?"
            rf"|a\s+(?:{self._alt('count_scale')}))"
        )
        digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
        dozen = rf"(?:(?:{self._alt('dozen_count')}|{digits})\s+dozen)"
        number = rf"(?:{dozen}|{digits}|{spelled})"
        bounds = ("lower", "above", "below", "about")
        qualifier = "(?:" + "|".join(self._alt("qualifier_" + b) for b in bounds) + ")"
        # "and" joins a range only after "between": "between 24 and 27", not "5 and 7 injured".
        range_sep = r"(?(between)\s+and\s+|\s*(?:-|–|to)\s*)"
        return (
            rf"\b(?:(?P<between>between)\s+)?(?:(?P<qual>{qualifier})\s+)?"
            rf"(?P<num>{number})"
            rf"(?:(?P<sep>{range_sep})(?P<num2>{number}))?\b"
            rf"|\b(?P<vague>{self._alt('vague_count')})\b"
        )

    @cached_property
    def not_a_count_after(self) -> re.Pattern:
        """After a number: a clock time, a share, an ordinal, an age or a distance."""
        return re.compile(
            r"\s*(?::\d|\.\d|hours?\b(?!\s+(?:of|later))|per\s*cent|percent|%"
            rf"|(?:{self._alt('unit_after')}|st|nd|rd|th)\b|-year|-day|-hour|kilomet)",
            re.IGNORECASE,
        )

    @cached_property
    def count(self) -> re.Pattern:
        """A head count, matched case-blind (for :func:`~kg.extract.numbers.parse_count`)."""
        return re.compile(self._count_pattern, re.IGNORECASE)

    @cached_property
    def counts(self) -> Caseless:
        """The same counts, found faster: every sentence is scanned for them.

        A count opens with "between", a qualifier's first word, a dozen's or vague word's, a
        digit, or a number word; all but the number words end there (a range joins its
        numbers without a space: "seven-to-ten", "20-25"). At most word starts of a sentence
        none of these opens, and a lookahead rejects them at once instead of trying every
        branch; a first-letter test rejects most sooner still. Both branches of the count
        open with ``\\b``, so ``\\b(?=opener)(?:branch|branch)`` matches exactly what
        :attr:`count` does, and it runs on lower-cased text (kg.extract.caseless).
        """
        phrases = ["between", *self.words["dozen_count"], *self.words["vague_count"]]
        for bound in ("lower", "above", "below", "about"):
            phrases += self.words["qualifier_" + bound]
        openers = {p.split()[0].lower() for p in phrases}
        numbers = set(self.number_values)
        letters = "".join(sorted({w[0] for w in openers | numbers}))
        opener = rf"(?=[\d{letters}])(?={by_first_letter(openers)}\b|\d|{by_first_letter(numbers)})"
        body = self._count_pattern.removeprefix(r"\b").replace(r"|\b(?P<vague>", r"|(?P<vague>", 1)
        return Caseless(rf"\b{opener}(?:{body})")

    # -- dates -------------------------------------------------------------------------

    @cached_property
    def month_numbers(self) -> dict[str, int]:
        """Lower-cased month name or abbreviation -> 1-12."""
        return {**self.words.numbers("month"), **self.words.numbers("month_abbreviation")}

    @cached_property
    def weekday_numbers(self) -> dict[str, int]:
        """Lower-cased weekday -> 0 (Monday) to 6."""
        return self.words.numbers("weekday")

    @cached_property
    def days_count_numbers(self) -> dict[str, int]:
        """Lower-cased number word before "days ago" -> its number."""
        return self.words.numbers("days_count")

    @cached_property
    def relative_days(self) -> dict[str, int]:
        """Lower-cased word naming a day ("yesterday") -> days before publication."""
        return self.words.numbers("relative_day")

    @cached_property
    def date_patterns(self) -> tuple[tuple[str, re.Pattern | Caseless], ...]:
        """The date rules' patterns by name, in the order they are tried. Month and weekday
        names must be capitalised: "may" and "march" are common English words."""
        month = rf"(?P<month>{self._alt('month')}|(?:{self._alt('month_abbreviation')})\.?)"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        day2 = r"(?:\s*(?:-|–|to|and|&)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)"
        year = r"(?P<year>(?:19|20)\d\d)"
        weekdays = self._alt("weekday")
        weekday2 = rf"(?:\s+(?:and|or|to|-|–)\s+(?:on\s+)?(?P<weekday2>{weekdays}))"
        days_count = self._alt("days_count", lower=True)
        return (
            ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
            (
                "mdy",
                re.compile(rf"\b{month}\s+{day}{day2}?\b(?:,?\s+{year}\b)?(?!\s*(?:pc|per|%))"),
            ),
            ("dmy", re.compile(rf"\b{day}{day2}?\s+(?:of\s+)?{month}(?![a-z])(?:,?\s+{year}\b)?")),
            (
                "my",
                re.compile(
                    rf"\b(?:(?P<mod>{self._alt('month_modifier')})\s*)?{month}(?![a-z])(?:,?\s+{year}\b)?"
                ),
            ),
            (
                "year",
                re.compile(
                    rf"\b(?P<prep>{self._alt('year_preposition')})\s+{year}\b(?!\s*(?:-|–)\s*\d)"
                ),
            ),
            (
                "weekday",
                re.compile(
                    rf"\b(?P<mid>(?:{self._alt('midnight_preposition')})\s+midnight\s+(?:on\s+)?)?"
                    rf"(?P<last>last\s+|this\s+past\s+|past\s+)?(?P<weekday>{weekdays})(?:'s|’s)?{weekday2}?"
                    rf"(?P<midafter>\s+midnight)?"
                ),
            ),
            (
                # Case-blind, so it runs on lower-cased text (kg.extract.caseless).
                "relative",
                Caseless(
                    rf"\b(?P<rel>{self._alt('relative_day', lower=True)}"
                    rf"|(?P<n>\d|{days_count})\s+days?\s+ago"
                    r"|(?:earlier\s+|late\s+|early\s+)?(?:last|this|past)\s+(?P<unit>week|month|year)"
                    r"|earlier\s+this\s+(?P<unit2>week|month|year)|the\s+previous\s+(?P<unit3>week|month|year))\b"
                ),
            ),
        )

    @cached_property
    def month_cue(self) -> re.Pattern:
        """A word ending the text before a month name alone that makes it a date; run on
        lower-cased text."""
        return re.compile(rf"\b(?:{self._alt('month_cue', lower=True)})\s*$")

    @cached_property
    def common_months(self) -> frozenset[str]:
        """Lower-cased month names that are also common words ("may", "march")."""
        return frozenset(w.lower() for w in self.words["common_month"])

    @cached_property
    def gap(self) -> re.Pattern:
        """ "less than a week after", "two days before": the gap between two incidents."""
        return re.compile(
            rf"\b(?P<hedge>{self._alt('gap_hedge')})?\s*"
            rf"(?P<n>{self._alt('gap_count')}|\d{{1,2}})?\s*"
            rf"(?P<unit>{self._alt('gap_unit')})\s+(?:after|before|since)\b",
            re.IGNORECASE,
        )

    @cached_property
    def gap_units(self) -> dict[str, int]:
        """Lower-cased gap unit ("weeks") -> its days."""
        return self.words.numbers("gap_unit")

    @cached_property
    def gap_hedges(self) -> dict[str, str]:
        """Lower-cased hedge ("less than") -> "below", "above" or "about"."""
        return self.words.mapping("gap_hedge")

    @cached_property
    def month_prefixes(self) -> tuple[str, ...]:
        """The first three letters of every month name, as written: each month match holds
        one."""
        names = (*self.words["month"], *self.words["month_abbreviation"])
        return tuple(dict.fromkeys(name[:3] for name in names))

    @cached_property
    def weekday_suffix(self) -> str:
        """The ending all weekday names share ("day"), or "" when they share none."""
        names = [w[::-1] for w in self.words["weekday"]]
        common = names[0] if names else ""
        for name in names[1:]:
            while not name.startswith(common):
                common = common[:-1]
        return common[::-1]

    @cached_property
    def relative_words(self) -> tuple[str, ...]:
        """Lower-cased words one of which, as a whole word, every relative date holds."""
        longest = [max(w.lower().split(), key=len) for w in self.words["relative_day"]]
        structure = ("ago", "last", "this", "past", "earlier", "previous")
        return tuple(dict.fromkeys([*longest, *structure]))

    @cached_property
    def date_hints(self) -> dict[str, Hint | Caseless]:
        """By date pattern name, a cheaper test that every match passes."""
        months = self.month_prefixes
        month_hint = Hint(re.compile(rf"\b(?:{alternation(months)})"), months)
        weekday = self.weekday_suffix
        relative = self.relative_words
        return {
            "iso": Hint(re.compile(r"\d{4}-\d"), ("-",)),
            "mdy": month_hint,
            "dmy": month_hint,
            "my": month_hint,
            "year": Hint(re.compile(r"(?:19|20)\d\d")),
            "weekday": Hint(re.compile(rf"{re.escape(weekday)}\b" if weekday else r"\b")),
            "relative": Caseless(rf"\b(?:{alternation(relative)})\b", needs=relative),
        }

    @cached_property
    def date_keywords(self) -> tuple[str, ...]:
        """Lower-cased strings one of which every date expression holds: a weekday's ending,
        a month's first letters, a relative word, or the start of a year."""
        weekdays = (self.weekday_suffix,) if self.weekday_suffix else self.words["weekday"]
        lead = (*(w.lower() for w in weekdays), *(m.lower() for m in self.month_prefixes))
        words = needed_words([*lead, *self.relative_words])
        return tuple(dict.fromkeys([*(w for w in lead if w in words), *words, "19", "20"]))


@cache
def get_patterns() -> Patterns:
    """The patterns built from the shipped word lists."""
    return Patterns(get_words(), get_wordlists())
