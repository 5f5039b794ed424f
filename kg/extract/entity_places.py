"""Entity passes about places: facilities, spelling slips, capitals that act, demonyms,
unknown localities and references ("the city", "the country", "the provincial government").

They are mixed into the document state of :mod:`kg.extract.entities`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract.entity_state import (
    CONF_DEMONYM,
    CONF_FACILITY,
    CONF_LOCALITY,
    CONF_METONYM,
    CONF_REFERENCE,
    Hit,
    MintedEntity,
    slug,
)
from kg.extract.words import get_words

# Words for a force's members that "the" makes a reference to the force named before.
_BARE_MEMBERS = frozenset(("soldiers", "troops", "jawans", "personnel", "men"))
# Nouns after a site's name that do not end the phrase: "the Police Lines compound in Peshawar".
_SITE_TRAILERS = frozenset(("compound", "complex", "premises", "area", "building"))
# Words that, before a district's name, make a part of it ("Lower Kurram", "Central Kurram").
_DISTRICT_PARTS = frozenset(("lower", "upper", "central"))
_PLACE_PREPOSITIONS = frozenset(
    ("in", "at", "from", "of", "to", "near", "outside", "inside", "into", "via", "across", "around")
)
_PLAIN = frozenset(("of", "from", "the", "a", "-", "in", "at"))
_FIGURE = re.compile(r"(\d+(?:[.,]\d+)?)([a-z]*)")
_POSSESSIVE = frozenset(("'s", "\u2019s", "'", "\u2019"))
_PAIR_JOINERS = frozenset({"-", "\u2013"})  # "the Gilgit-Shandur Road"
# A sector's code: a letter, a number and an optional subsector ("F-7", "G-11/2").
_SECTOR_CODE = re.compile(r"[A-Z]-\d{1,2}(?:/\d)?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class PlaceRules:
    """Passes that find places and the entities places stand for."""

    def match_facilities(self) -> None:
        gazetteer = self.r.gazetteer
        seen: dict[str, str] = {}
        for hit in self.hits:
            place = gazetteer.place(hit.key) if hit.kind == "Site" else None
            if place is not None and place.facility:
                seen.setdefault(place.facility, hit.key)
        for start, end, facility in sorted(self.facilities, key=lambda f: (f[0], f[0] - f[1])):
            if not self.free(start, end):
                continue
            city, span_start = None, start
            prev = start - 1 - (self.lower_at(start - 1) in _POSSESSIVE)
            owner = self.owner[prev] if prev >= 0 else None
            # "Pishin Civil Hospital": the town or the district named before is the facility's.
            if owner is not None and owner.kind in ("City", "District") and owner.end == prev + 1:
                city, span_start = owner, owner.start
            # "Civil Hospital Sibi": a town's name right after the facility is part of its name.
            named = self._town_named_after(end) if city is None else None
            if named is not None:
                city, end = named, named.end
            city = city or self._city_after(end)
            if city is None and facility in seen:
                # A bare "the airport" after one was named is that one again.
                self.accept(Hit(start, end, seen[facility], "Site", CONF_FACILITY))
                continue
            city = city or self.preceding(start, ("City",))
            if city is None:
                continue
            site = gazetteer.facility(city.key, facility)
            if site is not None:
                key = site.key
            else:
                key = f"{city.key}-{facility}"
                town = gazetteer.place(city.key).label.removesuffix(" District")
                label = f"{town} {facility.replace('-', ' ')}"
                self.minted[key] = MintedEntity(label, "Site", city.key)
            if span_start != start or named is not None:
                self.drop(city)
                self.inside.append(city)
            self.accept(Hit(span_start, end, key, "Site", CONF_FACILITY))
            seen[facility] = key

    def drop_namesake_towns(self) -> None:
        """ "the Qabul Khel checkpost in Mianwali": a town the gazetteer puts in another
        district, whose name names a post that the text places elsewhere, is a namesake there:
        every mention of it in the document is the post's name (read by the post rules), not
        the town."""
        posts = _split_phrases(self.cues["post_nouns"] | self.cues["force_post_nouns"])
        namesakes: set[str] = set()
        for hit in self.hits:
            if hit.kind != "City" or hit.key in namesakes:
                continue
            size = next((len(w) for w in posts if self.lower[hit.end : hit.end + len(w)] == w), 0)
            if not size or self.lower_at(hit.end + size) != "in":
                continue
            at = hit.end + size + 1
            there = self._region_after(at + (self.lower_at(at) == "the"))
            if there is not None and not self._holds(there.key, hit.key):
                namesakes.add(hit.key)
        for hit in [h for h in self.hits if h.key in namesakes]:
            self.drop(hit)

    def _holds(self, place: str, town: str) -> bool:
        """Whether ``place`` is ``town``, holds it, or lies in the town's district."""
        gazetteer = self.r.gazetteer
        above = {p.key for p in gazetteer.ancestors(town)}
        if place == town or place in above:
            return True
        district = next((p.key for p in gazetteer.ancestors(town) if p.kind == "District"), None)
        return district is not None and district in {p.key for p in gazetteer.ancestors(place)}

    def match_named_sites(self) -> None:
        """Sites named by a capitalised name and a site noun: "Lady Reading Hospital", "Police
        Lines", "Bannu Cantonment", "Daraban Railway Station"; the city is the one inside the name,
        the one after it ("in Peshawar") or the one named last before it."""
        gazetteer = self.r.gazetteer
        heads = _site_words("site_head")
        any_case = _site_words("site_head_any_case")
        either = heads | any_case
        for j in range(self.n):
            if self.lower[j] not in either or not (
                self.text[j][:1].isupper() or self.lower[j] in any_case
            ):
                continue
            owner = self.owner[j]
            if owner is not None:
                continue
            start = j
            while start > 0 and j - start < 4 and self._site_word(start - 1):
                start -= 1
            if start == j or (
                self.lower[j] == "station" and start == j - 1 and not self.name[start]
            ):
                continue
            inner = {id(h): h for h in (self.owner[i] for i in range(start, j)) if h is not None}
            if any(h.end > j or h.start < start for h in inner.values()):
                continue
            if not self.text[j][:1].isupper() and any(
                h.start == start and h.end == j for h in inner.values()
            ):
                continue  # "a Lahore jail": a town's jail, not one named
            # "the Tarlai Imambargah": a quarter of a town whose name opens the site's holds it.
            city = next((h for h in inner.values() if h.kind == "City"), None) or next(
                (h for h in inner.values() if self._quarter(h)), None
            )
            # "Teaching Hospital Turbat": a town's name right after the noun ends the name.
            named = self._town_named_after(j + 1) if city is None else None
            # "District Headquarters Hospital (DHQ) Wana": the name's acronym may stand between.
            acronym = 3 if named is None and city is None and self._acronym_at(j + 1) else 0
            named = named or (self._town_named_after(j + 4) if acronym else None)
            town_surface = None
            if named is not None:
                city = named
                inner[id(named)] = named
                if acronym:
                    town_surface = self.doc[named.start : named.end].text
                j = named.end - 1
            after = j + 1 + (self.lower_at(j + 1) in _SITE_TRAILERS)
            town_after = None if city is not None else self._city_after(after, ("City", "District"))
            # "the Pir Baba Shrine in Buner": a site lies in the district named after it too.
            city = (
                city
                or self._city_after(after)
                or self._city_after(after, ("District",))
                # "stormed the district's Police Lines": the district the report spoke of last.
                or self._district_owner(start)
                # "attacked in Kharan, targeting the City Police Station": the town named before
                # in its sentence, not the dateline's city.
                or self._town_close_before(start, same_sentence=True)
                or self._city_before(start)
            )
            name = self.doc[start : j + 1 - (acronym + 1 if town_surface else 0)].text
            if town_surface:
                name = f"{name} {town_surface}"
            elif (
                town_after is not None
                and self.lower_at(town_after.end - 1) != "district"
                and self._kind_only(start, j + 1)
            ):
                # "the District Headquarters Hospital in Wana": every town has one, and the
                # town named after it is part of its name.
                name = f"{name} {self.doc[town_after.start : town_after.end].text}"
            key = (city.key if city is not None else "place:") + ("-" if city else "") + slug(name)
            for hit in inner.values():
                self.drop(hit)
                if hit.kind in ("City", "District"):
                    self.inside.append(hit)
            if gazetteer.place(key) is None:
                self.minted.setdefault(key, MintedEntity(name, "Site", city.key if city else None))
            self.accept(Hit(start, j + 1, key, "Site", CONF_FACILITY))

    def _acronym_at(self, i: int) -> bool:
        """Whether an acronym in brackets opens at token ``i`` ("(DHQ)")."""
        return (
            self.lower_at(i) == "("
            and self.lower_at(i + 2) == ")"
            and i + 1 < self.n
            and self.text[i + 1].isupper()
            and self.text[i + 1].isalpha()
        )

    def _kind_only(self, start: int, end: int) -> bool:
        """Whether the words from ``start`` to ``end`` name a kind of facility that many towns
        have ("District Headquarters Hospital", "Civil Hospital"), not one of its own."""
        kinds = _site_words("facility_kind_word")
        return all(self.lower[i] in kinds for i in range(start, end))

    def match_force_posts(self) -> None:
        """ "the Bargai police station", "Lakki police lines": a name no other rule knows, or a
        town's short name, before a force's post noun names that post. A known town's post
        said so ("a Multan police station") is the town's, not a named site."""
        posts, any_force = self.cues["force_post_nouns"], self.cues["post_nouns"]
        # Only a word that ends a post noun can close one: the rest is skipped unread.
        ends = {noun.rsplit(" ", 1)[-1] for noun in (*posts, *any_force)}
        for j in range(2, self.n):
            if self.lower[j] not in ends or self.text[j][:1].isupper() or not self.free(j, j + 1):
                continue
            pair = f"{self.lower[j - 1]} {self.lower[j]}"
            force, kept = None, None
            if pair in posts:
                head, force = j - 1, self.owner[j - 1]
                if force is not None and not (force.kind == "StateForce" and force.end == j):
                    continue
            elif pair in any_force and self.free(j - 1, j):
                head = j - 1
            elif self.lower[j] in any_force:
                head = j
            else:
                continue
            if force is None and head == j or pair in any_force:
                # "the Zam FC check post", "the Lakhani border checkpost": the force or what the
                # post guards may stand between its name and its noun.
                before = self.owner[head - 1]
                if before is not None and before.kind == "StateForce" and before.end == head:
                    kept, head = before, before.start
                elif self.lower_at(head - 1) in self.cues["post_qualifiers"] and self.free(
                    head - 1, head
                ):
                    head -= 1
            start = head
            while start > 0 and head - start < 3 and self.free(start - 1, start):
                if self.name[start - 1]:
                    start -= 1
                elif self.lower[start - 1] == "-" and start < head and self.name[start - 2]:
                    start -= 1  # "the Al-Hajj checkpost"
                else:
                    break
            town = self.owner[head - 1] if start == head and pair in posts else None
            if (
                town is not None
                and (town.kind == "City" or self._quarter(town))
                and town.end == head
                and self.lower_at(town.start - 1) in ("the", "of")
            ):
                # "the Makarwal police station", "the outpost of Kulachi police station": the
                # one post of that town, named by it ("a Multan police station" is any of them).
                start = town.start
            else:
                town = None
            if start == head or not self.text[start][:1].isupper():
                continue
            if self.lower_at(start - 1) in ("a", "an"):
                continue
            lead = start - 1 - (self.lower_at(start - 1) == "the")
            if self.lower_at(lead) in self.cues["landmark_leads"]:
                continue  # "the building stands near the Saddar police station": a landmark
            name = self.doc[start : j + 1].text
            if force is not None:
                self.drop(force)  # "police" here is the post's noun, not the force acting
            if kept is not None:
                self.drop(kept)  # the force guarding the post is still named
                self.inside.append(kept)
            if town is not None:
                self.drop(town)
                self.inside.append(town)
            city = town or self._city_after(j + 1) or self._city_after(j + 1, ("District",))
            city = city or self._town_close_before(start)
            key = (city.key + "-" if city is not None else "place:") + slug(name)
            if self.r.gazetteer.place(key) is None:
                self.minted.setdefault(key, MintedEntity(name, "Site", city.key if city else None))
            self.accept(Hit(start, j + 1, key, "Site", CONF_FACILITY))

    def _city_before(self, start: int) -> Hit | None:
        """The city named last before token ``start``; the city of the dateline (where the
        report was filed) only when no district is named between it and the site ("ISLAMABAD:
        ... a raid in Mianwali district ... near Chapri Dam": the dam is Mianwali's)."""
        city = self.preceding(start, ("City",))
        if city is not None and self._journey_end(city):
            # "... near Warchoom in Ziarat as they drove back to Quetta. Troops tracked the
            # kidnappers to the Mangi Dam area": the town a journey was heading for is not
            # where the places told after it lie; the district named before it is.
            district = self.preceding(city.start, ("District",))
            return district if district is not None and not self._in_dateline(district) else None
        if city is None or not self._in_dateline(city):
            return city
        district = self.preceding(start, ("District",))
        if district is not None and district.start > city.end:
            return district
        return city

    def _district_owner(self, start: int) -> Hit | None:
        """ "the district's Police Lines": the district named last before the site, outside a
        dateline, when "the district's" opens the site's name."""
        if not (
            self.lower_at(start - 1) in _POSSESSIVE
            and self.lower_at(start - 2) == "district"
            and self.lower_at(start - 3) == "the"
        ):
            return None
        district = self.preceding(start - 3, ("District",))
        return district if district is not None and not self._in_dateline(district) else None

    def _journey_end(self, hit: Hit) -> bool:
        """Whether a verb of travel and "to" stand right before the town ("driving back to
        Quetta", "heading to the city of Quetta"): where a journey was going."""
        i = hit.start - 1
        while i >= 0 and hit.start - i <= 3 and self.lower[i] in _TOWN_OF:
            i -= 1
        if self.lower_at(i) != "to":
            return False
        i -= 1
        if self.lower_at(i) in _JOURNEY_ADVERBS:
            i -= 1
        return self.lower_at(i) in _site_words("journey_verb")

    def _town_close_before(self, start: int, same_sentence: bool = False) -> Hit | None:
        """The town or district named last before token ``start`` in its sentence or the one
        before, outside a dateline: a post lies there, not in the city a report was filed from
        or in a town named paragraphs earlier."""
        opening = self.sent[start]
        previous = self.sent[opening - 1] if opening > 0 and not same_sentence else opening
        town = self.preceding(start, ("City", "District"))
        while town is not None and town.start >= previous:
            if not self._in_dateline(town):
                return town
            town = self.preceding(town.start, ("City", "District"))
        return None

    def match_led_sites(self) -> None:
        """Sites whose name opens with the kind of place and ends with its own name: "Darul
        Uloom Rahimia in Mardan", "Jamia Masjid Noor", "Madrassa Ashraful Uloom". A place the
        name holds ("Jamia Masjid Qissa Khwani") is part of it; the town is the one after it
        ("in Mardan"), the one that holds the place it names, or the one named last before it.
        """
        gazetteer = self.r.gazetteer
        leads = _site_leads()
        openers = _site_lead_openers()
        longest = max((len(lead) for lead in leads), default=0)
        j = 0
        while j < self.n:
            # Most words open no lead: test the first word before slicing for every length.
            lead = (
                next(
                    (
                        size
                        for size in range(min(longest, self.n - j), 0, -1)
                        if self.lower[j : j + size] in leads
                    ),
                    0,
                )
                if self.lower[j] in openers
                else 0
            )
            # "Jamia Masjid" alone may already be read as a site ending in its noun.
            bare = self.owner[j] if lead else None
            if bare is not None and (
                bare.kind != "Site" or (bare.start, bare.end) != (j, j + lead)
            ):
                bare = None
            if not lead or not self.text[j][:1].isupper() or (self.owner[j] and not bare):
                j += 1
                continue
            start, end = j, j + lead
            joiners = _site_words("name_joiner")
            while end < self.n and end - start - lead < 6:
                if self._led_name_word(end):
                    owner = self.owner[end]
                    end = owner.end if owner is not None else end + 1
                elif (
                    self.text[end] == "-"
                    and self.lower_at(end + 1) in joiners
                    and self.lower_at(end + 2) == "-"
                    and end + 3 < self.n
                    and self._led_name_word(end + 3)
                ):
                    end += 3  # "Madrassa-e-Haqqania"
                else:
                    break
            if end == start + lead:
                j = end
                continue
            if bare is not None:
                self.drop(bare)
            inner = {id(h): h for h in (self.owner[i] for i in range(start, end)) if h is not None}
            if any(h.end > end or h.start < start for h in inner.values()):
                j = end
                continue
            held = next((h for h in inner.values() if h.kind in ("City", "District")), None)
            nested = next((h for h in inner.values() if h.kind == "Site"), None)
            parent = nested and gazetteer.place(nested.key)
            # "... in Upper Kurram tehsil", "... in North Waziristan": a district after it
            # holds the site as well as a town does.
            city = (
                self._city_after(end + (self.lower_at(end) in _SITE_TRAILERS), ("City", "District"))
                or held
                or self.preceding(start, ("City",))
            )
            parent_key = city.key if city is not None else (parent.parent if parent else None)
            if parent_key is None and nested is not None:
                minted = self.minted.get(nested.key)
                parent_key = minted.parent if minted is not None else None
            name = self.doc[start:end].text
            key = (f"{parent_key}-" if parent_key else "place:") + slug(name)
            for hit in inner.values():
                self.drop(hit)
                # "Government High School Teri Mangal": a village that ends the name is how
                # the school is called, not a second place the text names.
                if hit.kind in ("City", "District") and hit.end < end:
                    self.inside.append(hit)
            if gazetteer.place(key) is None:
                self.minted.setdefault(key, MintedEntity(name, "Site", parent_key))
            self.accept(Hit(start, end, key, "Site", CONF_FACILITY))
            j = end

    def _led_name_word(self, i: int) -> bool:
        """A word of a site's own name after the words that open it: a capitalised word, or a
        town or locality read there ("Jamia Masjid Qissa Khwani")."""
        owner = self.owner[i]
        if owner is not None:
            return owner.start == i and owner.kind in ("City", "District", "Site")
        text = self.text[i]
        return text[:1].isupper() and text.replace("-", "").isalpha() and self.name[i]

    def _site_word(self, i: int) -> bool:
        """A word that may be part of a site's name: a capitalised name, force or place word."""
        if not self.text[i][:1].isupper() or not self.text[i].isalpha():
            return False
        owner = self.owner[i]
        if owner is not None:
            # "Bannu Cantonment", "Khyber Teaching Hospital", "Police Lines", "Hayatabad Medical
            # Complex": a place's name (a town's, or a quarter's of a town), or a force word read
            # as a common noun.
            return (
                owner.kind in ("City", "District")
                or self._quarter(owner)
                or (owner.kind == "StateForce" and owner.rule == "any")
            )
        return self.name[i] or self.lower[i] in _site_words("site_name_word")

    def _quarter(self, hit: Hit) -> bool:
        """Whether the hit is a quarter of a town the gazetteer knows ("Hayatabad", "Lyari"): a
        site with no facility of its own, whose name may open a building's."""
        if hit.kind != "Site":
            return False
        place = self.r.gazetteer.place(hit.key)
        return place is not None and place.facility is None and self._has_town(place.key)

    def _has_town(self, key: str) -> bool:
        return any(p.kind == "City" for p in self.r.gazetteer.ancestors(key))

    def _town_named_after(self, end: int) -> Hit | None:
        """The town whose name follows a site's noun with no word between, as Pakistani
        institutions are named ("District Headquarters Hospital Chaman"), unless the town opens
        a phrase of its own ("Hospital Quetta's", "Hospital Quetta Cantonment"). A district
        named so stands for its headquarters town ("District Headquarters Hospital Lakki
        Marwat")."""
        owner = self.owner[end] if 0 <= end < self.n else None
        if owner is None or owner.kind not in ("City", "District") or owner.start != end:
            return None
        if owner.kind == "District" and self.lower_at(owner.end - 1) in ("district", "division"):
            return None
        if not self.text[end][:1].isupper() or self.sent[end] != self.sent[end - 1]:
            return None
        after = self.lower_at(owner.end)
        if after in _POSSESSIVE or (owner.end < self.n and self.text[owner.end][:1].isupper()):
            return None
        return owner

    def _city_after(self, end: int, kinds: tuple[str, ...] = ("City",)) -> Hit | None:
        """The city (or a place of ``kinds``) in "<facility> in/of [Pakistan's] <City>"."""
        if self.lower_at(end) not in ("in", "of", "at", "near"):
            return None
        i = end + 1
        for _ in range(3):
            owner = self.owner[i] if i < self.n else None
            if owner is None or owner.kind not in ("Country", "Province", *kinds):
                return None
            if owner.kind in kinds:
                return owner
            i = owner.end + (self.lower_at(owner.end) in _POSSESSIVE)
        return None

    # -- 3. spelling slips before a place noun --------------------------------------------
    def match_fuzzy_places(self) -> None:
        nouns = self.cues["fuzzy_place_nouns"]
        wanted = {"district": ("District",), "province": ("Province",), "division": ("District",)}
        for i in self.caps:
            noun = self.lower_at(i + 1)
            if (
                noun not in nouns
                or not self.name[i]
                or len(self.text[i]) < 4
                or not self.free(i, i + 2)
                or self._names_part(i + 1)  # "Mehran Town" is a name, not a slip for Tehran
            ):
                continue
            for place, conf in self.r.gazetteer.fuzzy_lookup(self.text[i]):
                if place.kind in wanted.get(noun, ("City", "District")):
                    end = i + 2 if noun in ("district", "province") else i + 1
                    self.accept(Hit(i, end, place.key, place.kind, conf))
                    break
        # "Turbat district": a town named before "district" stands for itself, as the press uses it.
        for hit in list(self.hits):
            if (
                hit.kind == "City"
                and self.lower_at(hit.end) == "district"
                and self.free(hit.end, hit.end + 1)
            ):
                self.drop(hit)
                self.accept(
                    Hit(hit.start, hit.end + 1, hit.key, hit.kind, round(hit.confidence * 0.9, 3))
                )

    # -- 4. acronyms and unknown groups ---------------------------------------------------

    def resolve_metonyms(self) -> None:
        cues, gazetteer = self.cues, self.r.gazetteer
        acting: Hit | None = None
        for hit in sorted(self.hits, key=lambda h: h.start):
            place = gazetteer.place(hit.key) if hit.kind == "City" else None
            if place is None or not place.metonym:
                continue
            i = hit.end
            while i < self.n and self.lower[i] in cues["verb_fillers"]:
                i += 1
            before = self.lower_at(hit.start - 1)
            # "no reaction from Kabul", "relations with Kabul", "the Kabul set-up": a capital
            # dealt with as a party, or named as a regime, is its government.
            lead = f"{self.lower_at(hit.start - 2)} {before}"
            dealt = (
                lead in cues["capital_leads"] or self._word_after(hit.end) in cues["regime_nouns"]
            )
            if before in _PLACE_PREPOSITIONS and not dealt:  # "the embassy in Islamabad said"
                continue
            if self.lower_at(i) in ("and", "or") and self._metonym_at(i + 1) is not None:
                # "What Islamabad and Tehran need": the verb after the pair is both capitals'.
                i = self._metonym_at(i + 1).end
                while i < self.n and self.lower[i] in cues["verb_fillers"]:
                    i += 1
            acts = (
                (self.lower_at(i) in cues["say_verbs"] and self.text[hit.end] != ":")
                or before in cues["accuse_verbs"]
                or dealt
                or (before in ("and", "or") and acting is not None and acting.end == hit.start - 1)
                # "Islamabad's views": what a capital holds is its government's.
                or (
                    self.lower_at(hit.end) in _POSSESSIVE
                    and self.lower_at(hit.end + 1) in cues["stance_nouns"]
                )
            )
            target = place.metonym
            entry, target_place = self.r.lexicon.entry(target), gazetteer.place(target)
            kind = (
                entry.kind
                if entry is not None
                else target_place.kind
                if target_place is not None
                else None
            )
            if acts and kind is not None:
                hit.key, hit.kind, hit.confidence = target, kind, CONF_METONYM
                acting = hit

    def _word_after(self, i: int) -> str:
        """The word that opens at token ``i``, hyphenated parts joined ("set-up")."""
        j, word = i, ""
        while j < self.n and (j == i or not self.doc[j - 1].whitespace_) and len(word) < 30:
            word += self.lower[j]
            j += 1
        return word

    def _metonym_at(self, i: int) -> Hit | None:
        """The capital that may stand for its government whose name opens at token ``i``."""
        hit = self.owner[i] if 0 <= i < self.n else None
        if hit is None or hit.start != i or hit.kind != "City":
            return None
        place = self.r.gazetteer.place(hit.key)
        return hit if place is not None and place.metonym else None

    # -- 7. demonyms, localities and references -------------------------------------------
    def match_demonyms(self) -> None:
        cues = self.cues
        # "Afghan troops": a foreign demonym takes a generic force word from the document's country.
        for hit in list(self.hits):
            if (
                hit.key in self.r.generic_forces
                and hit.rule == "any"
                and self.lower_at(hit.start - 1) in cues["foreign_force_words"]
            ):
                self.drop(hit)
        # "soldiers of the Frontier Corps": the generic word names the members of the force after it.
        for hit in list(self.hits):
            if (
                hit.key in self.r.generic_forces
                and hit.rule == "any"
                and self.lower_at(hit.end) == "of"
            ):
                i = hit.end + 1 + (self.lower_at(hit.end + 1) == "the")
                unit = self.owner[i] if i < self.n else None
                if unit is not None and unit.kind == "StateForce" and unit.key != hit.key:
                    self.drop(hit)
        # "the soldiers" after "Eighteen FC soldiers were martyred": the same men, not the Army.
        for hit in list(self.hits):
            if not (
                hit.generic is not None
                and hit.rule == "any"
                and self.lower_at(hit.start - 1) == "the"
                and self.lower_at(hit.start) in _BARE_MEMBERS
            ):
                continue
            earlier = self.preceding(hit.start, ("StateForce",))
            while earlier is not None and self._is_generic(earlier.key):
                earlier = self.preceding(earlier.start, ("StateForce",))
            if earlier is not None and earlier.key != hit.key:
                hit.key, hit.confidence = earlier.key, CONF_REFERENCE
        for i in self.caps:
            target = cues["demonyms"].get(self.lower[i])
            if target and self.owner[i] is None:
                place = self.r.gazetteer.place(target)
                if place is not None:
                    self.accept(Hit(i, i + 1, target, place.kind, CONF_DEMONYM))

    def _is_generic(self, key: str) -> bool:
        entry = self.r.lexicon.entry(key)
        return entry is None or entry.generic

    def match_localities(self) -> None:
        """Name unknown localities from their cue: "the Dasht area", "village of X", "near X"."""
        nouns = self.cues["locality_nouns"]
        self._match_tribes()
        self._match_listed_districts()
        self._match_described_units()
        self._match_area_districts()
        self._match_qualified_districts()
        self._match_namesake_localities()
        self._match_sectors()
        self._match_compound_names()
        for i in self.caps:
            if (
                self.owner[i] is not None
                or not self.name[i]
                or (i and self.name[i - 1] and self.owner[i - 1] is None)
            ):
                continue
            end = self._name_run(i, limit=3)
            if end > i and self._names_part(end):
                continue  # "Gulshan Town": a name of its own (see _match_compound_names)
            before = self.lower_at(i - 1)
            if before in self.cues["kin_words"]:
                continue  # "his cousin Umar Khan near Ziarat": a man, not a locality
            named_before = before == "of" and self.lower_at(i - 2) in nouns  # "the town of X"
            led = self._led_locality(i)  # "in general area X"
            apposed = self._apposed_noun(end) if end > i else None  # "X, a village in Y"
            if end == i or not (
                apposed is not None
                or self.lower_at(end) in nouns
                or before == "near"
                or named_before
                or led
                or self._city_quarter(i, end)  # "in Karachi's Saddar"
                or self._reference_after(end) is not None  # "X, some 25km east of Gwadar"
            ):
                continue
            # "the Mohmand Ghoz area of the valley": a district's name that opens a locality's is
            # part of it; the locality lies where the sentence is, not in that district.
            part = self.owner[i - 1] if i else None
            if (
                part is not None
                and part.kind == "District"
                and part.end == i
                and self.lower_at(part.start - 1) == "the"
                and self.lower_at(end) in nouns
                and self.lower_at(part.end - 1) != "district"
            ):
                self.drop(part)
                name = self.doc[part.start : end].text
                self.minted.setdefault(f"place:{slug(name)}", MintedEntity(name, "Site"))
                self.accept(Hit(part.start, end, f"place:{slug(name)}", "Site", CONF_LOCALITY))
                continue
            # Towns and villages are cities, as the gold and the gazetteer have them; a bazaar,
            # a chowk, a road or a bridge is a site, and its noun is part of its name ("Jilani
            # Chowk", "Kambri bridge"): the name alone may be a town's or a person's.
            noun = self.lower_at(end) if self.lower_at(end) in nouns else self.lower_at(i - 2)
            if led and self.lower_at(end) not in nouns:
                noun = before
            parent = None
            if apposed is not None and self.lower_at(end) not in nouns and not named_before:
                noun = self.lower[apposed]
                parent = self._region_after(apposed + 2)
                if parent is not None and parent.kind == "Province":
                    parent = None
            kind = "City" if noun in self.cues["settlement_nouns"] else "Site"
            parent = parent or self._locality_parent(i, end)
            parent_key = parent.key if parent is not None else None
            # "Peshawar's Koocha Risaldar area", "the Islampura area of Lahore", "the Sambaza
            # area of Zhob", "in general area Rajgal": a name no gazetteer knows that the press
            # gives only as an area is a locality, a site (a quarter, a valley, a sector); it is
            # a village (a city) once the text calls it one ("X village", "the village of X").
            area = noun in self.cues["area_nouns"]
            if area:
                kind = "City" if self._called_village(i, end) else "Site"
            zone = noun in self.cues["zone_nouns"]
            if zone:
                # "the private sector", "the Banking sector": no place unless one holds it.
                if (
                    parent is None
                    or parent.kind not in ("District", "City")
                    or not self._held_by(i, end, parent)
                ):
                    continue
                kind, area = "Site", True
            # A part of a district ("Lower Kurram") is no admin unit: the locality is the district's.
            qualified = self.minted.get(parent_key) if parent_key else None
            if qualified is not None and qualified.kind == "District":
                parent_key = qualified.parent
            if kind == "Site" and self.lower_at(end) == noun and not area:
                end += 1
            name = self.doc[i:end].text
            key = (parent_key + "-" if parent_key else "place:") + slug(name)
            self.minted.setdefault(key, MintedEntity(name, kind, parent_key))
            self.accept(Hit(i, end, key, self.minted[key].kind, CONF_LOCALITY))

    def _called_village(self, start: int, end: int) -> bool:
        """Whether the text anywhere calls the name from ``start`` to ``end`` a village or a
        town: "<name> village", "the village of <name>", "<name>, a village"."""
        words = self.lower[start:end]
        size = end - start
        villages = self.cues["village_nouns"]
        for i in self.where(words[0]):
            if self.lower[i : i + size] != words:
                continue
            after = self.lower_at(i + size)
            if after == ",":
                after = self.lower_at(i + size + 2)
            if after in villages or (
                self.lower_at(i - 1) == "of" and self.lower_at(i - 2) in villages
            ):
                return True
        return False

    def _apposed_noun(self, end: int) -> int | None:
        """The index of the settlement noun in an apposition after a name that places it in a
        known district or town: "Killi Karbala, a village in Pishin district", "X, a small
        town of Kech". None when nothing known follows."""
        if self.lower_at(end) != "," or self.lower_at(end + 1) not in ("a", "an"):
            return None
        for k in (end + 2, end + 3):
            if self.lower_at(k) in self.cues["settlement_nouns"] and self.lower_at(k + 1) in (
                "in",
                "of",
            ):
                if k == end + 3 and not self.lower_at(end + 2).isalpha():
                    return None
                owner = self._region_after(k + 2)
                return k if owner is not None and owner.kind in ("District", "City") else None
        return None

    def _held_by(self, i: int, end: int, parent: Hit) -> bool:
        """Whether ``parent`` is named as holding the locality from ``i`` to ``end``: after
        it ("the Jalgai sector of Kech district") or as its possessive ("Kech's Jalgai")."""
        after = end + 1 + (self.lower_at(end + 1) == "of")
        before = i - 1 - (self.lower_at(i - 1) == "the")
        return parent.start in range(end + 1, after + 3) or (
            self.lower_at(before) in _POSSESSIVE and parent.end == before
        )

    def _city_quarter(self, i: int, end: int) -> bool:
        """Whether the name from ``i`` to ``end`` follows a town's possessive after a locative
        word and ends its phrase ("in Karachi's Saddar," "near Peshawar's Tehkal."): a quarter
        of that town."""
        town = self.owner[i - 2] if i >= 2 else None
        return (
            self.lower_at(i - 1) in _POSSESSIVE
            and town is not None
            and town.kind == "City"
            and town.end == i - 1
            and self.lower_at(town.start - 1) in self.cues["locative_words"]
            and (
                end >= self.n or not self.text[end][:1].isalnum() or self.sent[end] != self.sent[i]
            )
        )

    def _led_locality(self, i: int) -> bool:
        """Whether the words before token ``i`` are a lead that makes a locality of the name
        ("general area": "in general area Rajgal")."""
        for words in _split_phrases(self.cues.get("locality_leads") or frozenset()):
            if i >= len(words) and self.lower[i - len(words) : i] == words:
                return True
        return False

    def _match_listed_districts(self) -> None:
        """ "the Dera Ismail Khan, Tank and Bannu districts": every town named in a list that
        ends in "districts" stands for the district named after it."""
        gazetteer = self.r.gazetteer
        for j in self.where("districts", 1):
            i = j
            while i > 0:
                hit = self.owner[i - 1]
                if hit is None or hit.end != i or hit.kind not in ("City", "District"):
                    break
                place = gazetteer.place(hit.key)
                if hit.kind == "City" and place is not None:
                    district = next(
                        (
                            p
                            for p, _ in gazetteer.lookup(f"{place.label} District")
                            if p.kind == "District"
                        ),
                        None,
                    )
                    if district is not None:
                        self.drop(hit)
                        self.accept(
                            Hit(hit.start, hit.end, district.key, "District", hit.confidence)
                        )
                i = hit.start
                if self.lower_at(i - 1) not in (",", "and"):
                    break
                i -= 1 + (self.lower_at(i - 2) == "," and self.lower_at(i - 1) == "and")

    def _match_described_units(self) -> None:
        """ "Bannu, a district of Khyber Pakhtunkhwa", "Jacobabad, a Sindh district", "Khost
        and Paktika, two provinces along the border": a town's name that an apposition calls a
        district or a province stands for the district or province of that name."""
        units = {"district": "District", "districts": "District"}
        units.update(province="Province", provinces="Province")
        leads = self.cues.get("unit_apposition_leads") or frozenset()
        for hit in list(self.hits):
            if hit.kind not in ("City", "District", "Province") or self.owner[hit.start] is not hit:
                continue
            if hit.kind == "City":
                # "the southeastern province of Khost", "the district of Bannu": the unit the
                # noun before it names; "Khost's Gurbuz district": the province holding the
                # district after it, not the town of that name.
                noun = self.lower_at(hit.start - 2)
                if self.lower_at(hit.start - 1) == "of" and noun in ("district", "province"):
                    self._as_unit(hit, units[noun])
                    continue
                if self._holds_district_after(hit):
                    self._as_unit(hit, "Province")
                    continue
            kind = self._described_unit(hit.end, units, leads)
            if kind is None:
                continue
            listed, i = [hit], hit.start
            while self._plural_unit(hit.end, units) and self.lower_at(i - 1) in (",", "and"):
                before = self.owner[i - 2] if i >= 2 else None
                if before is None or before.end != i - 1:
                    break
                listed.append(before)
                i = before.start
            for town in listed:
                if town.kind == "City":
                    self._as_unit(town, kind)

    def _holds_district_after(self, hit: Hit) -> bool:
        """Whether the town's possessive opens a district of the province named like the town
        ("Khost's Gurbuz district")."""
        if self.lower_at(hit.end) not in _POSSESSIVE or hit.end + 1 >= self.n:
            return False
        after = self.owner[hit.end + 1]
        if after is None or after.kind != "District" or after.start != hit.end + 1:
            return False
        gazetteer = self.r.gazetteer
        district, town = gazetteer.place(after.key), gazetteer.place(hit.key)
        province = gazetteer.place(district.parent) if district and district.parent else None
        return (
            town is not None
            and province is not None
            and province.kind == "Province"
            and province.label == f"{town.label} Province"
        )

    def _described_unit(self, end: int, units: dict[str, str], leads: frozenset) -> str | None:
        """The kind of unit ("District", "Province") that an apposition after token ``end``
        calls the name before it: ", a district of", ", a Sindh district", ", two provinces";
        None for anything else (", the district's main town", ", a town in the district")."""
        if self.lower_at(end) != "," or self.lower_at(end + 1) not in leads:
            return None
        for j in range(end + 2, min(end + 6, self.n)):
            word = self.lower_at(j)
            if word in units:
                after = self.lower_at(j + 1)
                return (
                    None
                    if after in _POSSESSIVE or after in ("headquarters", "town")
                    else units[word]
                )
            if not self.text[j].isalpha() or word in _PLACE_PREPOSITIONS or word in ("and", "or"):
                return None
        return None

    def _plural_unit(self, end: int, units: dict[str, str]) -> bool:
        """Whether the apposition after token ``end`` names several units ("two provinces")."""
        for j in range(end + 2, min(end + 6, self.n)):
            if self.lower_at(j) in units:
                return self.lower_at(j).endswith("s")
        return False

    def _as_unit(self, hit: Hit, kind: str) -> None:
        """Let the town ``hit`` stand for the district or province of its name, if known."""
        place = self.r.gazetteer.place(hit.key)
        if place is None:
            return
        unit = next(
            (p for p, _ in self.r.gazetteer.lookup(f"{place.label} {kind}") if p.kind == kind),
            None,
        )
        if unit is not None:
            self.drop(hit)
            self.accept(Hit(hit.start, hit.end, unit.key, kind, hit.confidence))

    def _match_area_districts(self) -> None:
        """ "the Shikarpur area", "the Isa Khel area of Mianwali": a district headquarters town
        named as an area stands for the district named after it, not the town itself; a
        quarter of the town ("the Gulshan Colony area of Mardan") keeps the town."""
        gazetteer = self.r.gazetteer
        for hit in list(self.hits):
            if hit.kind != "City":
                continue
            after = self.lower_at(hit.end) in ("area", "areas")
            before = hit.start >= 2 and (
                self.lower_at(hit.start - 1) == "of"
                and self.lower_at(hit.start - 2) in ("area", "areas")
            )
            if not (after or before):
                continue
            if before and hit.start >= 3 and self.text[hit.start - 3][:1].isupper():
                held = self.owner[hit.start - 3]
                if held is None or held.kind not in ("City", "District"):
                    continue  # "the Gulshan Colony area of Mardan": a quarter of the town
            place = gazetteer.place(hit.key)
            parent = gazetteer.place(place.parent) if place and place.parent else None
            if (
                parent is None
                or parent.kind != "District"
                or parent.label != f"{place.label} District"
            ):
                continue
            self.drop(hit)
            self.accept(Hit(hit.start, hit.end, parent.key, "District", hit.confidence))

    def match_district_towns(self) -> None:
        """ "in Ghotki district ... policing in Ghotki": once a report names a district outright,
        the bare name of the town the district is named after stands for the district, as the
        story is about the district. The town stays where the words make it the town: the
        dateline it was filed from, "Khuzdar town", "the city of Bannu"."""
        gazetteer = self.r.gazetteer
        named: dict[str, int] = {}  # district key -> token where the text first names it
        for h in self.hits:
            if h.kind == "District" and h.start < named.get(h.key, self.n):
                named[h.key] = h.start
        if not named:
            return
        title = _PARAGRAPH_BREAK.search(self.doc.text)
        title_end = title.start() if title else 0
        town_words = self.cues.get("district_town_words") or frozenset()
        events = self.cues.get("district_town_events") or frozenset()
        for hit in [h for h in self.hits if h.kind == "City"]:
            place = gazetteer.place(hit.key)
            if place is None or place.parent not in named:
                continue
            if hit.start < named[place.parent] and self.doc[hit.start].idx >= title_end:
                continue  # told as the town before the report names the district
            if self.lower_at(hit.start - 1) == "the" and self.lower_at(hit.end) in events:
                continue  # "the Nowshera attack": the incident known by its town
            district = gazetteer.place(place.parent)
            if district is None or district.label != f"{place.label} District":
                continue
            if (
                self.lower_at(hit.end) in town_words
                or (
                    self.lower_at(hit.start - 1) == "of"
                    and self.lower_at(hit.start - 2) in town_words
                )
                or self._in_dateline(hit)
                or self.doc[hit.start : hit.end].text.isupper()  # a dateline after a tag
                or self.lower_at(hit.start - 1) in ("towards", "toward")
                or self._care_site_in(hit.start)
            ):
                continue
            self.drop(hit)
            self.accept(Hit(hit.start, hit.end, district.key, "District", hit.confidence))

    def _care_site_in(self, start: int) -> bool:
        """Whether a hospital is placed in the town named at token ``start`` ("taken to the
        Combined Military Hospital (CMH) in Dera Ismail Khan"): the town itself."""
        if self.lower_at(start - 1) not in ("in", "at"):
            return False
        care = self.cues["care_site_words"]
        return any(self.lower_at(j) in care for j in range(max(0, start - 6), start - 1))

    def _match_tribes(self) -> None:
        """ "the Boshehra tribe", "the Turi and Bangash tribes": a village or a name before
        "tribe" is the tribe of that name, the side that fights in a tribal clash."""
        nouns = self.cues["tribe_nouns"]
        for j in self.where(nouns, 1):
            names, i = [], j
            while i > 0:
                start = self._tribe_name_start(i)
                if start is None:
                    break
                names.append((start, i))
                i = start
                if self.lower_at(i - 1) not in ("and", ",") or not self.lower[j].endswith("s"):
                    break
                i -= 1
            for start, end in names:
                owner = self.owner[start]
                if owner is not None and owner.kind in ("City", "District"):
                    self.drop(owner)
                    label = self.r.gazetteer.place(owner.key)
                    base = label.label if label is not None else self.doc[start:end].text
                else:
                    base = self.doc[start:end].text
                label = f"{base.removesuffix(' District')} tribe"
                key = f"armedgroup:{slug(label)}"
                self.minted.setdefault(key, MintedEntity(label, "ArmedGroup"))
                self.accept(Hit(start, end, key, "ArmedGroup", CONF_LOCALITY))

    def _tribe_name_start(self, end: int) -> int | None:
        """Start of the village (a known place) or the one or two capitalised names that end
        just before token ``end``."""
        owner = self.owner[end - 1]
        if owner is not None:
            known = owner.kind in ("City", "District") and owner.end == end
            return owner.start if known and self.text[owner.start][:1].isupper() else None
        start = end
        while (
            start > 0 and end - start < 2 and self.name[start - 1] and self.owner[start - 1] is None
        ):
            start -= 1
        return start if start < end and self.sent[start] == self.sent[end - 1] else None

    def _match_compound_names(self) -> None:
        """Names of a part of a town that hold a place noun or a town's name: "Gulshan Town",
        "Shah Faisal Colony", "Jinnah Road" (a capitalised noun ends the name), and "Hayat Bagh"
        or "Shadman Chitral" (a name before a town's name makes another place). They are sites
        of the town the sentence or its paragraph places them in, not the town they hold."""
        for hit in list(self.hits):
            i = hit.start - 1
            if (
                hit.kind == "City"
                and hit.end - hit.start == 1
                and i >= 0
                and self.name[i]
                and self.owner[i] is None
                and i > self.sent[i]
                and not self.text[i - 1][:1].isupper()
                and self.lower[i] not in _DISTRICT_PARTS
                and self.lower[i] not in self.cues["locative_words"]
            ):
                self.drop(hit)
                # "Guli Bagh village": a village or town named so is a town, not a site.
                after = self.lower_at(hit.end)
                town = (
                    after in self.cues["settlement_nouns"] and after not in self.cues["area_nouns"]
                )
                self._mint_site(i, hit.end, kind="City" if town else "Site")
        routes = self.cues["town_route_nouns"]
        for hit in list(self.hits):
            # "Pasni Road", "Khyber Pass", "Turbat-Awaran Road": a road, pass or range named
            # after the towns it joins is a site, not the town.
            end = hit.end
            if (
                hit.kind not in ("City", "District")
                or hit not in self.hits
                or self.owner[end - 1] is not hit
                or not self._names_part(end)
                or self.lower[end] not in routes
                or self.owner[end] is not None
            ):
                continue
            joined = [hit]
            while True:
                first = joined[-1].start
                before = self.owner[first - 2] if first >= 2 else None
                if (
                    self.text[first - 1] != "-"
                    or before is None
                    or before.kind not in ("City", "District")
                    or before.end != first - 1
                ):
                    break
                joined.append(before)
            for part in joined:
                self.drop(part)
                self.inside.append(part)
            near = hit.key if len(joined) == 1 and self.r.gazetteer.place(hit.key) else None
            self._mint_site(joined[-1].start, end + 1, near)
        for i in self.caps:
            if not self.name[i] or self.owner[i] is not None or (i and self.name[i - 1]):
                continue
            end = self._name_run(i, limit=3)
            if end > i and self._names_part(end) and self.free(i, end + 1):
                self._mint_site(i, end + 1)
            elif end > i + 1 and self._names_part(end - 1) and self.free(i, end):
                self._mint_site(i, end)  # "Siahan Range": the noun read as a name

    def _match_sectors(self) -> None:
        """A sector of a planned city, by its code: "the G-11/2 sector", "Sector F-7", or the
        code alone after the city's name ("Islamabad's I-12") or a quarter of it ("Shams
        Colony, I-12"). One key per code, however the text writes it."""
        cities = get_words().mapping("sector_noun")
        grids = frozenset(cities.values())
        for i in self.caps:
            if not _SECTOR_CODE.fullmatch(self.text[i]) or not self.free(i, i + 1):
                continue
            held = self.owner[i - 2] if i >= 2 else None
            if held is None or held.end != i - 1 or self.lower[i - 1] not in (*_POSSESSIVE, ","):
                continue
            city = held.key if held.key in grids else self._grid_of(held, grids)
            if city is not None:
                self._mint_sector(i, i + 1, city, f"Sector {self.text[i]}", self.text[i])
        for j in self.where(cities):
            city = cities[self.lower[j]]
            for i, start, end in ((j - 1, j - 1, j + 1), (j + 1, j, j + 2)):
                if (
                    0 <= i < self.n
                    and _SECTOR_CODE.fullmatch(self.text[i])
                    and self.free(start, end)
                ):
                    # "the I-8 Markaz" is the sector's market, not the sector
                    code = self.text[i] if self.lower[j] == "sector" else ""
                    self._mint_sector(start, end, city, self.doc[start:end].text, code)
                    break

    def _mint_sector(self, start: int, end: int, city: str, name: str, code: str = "") -> None:
        parent = self.r.gazetteer.place(city)
        prefix = city + "-" if parent else "place:"
        key = prefix + (f"sector-{slug(code)}" if code else slug(name))
        # "I-10/4" is a subsector of "I-10", when the text named that one too.
        holder = f"{prefix}sector-{slug(code.split('/')[0])}" if "/" in code else None
        within = holder if holder in self.minted else (city if parent else None)
        self.minted.setdefault(key, MintedEntity(name, "Site", within))
        self.accept(Hit(start, end, key, "Site", CONF_LOCALITY))

    def _sector_at(self, i: int) -> Hit | None:
        """The sector whose code stands at token ``i``, read as one of the planned city the
        text names if no rule has read it yet."""
        if i >= self.n or not _SECTOR_CODE.fullmatch(self.text[i]):
            return None
        owner = self.owner[i]
        if owner is not None:
            return owner if owner.kind == "Site" else None
        grids = frozenset(get_words().mapping("sector_noun").values())
        city = next((h.key for h in self.hits if h.key in grids), None)
        if city is None:
            return None
        self._mint_sector(i, i + 1, city, f"Sector {self.text[i]}", self.text[i])
        return self.owner[i]

    def _grid_of(self, hit: Hit, grids: frozenset[str]) -> str | None:
        """The planned city a quarter the text names lies in ("Shams Colony" in Islamabad)."""
        if hit.kind != "Site":
            return None
        minted = self.minted.get(hit.key)
        parent = minted.parent if minted is not None else None
        if parent is None:
            place = self.r.gazetteer.place(hit.key)
            parent = place.parent if place is not None else None
        return parent if parent in grids else None

    def _names_part(self, end: int) -> bool:
        """Whether the word at ``end`` is a capitalised place noun that ends a name ("Town" in
        "Gulshan Town"), in running text rather than a title-case headline."""
        word = self.text[end] if end < self.n else ""
        return (
            word.istitle()
            and self.lower[end] in self.cues["locality_nouns"]
            and self.lower_at(end + 1) != ":"
            and not (end + 1 < self.n and self.text[end + 1].istitle() and self.name[end + 1])
        )

    def _mint_site(self, start: int, end: int, near: str | None = None, kind: str = "Site") -> None:
        parent = self._locality_parent(start, end)
        parent_key = parent.key if parent is not None else near
        name = self.doc[start:end].text
        key = (parent_key + "-" if parent_key else "place:") + slug(name)
        self.minted.setdefault(key, MintedEntity(name, kind, parent_key))
        self.accept(Hit(start, end, key, self.minted[key].kind, CONF_LOCALITY))

    def _match_namesake_localities(self) -> None:
        """ "the Darel Valley of Diamer district", "Diamer's Darel Valley": a valley or area
        named like a district but placed by the text in another district is a locality of
        that one (a district carved out later, or a namesake), not the district."""
        for hit in list(self.hits):
            noun = self.lower_at(hit.end)
            known = self.r.gazetteer.place(hit.key)
            if known is None or known.kind != "District" or noun not in self.cues["locality_nouns"]:
                continue
            region = None
            if self.lower_at(hit.end + 1) in ("of", "in"):
                region = self._region_after(hit.end + 2)
            elif self.lower_at(hit.start - 1) in _POSSESSIVE and hit.start >= 2:
                region = self.owner[hit.start - 2]
            if (
                region is None
                or region.kind != "District"
                or region.key == hit.key
                or hit.key in {p.key for p in self.r.gazetteer.ancestors(region.key)}
                or region.key in {p.key for p in self.r.gazetteer.ancestors(hit.key)}
            ):
                continue
            # "North Waziristan's Hassan Khel area": the area noun is no part of the name, and
            # a name the gazetteer gives another place is a settlement's (a village, a city).
            area = noun in self.cues["area_nouns"]
            end = hit.end + (not area)
            name = self.doc[hit.start : end].text
            kind = "City" if area else "Site"
            key = f"{region.key}-{slug(name)}"
            self.minted.setdefault(key, MintedEntity(name, kind, region.key))
            self.drop(hit)
            self.accept(Hit(hit.start, end, key, self.minted[key].kind, CONF_LOCALITY))

    def _match_qualified_districts(self) -> None:
        """ "Lower Kurram", "Upper Orakzai": a part of a known district that the gazetteer lacks."""
        for hit in list(self.hits):
            i = hit.start - 1
            if (
                hit.kind != "District"
                or i < 0
                or self.lower_at(i) not in _DISTRICT_PARTS
                or not self.text[i][:1].isupper()
                or self.owner[i] is not None
            ):
                continue
            name = f"{self.text[i]} {self.doc[hit.start : hit.end].text}"
            key = f"{hit.key}-{slug(self.text[i])}"
            self.minted[key] = MintedEntity(name, "District", hit.key)
            self.drop(hit)
            self.inside.append(hit)
            self.accept(Hit(i, hit.end, key, "District", CONF_LOCALITY))

    def _locality_parent(self, start: int, end: int) -> Hit | None:
        """The district or town in "X area of <District>", the one X lies near ("X, some 25km
        east of Gwadar", "X outside the town of Noshki"), else one named earlier in the
        sentence, but not the dateline's (where the report was filed)."""
        i = end + (self.lower_at(end) in self.cues["locality_nouns"])
        # "the Jaday Wali area under the Vahowa police station": the post's town holds it.
        post = self._post_after_lead(i)
        if post is not None:
            return post
        if self.lower_at(i) in ("of", "in") and i + 1 < self.n:
            owner = self._region_after(i + 1)
            if owner is not None:
                return owner
        near = self._reference_after(i)
        if near is not None:
            return near
        road = self._road_after(i)
        if road is not None:
            return road
        # "Shams Colony, I-12": the sector after it is its address.
        sector = self._sector_at(i + 1) if self.lower_at(i) == "," else None
        if sector is not None:
            return sector
        hit = self.preceding(start, ("District", "City"))
        # "closed the Gilgit-Skardu Road in the X valley": a town that opens a pair
        # names a road's end, which may lie a long way from the locality.
        while hit is not None and self.lower_at(hit.end) in _PAIR_JOINERS:
            hit = self.preceding(hit.start, ("District", "City"))
        if hit is None or hit.start < self.sent[start] or self._in_dateline(hit):
            return self._paragraph_head(start)
        return hit

    def _post_after_lead(self, i: int) -> Hit | None:
        """The town of the force's post that words from ``i`` name as a jurisdiction ("under
        the Vahowa police station", "within the limits of Kulachi police station"), as a hit
        over the post's words."""
        for words in _split_phrases(_site_words("jurisdiction_lead")):
            if self.lower[i : i + len(words)] != words:
                continue
            k = i + len(words)
            k += self.lower_at(k) == "the"
            post = self.owner[k] if k < self.n else None
            if post is None or post.kind != "Site" or post.start != k:
                return None
            minted = self.minted.get(post.key)
            known = self.r.gazetteer.place(post.key)
            town = minted.parent if minted is not None else (known.parent if known else None)
            if town is None:
                return None
            place = self.r.gazetteer.place(town)
            kind = place.kind if place is not None else getattr(self.minted.get(town), "kind", None)
            return Hit(post.start, post.end, town, kind or "City", post.confidence)
        return None

    def _road_after(self, i: int) -> Hit | None:
        """The known highway a locality branches off or lies along ("Thana Road off the KKH",
        "a village along the N-25"): where the locality is, when no town places it."""
        if self.lower_at(i) not in ("off", "along"):
            return None
        i += 1 + (self.lower_at(i + 1) == "the")
        owner = self.owner[i] if i < self.n else None
        if owner is None or owner.kind != "Site" or owner.start != i:
            return None
        place = self.r.gazetteer.place(owner.key)
        return owner if place is not None and place.parent else None

    def _region_after(self, i: int) -> Hit | None:
        """The district, town or province that words from ``i`` name as holding a locality:
        "of Kech", "of northern Balochistan", "of Gilgit-Baltistan's Diamer district" (the
        finer place after a possessive)."""
        directions = _direction_words()
        while i < self.n and (self.lower[i] in directions or self.lower[i] == "-"):
            i += 1
        owner = self.owner[i] if i < self.n else None
        if owner is None or owner.kind not in ("District", "City", "Province"):
            return None
        after = owner.end + (self.lower_at(owner.end) in _POSSESSIVE)
        inner = self.owner[after] if after > owner.end and after < self.n else None
        if inner is not None and inner.kind in ("District", "City"):
            return inner
        return owner

    def _paragraph_head(self, i: int) -> Hit | None:
        """The town or district that heads the paragraph of token ``i`` in a round-up told
        place by place ("Kalat: Security forces ...", "Mardan: ..."); the story's dateline
        (where it was filed) heads nothing."""
        text = self.doc.text
        first = text.rfind("\n", 0, self.doc[i].idx) + 1
        j = i
        while j > 0 and self.doc[j - 1].idx >= first:
            j -= 1
        while j < i and self.doc[j].is_space:
            j += 1
        head = self.owner[j]
        if (
            head is None
            or head.kind not in ("District", "City")
            or self.lower_at(head.end) != ":"
            or self._in_dateline(head)
        ):
            return None
        return head

    def _reference_after(self, i: int) -> Hit | None:
        """The known town or district a locality is placed by, in the words after its name:
        ", some 25km east of Gwadar", " near Noshki", " on the outskirts of the city of Bannu".

        Only words of distance, direction and area may come between, and the last one
        before the place must be a preposition: anything else is another clause.
        """
        words, joins = _offset_words()
        i += self.lower_at(i) == ","
        last, placing = "", False
        for j in range(i, min(i + 9, self.n)):
            owner = self.owner[j]
            if owner is not None:
                found = placing and last in joins and owner.kind in ("City", "District")
                return owner if found else None
            low = self.lower[j]
            distance = _is_distance(low, words)
            if low not in words and not distance:
                return None
            # "of Gwadar" alone is where someone comes from; a distance, a direction or
            # "near"/"outside" places a locality by the town.
            placing = placing or distance or low not in _PLAIN
            last = low
        return None

    def _in_dateline(self, hit: Hit) -> bool:
        """Whether the hit is in a dateline ("GWADAR / QUETTA:") opening its sentence."""
        from kg.extract.clauses import find_dateline

        opening = self.doc[self.sent[hit.start]].idx
        if len(_PARAGRAPH_BREAK.findall(self.doc.text, 0, opening)) > 1:
            # Past the headline and the lead, "Kalat: ..." heads a paragraph of a round-up.
            return False
        span = find_dateline(self.doc.text, opening)
        return span is not None and span[0] <= self.doc[hit.start].idx < span[1]

    def match_references(self) -> None:
        for start, end, kind in sorted(self.refs):
            if not self.free(start, end) or self._names_its_place(end):
                continue
            if kind == "Country":
                antecedent = self._main_place("Country")
                if antecedent is not None and not any(h.key == antecedent.key for h in self.hits):
                    continue  # a country the text never names is no party to it
            elif kind.startswith("province:"):
                antecedent = self._provincial_body(kind.split(":", 1)[1])
            else:
                antecedent = self.preceding(start, (kind,))
                while (
                    antecedent is not None
                    and self.lower_at(antecedent.end) in (self.cues["ruler_nouns"])
                ):
                    # "the TTP, allied with Afghanistan's Taliban government ... the group":
                    # a group named as a government refers to the state, not back to "the group".
                    antecedent = self.preceding(antecedent.start, (kind,))
            if antecedent is not None:
                self.accept(Hit(start, end, antecedent.key, antecedent.kind, CONF_REFERENCE))

    def _names_its_place(self, end: int) -> bool:
        """ "the city of Dera Ismail Khan": the name after "of" says which place; the words
        refer back to none (least of all to the city the report was filed from)."""
        return (
            self.lower_at(end) == "of"
            and end + 1 < self.n
            and (self.text[end + 1][:1].isupper() or self.owner[end + 1] is not None)
        )

    def _main_place(self, kind: str) -> Hit | None:
        """The country (or province) the document is mostly about: "the country" means it anywhere."""
        votes: dict[str, int] = {}
        for hit in self.hits:
            if not hit.key.startswith("place:"):
                continue
            place = self.r.gazetteer.place(hit.key)
            chain = [place, *self.r.gazetteer.ancestors(hit.key)] if place is not None else []
            for p in chain:
                if p.kind == kind:
                    votes[p.key] = votes.get(p.key, 0) + 1
        if not votes:
            return None
        # On a tie, a pack's default country ("the country" in Pakistani news is Pakistan).
        defaults = self.r.default_countries
        return Hit(
            0,
            0,
            max(votes, key=lambda k: (votes[k], k in defaults[:1])),
            kind,
            CONF_REFERENCE,
        )

    def _provincial_body(self, word: str) -> Hit | None:
        """The body of that word ("home" for "the Home Department") of the province the text
        is mostly about; one the text has named outright ("the Khyber Pakhtunkhwa Home
        Department ... the Home Department") comes first."""
        bodies = {key for (_, w), key in self.r.provincial.items() if w == word}
        named = next((h for h in self.hits if h.key in bodies), None)
        if named is not None:
            return Hit(0, 0, named.key, named.kind, CONF_REFERENCE)
        province = self._main_place("Province")
        key = self.r.provincial.get((province.key, word)) if province is not None else None
        entry = self.r.lexicon.entry(key) if key else None
        return Hit(0, 0, entry.key, entry.kind, CONF_REFERENCE) if entry is not None else None

    # -- output ---------------------------------------------------------------------------


# "to the city of Quetta": the words between "to" and the town.
_TOWN_OF = frozenset({"the", "city", "town", "of"})
# "driving back to Quetta", "heading home to Quetta".
_JOURNEY_ADVERBS = frozenset({"back", "home", "on"})


@cache
def _site_words(name: str) -> frozenset[str]:
    """A word class of site names (words/places.tsv), in lower case."""
    return frozenset(w.lower() for w in get_words()[name])


@cache
def _direction_words() -> frozenset[str]:
    """Compass words that may qualify a region ("northern Balochistan"), split at hyphens too."""
    return frozenset(t for w in get_words()["direction"] for t in re.findall(r"[^\W_]+", w.lower()))


@cache
def _site_leads() -> frozenset[tuple[str, ...]]:
    """The words that open a site's name, as lower-case token tuples, hyphenated ones both
    whole and split ("dar-ul-uloom", "dar - ul - uloom")."""
    leads = set()
    for phrase in get_words()["site_lead"]:
        words = phrase.lower().split()
        leads.add(tuple(words))
        leads.add(tuple(t for w in words for t in re.findall(r"[^\W_]+|-", w)))
    return frozenset(leads)


@lru_cache(maxsize=16)
def _split_phrases(phrases: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """Each phrase as a tuple of its words (a rule compares them with token slices)."""
    return tuple(tuple(phrase.split()) for phrase in phrases)


@cache
def _site_lead_openers() -> frozenset[str]:
    """The first words of :func:`_site_leads`, in lower case."""
    return frozenset(lead[0] for lead in _site_leads() if lead)


@cache
def _offset_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that may stand between a locality and the place it lies near ("some 25 km east
    of", "outside the town of"), and those that may come last, right before the place."""
    words = get_words()
    joins = frozenset(w.lower() for w in words["locative"] if " " not in w) | {"of", "from"}
    between = frozenset(
        w.lower()
        for name in ("qualifier_about", "distance_unit", "direction", "area_of")
        for phrase in words[name]
        for w in phrase.split()
    )
    return between | joins | {"the", "a", "-"}, joins


def _is_distance(token: str, words: frozenset[str]) -> bool:
    """A figure, or a figure with its unit ("25", "25km")."""
    match = _FIGURE.fullmatch(token)
    return match is not None and (not match.group(2) or match.group(2) in words)
