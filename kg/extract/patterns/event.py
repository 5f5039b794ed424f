"""The patterns the event and incident rules run: who and what was attacked, which sentences
tell more of one incident.
"""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import alternation


class EventPatterns(PatternBase):
    """Patterns of :mod:`kg.extract.events` and :mod:`kg.extract.incidents`."""

    @cached_property
    def _object_gap(self) -> str:
        # Words that may stand between a cue and its object: not prepositions, which start a
        # new phrase.
        return rf"(?:(?!(?:{self._alt('object_gap_stop')})\b)[\w'-]+\s+){{0,3}}"

    @cached_property
    def victim_before(self) -> re.Pattern:
        """A cue before a name that makes it the one attacked."""
        cue = (
            rf"(?:{self._alt('victim_cue')}|directed(?:\s+\w+)?\s+at|{self._thrown_at}"
            r"|(?:opened\s+)?fire[ds]?\s+(?:on|at|upon)|rammed(?:\s+\w+){0,3}\s+into)"
        )
        return re.compile(rf"\b{cue}\s+{self._object_gap}$", re.IGNORECASE)

    @cached_property
    def _thrown_at(self) -> str:
        # "lobbed a hand grenade at", "was hurled at": a bomb thrown at what follows.
        return rf"(?:{self._alt('throw_verb')})(?:\s+[\w'-]+){{0,3}}?\s+at"

    @cached_property
    def _blast_gap(self) -> str:
        # "set off his explosives near": words between a blast word and its cue, no preposition.
        return rf"(?:(?!(?:{self._alt('object_gap_stop')})\b)[\w'-]+\s+){{0,2}}"

    @cached_property
    def blast_near(self) -> re.Pattern:
        """A blast set off beside what follows: "a bomb went off near", "blew himself up
        outside the"."""
        return re.compile(
            rf"\b(?:{self._alt('blast_verb')})\s+{self._blast_gap}(?:just\s+|right\s+)?"
            rf"(?:{self._alt('near_cue')})\s+{self._object_gap}$",
            re.IGNORECASE,
        )

    @cached_property
    def blast_as(self) -> re.Pattern:
        """A blast timed to what follows: "exploded just after", "went off as"; with
        :attr:`passed_by` after the vehicle."""
        return re.compile(
            rf"\b(?:{self._alt('blast_verb')})\s+{self._blast_gap}(?:just\s+|shortly\s+)?"
            rf"(?:after|as|when)\s+{self._object_gap}$",
            re.IGNORECASE,
        )

    @cached_property
    def vehicle_end(self) -> re.Pattern:
        """A phrase that ends in a vehicle: "a police van", "the FC convoy"."""
        return re.compile(rf"\b(?:{self._alt('vehicle')})s?\s*$", re.IGNORECASE)

    @cached_property
    def passed_by(self) -> re.Pattern:
        """ " had passed", " was passing": after a vehicle a blast was timed to."""
        return re.compile(rf"\s+(?:{self._alt('passed_by')})\b", re.IGNORECASE)

    @cached_property
    def harm_before(self) -> re.Pattern:
        """A cue before a name that tells only that it died or was hurt: "killing", "including"."""
        return re.compile(rf"\b(?:{self._alt('harm_cue')})\s+{self._object_gap}$", re.IGNORECASE)

    @cached_property
    def site_before(self) -> re.Pattern:
        """A cue before a site that makes it the place attacked. A bare "on" is where, not
        what: "on the highway" places an attack, "attack on" aims it."""
        cue = rf"(?:{self._alt('site_cue')}|{self._thrown_at}|(?:opened\s+)?fire[ds]?\s+(?:on|at|upon))"
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
        # "a police station in Noshki came under attack": past the place it stands in.
        where = r"(?:\s+(?:in|at)\s+(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){0,2})?"
        return re.compile(
            where + r"\s+(?:was|were|(?:had|has|have)\s+been|came\s+under)\s+(?:\w+\s+)?"
            rf"(?:{self._alt('attacked_state')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def part_ordinal(self) -> re.Pattern:
        """An ordinal right before an event word, numbering a part of a round-up: "gunmen
        first opened fire", "In the second attack"."""
        return re.compile(rf"\b({self._alt('part_ordinal')})\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)

    @cached_property
    def part_opening(self) -> re.Pattern:
        """An ordinal and a part noun opening a clause ("In the second incident, ..."): the
        clause tells that part of a round-up."""
        return re.compile(
            rf"\W*(?:in\s+)?the\s+({self._alt('part_ordinal')})\s+(?:{self._alt('part_noun')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def part_numbers(self) -> dict[str, int]:
        return self.words.numbers("part_ordinal")

    @cached_property
    def source_lead(self) -> re.Pattern:
        """A source opening a clause ("According to officials, the blast ..."): what follows
        it is the clause's subject."""
        return re.compile(
            rf"\s*(?:{self._alt('source_preposition')})\s+[^,.;]{{1,80}},\s*", re.IGNORECASE
        )

    @cached_property
    def doer_events(self) -> frozenset[str]:
        """Event words whose family follows who does them ("terrorists raid", "troops raided")."""
        return frozenset(w.lower() for w in self.words["doer_event"])

    @cached_property
    def _doer_gap(self) -> str:
        # Words that may stand between a doer and its event word ("gunmen on Monday stormed"):
        # not a determiner, which makes the event word a named thing ("repulsed the raid"), nor
        # a relative pronoun or preposition, which starts another phrase.
        stop = alternation([*self.words["determiner"], "a", "an", "who", "which", "in", "of", "by"])
        return rf"(?:(?!(?:{stop})\b)[\w'-]+\s+){{0,3}}"

    @cached_property
    def militant_doer(self) -> re.Pattern:
        """A militant word just before an event word, as its doer: "terrorists raid", "a
        militant raid", "gunmen on Monday stormed"."""
        militant = alternation(self._casualty("militant"))
        return re.compile(rf"\b(?:{militant})\s+{self._doer_gap}$", re.IGNORECASE)

    @cached_property
    def doer_after(self) -> re.Pattern:
        """Just after an event word, its doer: "a raid by TTP fighters", "the assault by
        militants"; the group's name follows "by" (group ``name``) or a militant word does."""
        militant = alternation(self._casualty("militant"))
        return re.compile(
            rf"\s+by\s+(?:the\s+)?(?:(?P<militant>{militant})\b|(?P<name>))", re.IGNORECASE
        )

    @cached_property
    def militant_den(self) -> re.Pattern:
        """Just after an event word, militants' hideout as what it hit: "raid on a militant
        hideout", "the raid, on a terrorist compound"."""
        militant = alternation(self._casualty("militant"))
        return re.compile(
            rf"\s*,?\s+(?:(?:on|against|targeting)\s+)?(?:a|an|the)?\s*(?:suspected\s+)?"
            rf"(?:{militant})(?:'|’)?s?\s+(?:{self._alt('militant_den')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def told_by_doer(self) -> re.Pattern:
        """What stands between a force and the raid it tells of: "police said a raid", "the
        department says its raid": a raid a force reports, no attacker named, is its own."""
        return re.compile(
            rf"\s*(?:{self._alt('speech_verb')})\s+(?:that\s+)?(?:a|an|its|their)\s+$",
            re.IGNORECASE,
        )

    @cached_property
    def doer_gap(self) -> re.Pattern:
        """What may stand between a named doer and its event word."""
        return re.compile(rf"\s*{self._doer_gap}$", re.IGNORECASE)

    @cached_property
    def force_strikes(self) -> re.Pattern:
        """Just after a force's name: it carried out the strike ("Afghan forces shelled",
        "Pakistani jets on Monday struck", "Indian military strikes on ...")."""
        return re.compile(
            rf"(?:'s|’s)?\s+(?:(?:{self._alt('strike_gap')})\s+){{0,3}}(?:{self._alt('force_strike')}"
            rf"|(?:{self._alt('strike_launch')})\s+(?:[\w'-]+\s+){{0,3}}?(?:{self._alt('strike_noun')}))\b"
            r"(?!\s+(?:back|in\s+retaliation|in\s+response)\b)",
            re.IGNORECASE,
        )

    @cached_property
    def struck_by(self) -> re.Pattern:
        """Just before a force's name: "missiles fired by the", "strikes carried out by"."""
        return re.compile(
            rf"\b(?:{self._alt('force_strike', 'strike_noun')})(?:\s+[\w'-]+){{0,3}}?\s+by\s+(?:the\s+)?$",
            re.IGNORECASE,
        )

    @cached_property
    def harmed_by(self) -> re.Pattern:
        """Just before a force's name: "shot dead by", "mortar fire from" (its victim before)."""
        return re.compile(
            rf"\b(?:{self._alt('harm_by')})\s+(?:the\s+)?(?:[\w'-]+\s+)?$", re.IGNORECASE
        )

    @cached_property
    def attacker_noun(self) -> re.Pattern:
        """ "the bomber", "his accomplice": one of those who carried out an attack."""
        return re.compile(rf"\b(?:{self._alt('attacker_noun')})\b", re.IGNORECASE)

    @cached_property
    def likened_to(self) -> re.Pattern:
        """Just before a group's name: "bore the hallmarks of", "the modus operandi of"."""
        return re.compile(
            rf"\b(?:{self._alt('resemblance')})\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE
        )

    @cached_property
    def bystander_after(self) -> re.Pattern:
        """Right after a name, words that put it only at the scene: "... border guards were
        present", "... were looking on"."""
        return re.compile(
            rf"[\s,]+(?:[\w'-]+\s+){{0,3}}?(?:were|was)\s+(?:{self._alt('bystander_state')})\b",
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
        """ "in the province", "in the same district", "the region also saw clashes": a kind
        of area that refers back to a place named before."""
        area = self._alt("definite_area")
        saw = r"(?:also\s+|again\s+|has\s+|had\s+)*(?:saw|witnessed|seen)\b"
        return re.compile(
            rf"\b(?:in|across|of|(?=the\s+(?:{area})\s+{saw}))\s*the\s+(?:same\s+)?({area})\b",
            re.IGNORECASE,
        )

    @cached_property
    def same_place(self) -> re.Pattern:
        """ "in another operation in the same area", "at the same spot": a place that refers
        back to where the incident told just before happened."""
        return re.compile(
            rf"\b(?:in|at|near|from)\s+the\s+same\s+(?:{self._alt('same_place')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def owned_by(self) -> re.Pattern:
        """ "a camp of the ", "staff of " just before a name."""
        facility, member = self._cues("force_facility"), self._cues("member_noun")
        return re.compile(
            rf"\b(?:(?P<member>{member})|{facility})\s+of\s+(?:the\s+)?$", re.IGNORECASE
        )

    @cached_property
    def group_member_after(self) -> re.Pattern:
        """ " leader", "'s local chief" just after a group's name."""
        member = self._cues("group_member")
        return re.compile(rf"(?:'s|’s)?\s+(?:[\w-]+\s+)?(?:{member})\b", re.IGNORECASE)

    @cached_property
    def group_member_before(self) -> re.Pattern:
        """ "a leader of the ", "senior members of " just before a group's name."""
        return re.compile(
            rf"\b(?:{self._cues('group_member')})\s+of\s+(?:the\s+)?(?:banned\s+|outlawed\s+)?$",
            re.IGNORECASE,
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
    def force_post(self) -> re.Pattern:
        """ "Zarkani check post", "Saddar police station": a named post a force mans."""
        return re.compile(rf"(?<![\w-])(?:{self._cues('force_post')})\s*$", re.IGNORECASE)

    @cached_property
    def police_post(self) -> re.Pattern:
        """ "police picket", "thana": a post that is the police's by its name."""
        return re.compile(rf"(?<![\w-])(?:{self._cues('police_post')})(?![\w-])", re.IGNORECASE)

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
    def repelled_passive(self) -> re.Pattern:
        """After an attack word: "(the assault on the station) was beaten back"."""
        return re.compile(
            rf"[^.;]{{0,80}}?\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+"
            rf"(?:\w+ly\s+)?(?:{self._cues('repel')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def group_anaphor(self) -> re.Pattern:
        """A clause that opens on a group named before: "The same group also said",
        "Later, the outfit claimed"."""
        return re.compile(
            rf"\W*(?:\w+,?\s+)?(?:{self._cues('group_anaphor')})\b(?!\s*['’]s\b)",
            re.IGNORECASE,
        )

    @cached_property
    def suicide_agent(self) -> re.Pattern:
        """The whole of a suicide word that names the attackers: "suicide bombers"."""
        return re.compile(rf"(?:{self._cues('suicide_agent')})", re.IGNORECASE)

    @cached_property
    def off_duty(self) -> re.Pattern:
        """Just before a name: "off-duty"."""
        return re.compile(rf"(?:{self._cues('off_duty')})\s+$", re.IGNORECASE)

    @cached_property
    def gap_link(self) -> re.Pattern:
        """ "came/followed ... after", "days before", "followed the killing of": what follows
        names another incident; not in "the fighting that followed the attack", a response."""
        return re.compile(
            rf"\b(?:{self._alt('gap_link_verb')})\b[^.;]{{0,40}}?\b(?:after|before|since)\b"
            rf"|(?<!that\s)(?<!which\s)\b(?P<follow>{self._alt('gap_follow_verb')})\s+(?=(?:the|a|an)\s)"
            r"|\b(?:days?|weeks?|months?|fortnight)\s+(?:after|before)\b",
            re.IGNORECASE,
        )

    @cached_property
    def air_doer(self) -> re.Pattern:
        """An air weapon as the doer right before a verb of striking: "Pakistani jets had hit",
        "missiles fired by the army struck"."""
        return re.compile(
            rf"\b(?:{self._alt('air_weapon')})\s+(?:[\w-]+\s+){{0,6}}?(?:had\s+|have\s+)?$",
            re.IGNORECASE,
        )

    @cached_property
    def state_striker(self) -> re.Pattern:
        """Right before "strikes": a state's ("Indian strikes", "Pakistani military strikes")."""
        return re.compile(rf"\b(?:{self._alt('state_striker')})\s+$", re.IGNORECASE)

    @cached_property
    def air_hit_verbs(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words["air_hit_verb"])

    @cached_property
    def gap_break(self) -> re.Pattern:
        """Between "after" and an event word: a clause of its own starts ("and that ...")."""
        return re.compile(r"\b(?:and|but)\s+that\b|;|,\s*(?:he|she|they|police|officials)\s+said\b")

    @cached_property
    def target_subject(self) -> re.Pattern:
        """ "The convoy was ... ambushed": a sentence about a target already named."""
        return re.compile(rf"\s*(?:The|That|This)\s+(?P<noun>{self._alt('vehicle')})\b")
