"""Entity passes about names: acronyms the text teaches, unknown groups, and people.

They are mixed into the document state of :mod:`kg.extract.entities`.
"""

from __future__ import annotations

import re

from kg.core.model import PLACE_KINDS
from kg.extract.entity_state import (
    CONF_ACRONYM,
    CONF_GROUP,
    CONF_PERSON,
    CONF_SURNAME,
    Hit,
    MintedEntity,
    indices,
    slug,
)
from kg.extract.gazetteer import normalize_surface

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]{0,9}$")
_CONNECTORS = frozenset(
    ("of", "for", "and", "the", "e", "i", "ul", "al", "ud", "ur", "-", "&", "in", "on")
)


def _abbreviates(letters: list[str], words) -> bool:
    """Whether the capitals ``letters`` can stand for the words: the same first capital, and
    the rest in order among the words' capitals ("ISPR" for "Inter-Services Public Relations").

    >>> _abbreviates(list("FC"), ["Frontier", "Corps"]), _abbreviates(list("AP"), ["Pakistan"])
    (True, False)
    """
    capitals = iter([c for word in words for c in word if c.isupper()])
    first = next(capitals, None)
    return first == letters[0] and all(c in capitals for c in letters[1:])


_POSSESSIVE_MARKS = frozenset(("'s", "\u2019s", "'", "\u2019"))


class NameRules:
    """Passes that find groups and people no lexicon holds."""

    def match_acronyms(self) -> None:
        text = self.text
        learned: dict[str, tuple[str, str, float]] = {}
        for i in indices(text, "(", 1, self.n - 2):
            if text[i + 2] != ")":
                continue
            acronym = text[i + 1]
            letters = [c for c in acronym if c.isupper()]
            if not _ACRONYM.match(acronym) or len(letters) < 2:
                continue
            owner = self.owner[i - 1]
            if owner is not None:
                if not _abbreviates(letters, text[owner.start : owner.end]):
                    continue  # "KARACHI, Pakistan (AP)": a news agency, not Pakistan's initials
                learned.setdefault(
                    acronym, (owner.key, owner.kind, min(owner.confidence, CONF_ACRONYM))
                )
                continue
            start = self._name_run_back(i)
            if start is not None and any(end == i for _, end in self.titles):
                # "Deputy Superintendent of Police (DSP)": a rank and its short form, no body.
                start = None
            if start is not None:
                words = [j for j in range(start, i) if self.lower[j] not in _CONNECTORS]
                if len(words) >= 2 and [text[j][0] for j in words] == letters:
                    kind = self._group_kind(start, i)
                    learned.setdefault(
                        acronym,
                        (self._mint_group(start, i, kind, CONF_ACRONYM), kind, CONF_ACRONYM),
                    )
                    continue
            # A lowercase expansion ("intelligence-based operation (IBO)") teaches a word, not an entity.
            words = [
                j
                for j in range(max(0, i - 2 * len(letters)), i)
                if text[j].isalpha() and self.lower[j] not in _CONNECTORS
            ]
            tail = words[-len(letters) :]
            if len(tail) == len(letters) and [text[j][0].upper() for j in tail] == letters:
                self.acronyms[acronym] = self.doc[tail[0] : i].text
        if learned:
            for i in range(self.n):
                found = learned.get(text[i])
                if found is None:
                    continue
                held = self.owner[i]
                if held is not None and held.start == i and held.key != found[0]:
                    # "the Federal Constabulary (FC)", then "FC personnel": the force the text
                    # spelled out, not another one its lexicon shares the initials with.
                    if held.kind != found[1] or not self._reads_acronym(held, text[i]):
                        continue
                    self.drop(held)
                    self.accept(Hit(held.start, held.end, *found))
                elif held is None:
                    self.accept(Hit(i, i + 1, *found))
        for acronym, (key, _kind, _conf) in learned.items():
            self.acronyms.setdefault(acronym, key)

    def _reads_acronym(self, hit: Hit, acronym: str) -> bool:
        """Whether the lexicon entry ``hit`` resolved to is another expansion of ``acronym``
        ("FC" as the Frontier Corps), not a name that only holds it ("BLA's Majeed Brigade")."""
        entry = self.r.lexicon.entry(hit.key)
        letters = [c for c in acronym if c.isupper()]
        return entry is not None and _abbreviates(letters, entry.label.split())

    def _name_run_back(self, end: int) -> int | None:
        """Start of the capitalised run (connectors allowed inside) that ends just before ``end``."""
        i, start = end - 1, None
        while i >= 0 and end - i <= 10 and self.owner[i] is None:
            word = self.text[i]
            if word[:1].isupper() and word.isalnum() and word != "The":
                start = i
            elif self.lower[i] == "the" or not (self.lower[i] in _CONNECTORS and start is not None):
                break
            i -= 1
        return start

    def _group_kind(self, start: int, end: int) -> str:
        head = self.lower[end - 1]
        if head in self.cues["armed_group_heads"]:
            return "ArmedGroup"
        if head in self.cues["organization_heads"]:
            return "Organization"
        return (
            "ArmedGroup"
            if self.sentence_text_has(start, self.cues["armed_context"])
            else "Organization"
        )

    def _mint_group(self, start: int, end: int, kind: str, confidence: float) -> str:
        phrase = self.doc[start:end].text
        if kind == "Organization" and self._cares_for_patients(start, end):
            return self._mint_care_site(start, end, phrase, confidence)
        key = f"{kind.lower()}:{slug(phrase)}"
        self.minted.setdefault(key, MintedEntity(phrase, kind))
        self.accept(Hit(start, end, key, kind, confidence))
        return key

    def _cares_for_patients(self, start: int, end: int) -> bool:
        """A body whose name says it treats the sick ("Pakistan Institute of Medical
        Sciences", "Shifa International Hospitals Limited"): a hospital, where the wounded
        are taken, not an organisation that acts."""
        words = self.cues["care_site_words"]
        return any(self.lower[i] in words for i in range(start, end))

    def _mint_care_site(self, start: int, end: int, phrase: str, confidence: float) -> str:
        """A hospital named like an institution, as a site of the town it is in or the one
        named last before it."""
        city = self._city_after(end) or self.preceding(start, ("City",))
        key = (f"{city.key}-" if city is not None else "place:") + slug(phrase)
        if self.r.gazetteer.place(key) is None:
            self.minted.setdefault(
                key, MintedEntity(phrase, "Site", city.key if city is not None else None)
            )
        self.accept(Hit(start, end, key, "Site", confidence))
        return key

    def match_groups(self) -> None:
        armed, civil = self.cues["armed_group_heads"], self.cues["organization_heads"]
        prefixes, particles = (
            self.cues["armed_group_prefixes"],
            self.cues["name_particles"] | {"-", "al", "el"},
        )
        for i in self.caps:
            # "Jaish al-Fursan": an armed prefix, then particles and capitalised words.
            if self.lower[i] in prefixes and self.owner[i] is None:
                end, j = i + 1, i + 1
                while (
                    j < self.n
                    and j - i < 8
                    and self.owner[j] is None
                    and self.sent[j] == self.sent[i]
                ):
                    if self.lower[j] in particles:
                        j += 1
                    elif self.text[j][:1].isupper() and self.text[j].isalpha():
                        j += 1
                        end = j
                    else:
                        break
                if end > i + 1:
                    self._mint_group(i, end, "ArmedGroup", CONF_GROUP)
        # "Chief of Army Staff": a post's title holds no group's name.
        titled = {j for s, e in self.titles if e - s > 1 for j in range(s, e)}
        for i in self.caps:
            low = self.lower[i]
            if (
                (low not in armed and low not in civil)
                or not self.text[i].istitle()
                or self.owner[i] is not None
                or i in titled
                # "... Development Company Limited": the last head ends the name.
                or (i + 1 < self.n and self.lower[i + 1] in civil and self.text[i + 1].istitle())
            ):
                continue
            start = self._name_run_back(i + 1)
            if start is not None and start > 0 and self.sent[start] != start:
                # A place that opens the name belongs to it ("Turbat Bar Association").
                place = self.owner[start - 1]
                if (
                    place is not None
                    and place.end == start
                    and place.kind in PLACE_KINDS
                    and self.sent[place.start] == self.sent[start]
                ):
                    self.drop(place)
                    start = place.start
                    # "Government Holdings Pakistan Limited": the name goes on before the place.
                    before = self._name_run_back(start) if start > 0 else None
                    if before is not None and self.sent[before] == self.sent[start]:
                        start = before
            if (
                start is None
                or start == i
                or any(self.sent[j] == j for j in range(start + 1, i + 1))
            ):
                continue
            self._mint_group(
                start,
                self._name_tail(i + 1),
                "ArmedGroup" if low in armed else "Organization",
                CONF_GROUP,
            )

    def _name_tail(self, end: int) -> int:
        """End of a name that goes on after its head noun with "of" and capitalised words no
        other rule took: "Pakistan Institute of Medical Sciences"."""
        if self.lower_at(end) not in ("of", "for"):
            return end
        j = end + 1
        while j < self.n and j - end <= 5 and self.owner[j] is None and self.sent[j] != j:
            word = self.text[j].istitle() and self.text[j].isalpha()
            joined = self.lower[j] == "and" and j + 1 < self.n and self.text[j + 1].istitle()
            if not (word or joined):
                break
            j += 1
        while j > end + 1 and not self.text[j - 1].istitle():
            j -= 1
        return j if j > end + 1 else end

    # -- 5. people ------------------------------------------------------------------------
    def _name_run(self, start: int, limit: int = 5) -> int:
        """End of the name that starts at ``start`` (``start`` itself when there is none)."""
        particles = self.cues["name_particles"]
        end, i, names = start, start, 0
        while i < self.n and names < limit and self.owner[i] is None:
            if self.name[i]:
                names += 1
                i += 1
                end = i
            elif names and (
                self.lower[i] in particles
                or (self.text[i] == "-" and not self.doc[i - 1].whitespace_)
            ):
                i += 1
            else:
                break
        return end

    def _add_person(self, start: int, end: int, confidence: float) -> None:
        if (
            end - start >= 3
            and self.lower[start] in self.cues["dropped_honorifics"]
            and self.lower[end - 1] in self.cues["surnames"]
        ):
            start += 1  # "Mir Abdul Quddus Bizenjo": the man is Abdul Quddus Bizenjo
        phrase = self.doc[start:end].text
        key = self._person_key(phrase)
        if any(
            h.key == key and self.sent[h.start] == self.sent[start] and h.start != start
            for h in self.hits
        ) and normalize_surface(phrase) != normalize_surface(self.minted[key].label):
            # Two spellings in one sentence are two men ("Shehbaz Qureshi and Shahzad Qureshi").
            key = f"person:{slug(phrase)}"
        minted = self.minted.get(key)
        if minted is None or len(phrase.split()) > len(minted.label.split()):
            # The fullest form of a name labels the person ("Khalil Ur-Rahman Haqqani").
            self.minted[key] = MintedEntity(phrase, "Person")
        self.accept(Hit(start, end, key, "Person", confidence))

    def _person_key(self, phrase: str) -> str:
        """Key of a name; a near-identical name seen before ("Shafqat"/"Shafqaat") gets that one's key."""
        words = normalize_surface(phrase).split()
        for key, minted in self.minted.items():
            other = normalize_surface(minted.label).split() if minted.kind == "Person" else []
            pairs = list(zip(words, other, strict=False)) if len(other) == len(words) else []
            if (
                pairs
                and all(a[0] == b[0] for a, b in pairs)
                and sum(_edits(a, b) for a, b in pairs) <= 2
            ) or self._same_ends(words, other):
                return key
        return f"person:{slug(phrase)}"

    def _same_ends(self, words: list[str], other: list[str]) -> bool:
        """Whether two names are one man's short and full forms: the same given name and
        surname around a middle name ("Khalil Haqqani", "Khalil Ur-Rahman Haqqani"). Names
        too common to tell people apart ("Muhammad ... Khan") never match this way."""
        common = self.cues["ambiguous_surnames"]
        return (
            len(words) >= 2
            and len(other) >= 2
            and len(words) != len(other)
            and words[0] == other[0]
            and words[-1] == other[-1]
            and words[0] not in common
            and words[-1] not in common
        )

    def match_people(self) -> None:
        cues = self.cues
        skip = cues["role_words"] | cues["titles"]
        # After a title: "Chief Minister Sarfraz Bugti", "SSP Operations Muhammad Baloch".
        first_words = cues["given_names"] | cues["honorifics"]
        # "Gen Sharif": one name after a title, settled below; with where a new man's name starts
        singles: list[tuple[int, int]] = []
        clerics = cues.get("single_name_clerics") or frozenset()
        for start, end in sorted(self.titles):
            title = " ".join(self.lower[start:end])
            i = end
            while i < self.n and self.lower[i] in skip and self.owner[i] is None:
                i += 1
            # "Additional Deputy Commissioner (Revenue) Ali Raza": the post's branch in brackets.
            close = next((k for k in range(i + 1, min(i + 5, self.n)) if self.text[k] == ")"), None)
            if i < self.n and self.text[i] == "(" and close is not None:
                i = close + 1
            stop = self._surname_place(i, self._name_run(i))
            if stop < self.n and self.owner[stop] is not None and self.owner[stop].kind == "Person":
                continue  # the words before a name another title found
            # The post's area between title and name: "Assistant Commissioner Nawagai Faisal
            # Ismail", "DSP Saddar Syed Ali Raza".
            if (
                stop - i >= 3
                and self.lower[i] not in first_words
                and self.lower[i + 1] in first_words
                and self.lower[i + 1] not in cues["surnames"]
            ):
                i += 1
            if stop - i >= 2:
                self._add_person(i, stop, CONF_PERSON)
            elif stop - i == 1 and i == end and title in clerics:
                singles.append((i, start))  # "Maulana Ahad", unless a man named before
            elif stop - i == 1 and title in cues["short_name_titles"]:
                singles.append((i, i))
        self._extend_known_people(first_words)
        # Given names, surnames and appositions ("Wasim Baig, spokesperson for ...").
        done = 0
        for i in self.caps:
            if (
                i < done
                or self.owner[i] is not None
                or not self.name[i]
                or (i and self.name[i - 1] and self.owner[i - 1] is None)
            ):
                continue
            end = done = self._name_run(i, limit=4)
            # A post's word before the name is not part of it ("... for Interior Ali Shah").
            while end - i > 2 and self.lower[i] in cues["role_words"]:
                i += 1
            if self.lower[i] in cues["titles"]:
                continue  # "Mr Marwat": the title pass settles one name after a title
            names = [j for j in range(i, end) if self.name[j]]
            if (
                len(names) >= 2
                and self.lower_at(end) not in cues["place_nouns"]
                and not self._placed_like_a_locality(i, end)
                and self.lower[end - 1] not in cues.get("place_name_ends", ())
                and (
                    self.lower[names[0]] in first_words
                    or self.lower[names[-1]] in cues["surnames"]
                    or self.lower_at(i - 1) in cues["kin_words"]
                    or self._apposition(end)
                )
            ):
                self._add_person(i, end, CONF_PERSON)
        self._match_titled_surnames(singles)
        self._match_aliases()
        self._match_listed_people()
        self._match_led_groups()
        self._match_surnames()

    def _match_aliases(self) -> None:
        """ "Habibullah alias Qari Zahid", "Sher Khan alias Lala": a name, "alias" and the name
        a man goes by are one person, named by the whole."""
        for j in range(1, self.n - 1):
            if self.lower[j] != "alias" or not self.text[j + 1][:1].isupper():
                continue
            before = self.owner[j - 1]
            if before is not None:
                if before.kind != "Person" or before.end != j:
                    continue
                start = before.start
            else:
                start = self._name_run_back(j)
                if start is None or j - start > 3 or not all(self.name[k] for k in range(start, j)):
                    continue
            after = self.owner[j + 1]
            if after is not None:
                if after.kind != "Person" or after.start != j + 1:
                    continue
                end = after.end
            else:
                end = self._name_run(j + 1, limit=3)
                if end == j + 1:
                    continue
            for hit in {id(h): h for h in (before, after) if h is not None}.values():
                self.drop(hit)
            if j - start >= 2 and self.free(start, j) and self.free(j + 1, end):
                # "Sher Khan alias Lala": a full name is the man's name, the alias another
                # name for him; a bare given name ("Riaz alias Muhajir") names him only with it.
                self._add_person(start, j, CONF_PERSON)
                key = self.owner[start].key if self.owner[start] is not None else None
                if key is not None:
                    self.accept(Hit(j + 1, end, key, "Person", CONF_PERSON))
            elif self.free(start, end):
                self._add_person(start, end, CONF_PERSON)

    def _surname_place(self, start: int, end: int) -> int:
        """End of a titled name that goes on with a tribe's name a place also bears ("Dr Aslam
        Sherani", "DSP Noor Mandokhail"): the place read there is the man's surname."""
        hit = self.owner[end] if start < end < self.n else None
        if (
            hit is None
            or hit.end - hit.start != 1
            or hit.kind not in _PLACE_KINDS
            or not self.text[end][:1].isupper()
        ):
            return end
        if self.lower[end] in self.cues["surnames"]:
            self.drop(hit)
            return end + 1
        # "Chief Minister Mir Quetta Khan Raisani": a town's name between a titled man's
        # given name and more of his name is a part of his name.
        rest = self._name_run(end + 1, limit=3) if end + 1 < self.n else end + 1
        if rest > end + 1 and self.sent[rest - 1] == self.sent[start]:
            self.drop(hit)
            return rest
        return end

    def _match_titled_surnames(self, singles: list[tuple[int, int]]) -> None:
        """One name after a title ("Lt Col Tariq", "Mr Marwat") is the man named in full
        before with that last name, the nearest such; else a person of its own, whose name
        starts where the pair says (a cleric's title stays in it: "Maulana Ahad")."""
        if not singles:
            return
        last: dict[str, list[tuple[int, str]]] = {}
        for hit in self.hits:
            if hit.kind == "Person" and hit.end - hit.start >= 2:
                entry = self.r.lexicon.entry(hit.key)
                names = {self.text[hit.end - 1]}
                if entry is not None:
                    names |= {n.split()[-1] for n in entry.names if " " in n}
                for name in names:
                    last.setdefault(name, []).append((hit.start, hit.key))
        for i, first in singles:
            if self.owner[i] is not None:
                continue
            before = [(start, key) for start, key in last.get(self.text[i], ()) if start < i]
            if before:
                self.accept(Hit(i, i + 1, max(before)[1], "Person", CONF_SURNAME))
            elif first == i or self.free(first, i):
                self._add_person(first, i + 1, CONF_PERSON)

    def _match_led_groups(self) -> None:
        """A person's name before "group" or "faction" in a sentence about armed men is the
        band he leads: "militants of the Aziz Khan group" is an armed group, not a man."""
        heads = self.cues.get("leader_group_heads") or frozenset()
        for hit in list(self.hits):
            end = hit.end
            if (
                hit.kind == "Person"
                and end < self.n
                and self.lower[end] in heads
                and self.owner[end] is None
                and self.sentence_text_has(hit.start, self.cues["armed_context"])
            ):
                self.drop(hit)
                self._mint_group(hit.start, end + 1, "ArmedGroup", CONF_GROUP)

    def _extend_known_people(self, first_words: frozenset[str]) -> None:
        """A known person's name that a given name opens is another man's longer name
        ("Sepoy Amir Sohail Afridi" is not Sohail Afridi), and so is a known man's given name
        that a surname follows ("Shehbaz Qureshi" is not Shehbaz Sharif)."""
        for hit in list(self.hits):
            j = hit.end
            if (
                hit.kind == "Person"
                and hit.end - hit.start == 1
                and j < self.n
                and self.r.lexicon.entry(hit.key) is not None
                and self.owner[j] is None
                and self.name[j]
                and self.sent[j] == self.sent[hit.start]
                and self.lower[j] in self.cues["surnames"]
            ):
                self.drop(hit)
                self._add_person(hit.start, self._name_run(j, limit=2), CONF_PERSON)
                continue
            i = hit.start - 1
            if (
                hit.kind == "Person"
                and i >= 0
                and self.r.lexicon.entry(hit.key) is not None
                and self.owner[i] is None
                and self.name[i]
                and self.lower[i] in first_words
            ):
                self.drop(hit)
                self._add_person(i, hit.end, CONF_PERSON)

    def _match_listed_people(self) -> None:
        """Names listed with a person's, or after "identified as" or a plural rank, are people:
        "identified as Gul Zaman, Rafiq and Shakir", "sepoys Nadir, Wali and Basit"."""
        intros = [tuple(p.split()) for p in self.cues.get("name_list_intros") or ()]
        seeds = [h.end for h in self.hits if h.kind == "Person"]
        # An intro ends right before the name: only the words after an intro's last word are read.
        after = (
            [k + 1 for k in self.where({intro[-1] for intro in intros}) if k + 1 < self.n]
            if all(intros)
            else range(1, self.n)
        )
        for i in after:
            if self.name[i] and self.owner[i] is None:
                for intro in intros:
                    k = len(intro)
                    if i >= k and tuple(self.lower[i - k : i]) == intro:
                        end = self._listed_name(i)
                        # A list, not one name: "identified as" also names a place.
                        if end is not None and self.lower_at(end) in (",", "and"):
                            self._add_person(i, end, CONF_SURNAME)
                            seeds.append(end)
                        break
        while seeds:
            j = seeds.pop()
            k = j + (j < self.n and self.text[j] == ",")
            k += k < self.n and self.lower[k] == "and"
            if k == j or k >= self.n or self.owner[k] is not None:
                continue
            end = self._listed_name(k, last=self.lower[k - 1] == "and")
            if end is not None:
                self._add_person(k, end, CONF_SURNAME)
                seeds.append(end)

    def _listed_name(self, start: int, last: bool = False) -> int | None:
        """End of a name of one to three words at ``start`` that a list separator ends (the
        ``last`` item, after "and", may end the list with anything)."""
        if (
            not self.name[start]
            or self.owner[start] is not None
            or self.lower[start] in self.cues["titles"]
            or self.lower[start] in self.cues["role_words"]
            or any(s == start for s, _ in self.titles)
        ):
            return None  # "... and Chief Minister Ali", "sepoys Ali and Havildar Khan"
        end = self._name_run(start, limit=3)
        if end == start:
            return None
        after = self.lower_at(end)
        if last or after in (",", "and", ".", ";", ")", "") or self.sent[end] == end:
            return end
        return None

    def _placed_like_a_locality(self, start: int, end: int) -> bool:
        """ "near Sultan Charhai outside the town of Noshki": a name that is near something,
        or that the words after it place by a known town, is a place, whatever its first word."""
        if (
            self.lower_at(end) in _POSSESSIVE_MARKS
            or self.lower_at(start - 1) in self.cues["kin_words"]
        ):
            return False  # "near Imran Khan's house", "his cousin Umar Khan near Ziarat"
        return self.lower_at(start - 1) == "near" or self._reference_after(end) is not None

    def _apposition(self, end: int) -> bool:
        if end >= self.n or self.text[end] != ",":
            return False
        if end + 2 < self.n and self.text[end + 1].isdigit() and self.text[end + 2] == ",":
            return True  # an age: "Karim Dad, 45, was shot"
        for j in range(end + 1, min(end + 10, self.n)):
            if self.lower[j] in self.cues["apposition_roles"] or (
                j == end + 1 and self.lower[j] == "who"
            ):
                return True
            if self.text[j] in (",", ".", ";") or self.sent[j] == j:
                return False
        return False

    def _match_surnames(self) -> None:
        surnames: dict[str, set[str]] = {}
        for hit in self.hits:
            if hit.kind == "Person" and hit.end - hit.start >= 2:
                names = [self.text[hit.end - 1]]
                entry = self.r.lexicon.entry(hit.key)
                if entry is not None:
                    names += [n.split()[-1] for n in entry.names if " " in n]
                for name in names:
                    surnames.setdefault(name, set()).add(hit.key)
        if not surnames:
            return
        ambiguous = self.cues["ambiguous_surnames"]
        for i in self.caps:
            keys = surnames.get(self.text[i])
            if (
                keys
                and len(keys) == 1
                and self.owner[i] is None
                and self.lower[i] not in ambiguous
                and not (i + 1 < self.n and self.name[i + 1])
            ):
                self.accept(Hit(i, i + 1, next(iter(keys)), "Person", CONF_SURNAME))

    # -- 6. capitals that act -------------------------------------------------------------


_PLACE_KINDS = frozenset({"District", "City", "Site", "Province"})


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, cut off above 2."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 2:
        return 3
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
