"""The patterns the casualty reader runs: outcome words around a count, one-person figures."""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.caseless import Caseless
from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import alternation, needed_words


class CasualtyPatterns(PatternBase):
    """Patterns of :mod:`kg.extract.casualties`."""

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
    def one_and(self) -> Caseless:
        """One of a group told right before a figure joined to it: "a lieutenant colonel and
        three soldiers", "an officer and four constables" (the one person's noun, read on the
        text before the figure)."""
        return Caseless(
            rf"\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{self.singular_nouns})"
            r"\s+and\s+$"
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
    def doers_after(self) -> re.Pattern:
        """After a count: its noun, then a verb its people do to others with the object after
        it ("two gunmen shot dead a constable", "two gunmen on a motorcycle shot a teacher
        dead", "two gunmen, riding a motorcycle, shot dead a teacher"), also after a first
        verb of the attack joined by "and" ("three militants opened fire and killed a
        constable"): the count is of the killers."""
        skip = "|".join([*self.words["month"], *self.words["weekday"]])
        return re.compile(
            r"\s+(?:(?!(?:were|was|are|is|been|being|have|has|had|got|and|or)\b)[\w'-]+"
            r"(?:\s+|,\s+(?:[\w'-]+\s+){0,4}?[\w'-]+,\s+)){1,5}?"
            rf"(?:(?i:{self._alt('doer_lead')})\b(?:\s+[\w'-]+){{0,4}}?\s*,?\s+and\s+)?"
            rf"(?i:{self._alt('doer_verb')})\s+"
            rf"(?:(?i:{self._alt('doer_object')})\b|\d|(?!(?:{skip})\b)[A-Z][a-z])"
        )

    @cached_property
    def more_before(self) -> re.Pattern:
        """ "the remaining two", "another three": a count that adds to a figure given before."""
        return re.compile(rf"\b(?:{self._alt('more_before')})\s+$", re.IGNORECASE)

    @cached_property
    def besides_after(self) -> re.Pattern:
        """ "six other people", "four others": people besides someone already told."""
        return re.compile(rf"\s+(?:{self._alt('besides_after')})\b", re.IGNORECASE)

    @cached_property
    def besides_before(self) -> re.Pattern:
        """ "the mayor and four others", "also claimed six other lives": a word before the count."""
        return re.compile(
            rf"\b(?:{self._alt('besides_before')})\b(?:\s+[\w-]+){{0,3}}\s*$", re.IGNORECASE
        )

    @cached_property
    def besides_link(self) -> re.Pattern:
        """ "along with the minister", "besides the driver": the one the others are besides."""
        return re.compile(
            rf"\b(?:{self._alt('besides_link')})\s+(?:the|a|an|his|her|their|him|them)\b",
            re.IGNORECASE,
        )

    @cached_property
    def more_after(self) -> re.Pattern:
        """ "three more died", "two other policemen": a count that adds to a figure given before."""
        return re.compile(rf"\s+(?:{self._alt('more_after')})\b", re.IGNORECASE)

    @cached_property
    def breakdown_gap(self) -> re.Pattern:
        """What stands between a total and the first of its parts: "eight people dead, five
        civilians and three attackers", "13 people — 12 policemen and a civilian"."""
        return re.compile(r"[^.;,:—–(]{0,40}[,:—–(]\s*$")

    @cached_property
    def part_before(self) -> re.Pattern:
        """ "including 16", "among them 3", "of whom 14": part of a figure given before."""
        return re.compile(rf"(?:{self._alt('part_before')})\s*$", re.IGNORECASE)

    @cached_property
    def member_nouns(self) -> frozenset[str]:
        """Nouns for the men of a body named after "of" ("members of the Levies")."""
        return frozenset(w.lower() for w in self.words["member_noun"])

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
    def named_list(self) -> re.Pattern:
        """People named one by one, then their fate: "Naik Ali Khan, 31, Sepoy Amin Shah, 24,
        and Lance Naik Zafar were martyred", "Captain Fahad and sepoys Gul and Amir were
        killed". Each item is a name (its words capitalised, as written), perhaps after a
        rank or group noun written in lower case and before an age; the items are counted."""
        nouns = [w.lower() for w in self._casualty("security", "civilian")]
        lead = rf"(?:(?:{alternation(nouns)})\s+)?"
        name = r"(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]*(?:\s*,\s*\d{1,2}\b)?"
        item = lead + name
        return re.compile(
            rf"(?<![\w'’.-])(?P<list>{item}(?:(?:\s*,\s*|\s*,?\s+and\s+){item})*\s*,?\s+and\s+{item})"
            r"\s*,?\s+"
            r"(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
            rf"(?P<verb>{alternation(self._casualty('killed', 'injured'))})\b"
        )

    @cached_property
    def named_list_fate(self) -> re.Pattern:
        """The fate that ends a :attr:`named_list` ("were martyred", "have been injured")."""
        return re.compile(
            r"\b(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
            rf"(?:{alternation(self._casualty('killed', 'injured'))})\b"
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
        split = self.words["singular_split"]
        passive = self._casualty("killed", "injured")
        death = self.words["singular_death"]
        # ", identified as Ali Khan,", ", a resident of the area,": words set off by commas
        # between the one person and the verb.
        aside = r"(?:\s*,\s*(?:[\w'-]+\s+){0,5}?[\w'-]+\s*,)?"
        # "a soldier of the Frontier Corps", "a constable of the city police": the body the
        # one person belongs to, named after the noun.
        of_body = r"(?:\s+of\s+the\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)?"
        # ", 29, of Jhang,", ", who was leading his men," after a name (one to three asides)
        named_aside = r"(?:\s*,[^,.;:]{1,60}?){1,3}\s*,\s+"
        # "fought bravely and", "resisted and": what the one named did before he fell
        did_first = r"(?:[a-z]+\s+(?:[a-z]+\s+)?and\s+)?"
        pronoun = self._alt("victim_pronoun", lower=True)
        definite = self._alt("definite_one", lower=True)
        # "standing outside his shop", "guarding the site": a participle and up to four words
        doing = r"[a-z]+ing(?:\s+[\w'-]+){1,4}?"
        # The pronoun is the whole object: "killing her husband" names him by his noun.
        pronoun_end = (
            r"\b(?=\s*(?:[,.;:)]|$|\s+(?:and|on|in|at|near|outside|inside|instantly|"
            r"immediately|while|as|before|after)\b))"
        )
        # "... was (also) killed", "has been martyred": the passive outcome after the noun
        was_killed = (
            r"(?:was|has\s+been|had\s+been)\s+(?:also\s+)?"
            rf"(?P<verb>{alternation(passive, lower=True)})\b"
        )
        return (
            needed_words([*active, *passive, *death, *split]),
            (
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+(?:a|an|one|its|his|her|their)\s+"
                    rf"{gap}(?P<noun>{noun})\b",
                    needs=needed_words(active),
                ),
                # "killing the driver": the one person named with "the" right after the verb
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+(?:{definite})\s+"
                    rf"(?P<noun>{noun})\b(?!['’]s|-)",
                    needs=needed_words(active),
                ),
                Caseless(
                    rf"\b(?:a|an|one)\s+{gap}(?P<noun>{noun}){of_body}{aside}\s+" + was_killed,
                    needs=("was", "been"),
                ),
                # "The constable was shot dead", "their guard was killed": the one person
                # named with "the" or a possessive, then his death.
                Caseless(
                    rf"\b(?:{definite})\s+(?P<noun>{noun}){of_body}\s+" + was_killed,
                    needs=("was", "been"),
                ),
                # "A shopkeeper standing outside his shop died": what he was doing, then
                # his death.
                Caseless(
                    rf"\b(?:a|an|one)\s+{gap}(?P<noun>{noun})\s+{doing}\s+(?:also\s+|later\s+)?"
                    rf"(?P<verb>{alternation(death, lower=True)})\b",
                    needs=needed_words(death),
                ),
                # "a policeman and a passer-by were martyred": two people, one each
                Caseless(
                    rf"\b(?:a|an|one)\s+{gap}(?P<noun>{noun})\s+and\s+(?:a|an|one)\s+{gap}"
                    rf"(?P<other>{noun})\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
                    rf"(?P<verb>{alternation(passive, lower=True)})\b",
                    needs=("were", "been"),
                ),
                # "A soldier lost his life in the exchange of fire"
                Caseless(
                    rf"\b(?:a|an|one)\s+{gap}(?P<noun>{noun})\s+(?:also\s+|later\s+)?"
                    rf"(?P<verb>{alternation(death, lower=True)})\b",
                    needs=needed_words(death),
                ),
                # "Head Constable Pasham Khan was martyred", "police constable Rashid Khan, 32,
                # was shot dead": one person named after the noun (the name's words are checked
                # for capitals on the text as written).
                Caseless(
                    rf"\b(?P<noun>{noun})\s+(?P<name>(?:[\w'-]+\s+){{0,3}}[\w'-]+)\s*,?\s+"
                    + was_killed,
                    needs=("was", "been"),
                ),
                # "Sepoy Ali Khan, 29, of Jhang, fought bravely and was martyred", "Captain Amir
                # Shah, who led the raid, embraced martyrdom": one person named after the noun,
                # then words set off by commas (an age, a home town, a clause on him) and what
                # he did before he fell, then his death.
                Caseless(
                    rf"\b(?P<noun>{noun})\s+(?P<name>(?:[\w'-]+\s+){{0,3}}[\w'-]+)"
                    rf"{named_aside}{did_first}" + was_killed,
                    needs=("was", "been"),
                ),
                Caseless(
                    rf"\b(?P<noun>{noun})\s+(?P<name>(?:[\w'-]+\s+){{0,3}}[\w'-]+)"
                    rf"(?:{named_aside})?{did_first}(?P<verb>{alternation(death, lower=True)})\b",
                    needs=needed_words(death),
                ),
                # "gunmen shot dead Constable Rashid Khan", "killing prayer leader Qari Aslam":
                # the one person named after the noun, the object of the verb.
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+(?P<noun>{noun})\s+"
                    r"(?P<name>[\w'-]+(?:\s+[\w'-]+){0,2}?)(?=\s*(?:[,.;:)]|$|\s+(?:and|who|while|as|in|at|on|near|outside|inside)\b))",
                    needs=needed_words(active),
                ),
                # "killing Gul Sher, a soldier of the Frontier Corps": the one person named,
                # then his noun set off by a comma (the name's capitals checked as written).
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+"
                    r"(?P<name>[\w'-]+(?:\s+[\w'-]+){0,3}?)\s*,\s+(?:a|an)\s+"
                    rf"{gap}(?P<noun>{noun})\b(?!['’]s|-)",
                    needs=needed_words(active),
                ),
                # "a party supporter, Ali Raza, was killed": the name set off by commas.
                Caseless(
                    rf"\b(?P<noun>{noun})\s*,\s+(?P<name>(?:[\w'-]+\s+){{0,3}}[\w'-]+)\s*,\s+"
                    + was_killed,
                    needs=("was", "been"),
                ),
                # "gunmen shot a teacher dead", "gunned a trader down": the verb split around
                # the one person it kills.
                Caseless(
                    rf"\b(?P<verb>{alternation(split, lower=True)})\s+(?:a|an|one|his|her|their)\s+"
                    rf"{gap}(?P<noun>{noun})\s+(?P<particle>{self._alt('split_particle', lower=True)})\b",
                    needs=needed_words(split),
                ),
                # "fired on a shopkeeper, killing him", "shot him dead": the one person the
                # clause told of before, named again by a pronoun that ends the object.
                Caseless(
                    rf"\b(?P<verb>{alternation(active, lower=True)})\s+(?P<noun>{pronoun})"
                    rf"{pronoun_end}",
                    needs=needed_words(active),
                ),
                Caseless(
                    rf"\b(?P<verb>{alternation(split, lower=True)})\s+(?P<noun>{pronoun})\s+"
                    rf"(?P<particle>{self._alt('split_particle', lower=True)})\b",
                    needs=needed_words(split),
                ),
                # "One of them was killed in the retaliation", "one of the attackers was shot dead"
                Caseless(
                    rf"\bone\s+of\s+(?P<noun>them|those|the\s+[\w-]+){aside}\s+"
                    r"(?:was|has\s+been|had\s+been)\s+"
                    rf"(?:also\s+|later\s+)?(?P<verb>{alternation(passive, lower=True)})\b",
                    needs=("was", "been"),
                ),
            ),
        )
