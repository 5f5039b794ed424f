"""The patterns the clause reader runs: where an incident happened, past tense, negation,
the cue lists of cues.tsv.
"""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.caseless import Caseless, OpenedSearch
from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import alternation, needed_words


class ClausePatterns(PatternBase):
    """Patterns of :mod:`kg.extract.clauses`."""

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

    @cached_property
    def agency_dateline(self) -> re.Pattern:
        """A wire dateline that no colon or dash closes: "Islamabad, Mar 18 (PTI) ...",
        "Mastung (Balochistan), Nov 1 (PTI) ...": a place, a month and day, the agency."""
        months = self._alt("month", "month_abbreviation")
        return re.compile(
            rf"\s*([^\n:—–]{{2,50}}?,\s*(?:{months})\.?\s+\d{{1,2}}\s*\([A-Z][\w/-]{{1,11}}\))"
            r"\s+(?=[\"“‘'A-Z0-9])"
        )

    @cached_property
    def destination_suffix(self) -> re.Pattern:
        """After a place name: "-bound" ("a Taftan-bound bus")."""
        return re.compile(rf"[-–‐ ]\s*(?:{self._alt('destination_suffix')})\b", re.IGNORECASE)

    @cached_property
    def distance_before(self) -> Caseless:
        """Before a place name: "some 25km east of", "about 15 kilometres from the"."""
        units = self.words["distance_unit"]
        return Caseless(
            rf"\d\s*(?:{alternation(units, lower=True)})\.?\s+(?:[a-z-]+\s+){{0,2}}?"
            r"(?:of|from)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$",
            needs=needed_words(units, stem=2),
        )

    @cached_property
    def spoken_before(self) -> Caseless:
        """Before a place name, where someone spoke: "addressing a news conference in",
        "told reporters at the", "speaking at the", "in a statement issued in"."""
        verbs, events = self.words["speech_setting_verb"], self.words["speech_event"]
        venues = [*events, *self.words["speech_venue"], *self.words["where_spoken"]]
        filler = r"(?:to|a|an|the|his|her|their|with|later|separately|also|reporters|journalists)"
        return Caseless(
            rf"(?:\b(?:{alternation(verbs, lower=True)})(?:\s+{filler}){{0,3}}"
            rf"(?:\s+(?:{alternation(venues, lower=True)}))?"
            rf"|\b(?:{alternation(events, lower=True)}))"
            r"(?:\s+(?:held|issued|here|there))?\s+(?:in|at)\s+(?:the\s+)?$",
            needs=needed_words([*verbs, *events], stem=3),
        )

    @cached_property
    def reaction(self) -> Caseless:
        """A verb of reacting to an incident ("condemned", "vowed")."""
        verbs = self.words["reaction_verb"]
        return Caseless(rf"\b(?:{alternation(verbs, lower=True)})\b", needs=needed_words(verbs))

    @cached_property
    def speaker(self) -> Caseless:
        """A word of speaking ("said", "told")."""
        words = self.words["speaker_word"]
        return Caseless(rf"\b(?:{alternation(words, lower=True)})\b", needs=needed_words(words))

    @cached_property
    def anaphor_place_gap(self) -> re.Pattern:
        """Between a reference to the incident and the place it names: "the attack on a post
        in", "the attack in"."""
        return re.compile(
            rf"\s+(?:on|against)?(?:\s*(?:the|a|an|[a-z][\w-]*)){{0,4}}?\s*(?:{self._alt('locative')})"
            r"\s+(?:the\s+)?$"
        )

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
    def ranks_incident(self) -> Caseless:
        """ "It was the second attack on the post in a week": a clause that ranks the incident
        among others, opened by its subject and a copula."""
        copula = self.words["comparison_copula"]
        return Caseless(
            r"^\W*(?:it|this|that|which|the\s+[\w-]+)\s+"
            rf"(?:{alternation(copula, lower=True)})\s+(?:also\s+|now\s+)?"
            rf"(?:the|its|one\s+of\s+the)\s+(?:{self._alt('comparison_rank', lower=True)})\b"
        )

    @cached_property
    def operation_end(self) -> re.Pattern:
        """A word that tells an operation ended ("was completed", "concluded on Friday")."""
        return re.compile(rf"\b(?:{self._alt('operation_end')})\b", re.IGNORECASE)

    @cached_property
    def one_site(self) -> re.Pattern:
        """After a series word, one site as its object ("a string of suicide attacks on a check
        post"): the parts of one assault on one place, not a series across places. A second
        object ("on a post and a camp") makes it a series again."""
        return re.compile(
            rf"\s+(?:on|against|at)\s+(?:a|an|one)\s+(?:[\w'-]+\s+){{0,2}}?"
            rf"(?:{self._alt('single_site')})s?\b(?![^,.;:]*\band\b)",
            re.IGNORECASE,
        )

    @cached_property
    def roundup_count(self) -> re.Pattern:
        """A small count right before a plural event noun ("in two separate operations",
        "three attacks"): the incidents counted are each an event of their own."""
        small = [w for w, v in self.words.numbers("number_unit").items() if 2 <= v <= 10]
        return re.compile(
            rf"\b(?:{alternation(small)}|[2-9]|10)\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE
        )

    @cached_property
    def roundup_in(self) -> re.Pattern:
        """ "in two separate attacks", "in separate raids": incidents counted after figures,
        which they share ("two killed and five hurt in two separate attacks")."""
        small = [w for w, v in self.words.numbers("number_unit").items() if 2 <= v <= 10]
        return re.compile(
            rf"\b(?:in|during)\s+(?:{alternation(small)}|[2-9]|10|separate)\s+"
            rf"(?:[\w-]+\s+){{0,2}}(?:{self._alt('incident_plural')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def blast_plurals(self) -> frozenset[str]:
        """Plurals for the blasts of one bombing ("three blasts", "two explosions")."""
        return frozenset(w.lower() for w in self.words["blast_plural"])

    @cached_property
    def incident_plurals(self) -> frozenset[str]:
        """Plural event nouns that count incidents ("attacks", "operations")."""
        return frozenset(w.lower() for w in self.words["incident_plural"])

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
        name, a weekday's or a day of a month ("the November 13 shooting")."""
        modifiers = self.lists.regex("anaphor_modifier").pattern
        month, day = self._alt("month"), r"\d{1,2}(?:st|nd|rd|th)?"
        return re.compile(
            rf"\b(?i:{self._alt('determiner')})\s+"
            rf"(?:(?:(?i:{modifiers})|[A-Z][\w-]+(?:'s|’s)?|(?i:\w+day(?:'s|’s))"
            rf"|(?:{month})\s+{day}|{day}\s+(?:{month}))\s+){{0,2}}$"
        )

    @cached_property
    def generic_tail(self) -> Caseless:
        # Each of these holds a match of a cue list, so it needs what that list's matches need.
        generic = self.lists.caseless("generic")
        return Caseless(rf"(?:{generic.pattern})(?:\s+[\w-]+){{0,2}}\s*$", needs=generic.needs)

    @cached_property
    def directive_tail(self) -> Caseless:
        """Just before an event word: an official telling a force to do it ("directed police
        to speed up", "tells police to")."""
        cue = self.lists.caseless("directive")
        return Caseless(
            rf"(?:{cue.pattern})(?:\s+(?!that\b)[\w'-]+){{1,3}}\s+to(?:\s+[\w-]+){{0,2}}\s*$",
            needs=cue.needs,
        )

    @cached_property
    def generic_plural_tail(self) -> Caseless:
        """Just before a plural event noun: a modifier that makes it a tally of incidents told
        before ("five earlier attacks")."""
        cue = self.lists.caseless("generic_plural")
        return Caseless(rf"(?:{cue.pattern})\s+$", needs=cue.needs)

    @cached_property
    def trend_tail(self) -> Caseless:
        trend = self.lists.caseless("trend")
        return Caseless(rf"(?:{trend.pattern})(?:\s+[\w'-]+){{0,3}}\s*$", needs=trend.needs)

    @cached_property
    def trend_after(self) -> Caseless:
        """After a bare plural event noun, within a few words: a trend ("attacks on
        security forces in the province have risen since 2021")."""
        trend = self.lists.caseless("trend_after")
        return Caseless(rf"^(?:\s+[\w'-]+){{0,6}}?\s+(?:{trend.pattern})", needs=trend.needs)

    @cached_property
    def seized_after(self) -> Caseless:
        """After a bomb word, in the rest of its clause: "(IEDs), arms and ammunition were
        recovered", "was seized"; a list of what was found can be long."""
        verbs = alternation(self.words["seized_verb"], lower=True)
        return Caseless(
            rf"^[^.;]{{0,120}}?\b(?:was|were|had\s+been|have\s+been|has\s+been)\s+"
            rf"(?:\w+ly\s+)?(?:{verbs})\b"
        )

    @cached_property
    def seized_before(self) -> Caseless:
        """Before a bomb word: "recovered two IEDs", "a cache of IEDs"."""
        verbs = alternation(self.words["seized_verb"], lower=True)
        return Caseless(rf"\b(?:{verbs}|cache\s+of|haul\s+of)(?:\s+[\w,-]+){{0,4}}\s+$")

    @cached_property
    def bomber_stopped_before(self) -> Caseless:
        """Before a bomber word, as its object: "killed a would-be suicide bomber",
        "arrested two suicide bombers"."""
        verbs = alternation(self.words["bomber_stopped"], lower=True)
        return Caseless(
            rf"\b(?:{verbs})\s+(?:(?:a|an|the|one|two|three|four|\d+)\s+)?"
            rf"(?:(?:would-be|potential|suspected|alleged)\s+)?$"
        )

    @cached_property
    def bomber_stopped_after(self) -> Caseless:
        """After a bomber word, in the passive or a headline: "suicide bomber killed in
        operation", "the bomber was arrested by police"; not "killed in the blast"."""
        verbs = alternation(self.words["bomber_stopped"], lower=True)
        return Caseless(
            rf"^\s+(?:(?:was|were|had\s+been|has\s+been|have\s+been)\s+)?(?:{verbs})\s+"
            rf"(?:by|in|during)\b(?![^.;]{{0,30}}\b(?:blast|explosion|bombing)s?\b)"
        )

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
    def weak_opening(self) -> re.Pattern:
        """What may come before a date that opens a sentence: "On", "But late on"."""
        return re.compile(r"\s*(?:(?:but|and|then|earlier|later|late|early)\s+)*(?:on\s+)?", re.I)

    @cached_property
    def weak_after_subject(self) -> Caseless:
        """After a date that opens a sentence, a short subject and a verb of saying: "On
        Sunday, however, the military's media wing said ...": the day of the statement."""
        reporting = self.lists.caseless("reporting")
        return Caseless(
            r"\s*,?\s*(?:(?:however|meanwhile|though)\s*,\s*)?(?:[\w'’.-]+\s+){1,6}?"
            rf"(?<!\bwas\s)(?<!\bwere\s)(?:{reporting.pattern})\b",
            needs=reporting.needs,
        )

    @cached_property
    def incident_told(self) -> re.Pattern:
        """A back-reference to an incident already told: "in the attack", "this blast"."""
        return re.compile(rf"\b(?i:the|this|that)\s+(?i:{self._alt('incident_noun')})s?\b")

    @cached_property
    def not_location(self) -> OpenedSearch:
        """The cue in any case, then up to four lower-case words: "from the garrison city of".
        A cue that ends a locative ("close to", "next to") is none."""
        cues = {c.lower() for c in self.lists.cues.get("not_location", ())}
        ends = "".join(
            rf"(?<!\b{re.escape(head)}\s)"
            for head, _, tail in (w.lower().rpartition(" ") for w in self.words["locative"])
            if head and tail in cues
        )
        pattern = re.compile(
            rf"{ends}(?i:(?P<cue>{self.lists.regex('not_location').pattern}))"
            r"(?:\s+(?:the|a|an|[a-z][\w-]*)){0,4}\s*$"
        )
        # It mixes a case-blind cue with lower-case words, and runs for every place named:
        # tried only where the cue opens (kg.extract.caseless).
        return OpenedSearch(pattern, self.lists.caseless("not_location").pattern)
