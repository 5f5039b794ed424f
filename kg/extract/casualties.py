"""Read casualty figures: who was counted, and whether they were killed or injured.

A figure is a count (see :mod:`kg.extract.numbers`) with an outcome word next
to it, taken in this order:

1. an outcome word right before the count: "killing at least 24",
   "the deaths of 39", "the toll to 26";
2. the first outcome word after it, before the next count: "27 people were
   killed", "61 wounded";
3. the outcome of the next count when the two are joined ("14 soldiers and
   21 militants were killed").

A count with no outcome word (ages, vehicles, distances) is not a casualty
figure. The noun after the count gives the group (people at large, security
forces, militants, civilians); "14 of them", "including 16", "were among the
dead" mark a figure as part of one already given (``subset``); "rose to",
"taking the toll to" mark a revised toll (``update``). Words come from
``casualty_words.tsv``.

>>> [(c.count.low, c.outcome, c.group, c.subset) for c in find_casualties("killing 26 people, including 16 soldiers")]
[(26, 'killed', 'total', False), (16, 'killed', 'security', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.caseless import Caseless, contains_any, lowered
from kg.extract.numbers import Count, find_counts
from kg.extract.patterns import get_patterns
from kg.extract.wordlists import get_wordlists

__all__ = ["Casualty", "find_casualties", "summarize"]

_AFTER_WINDOW = 120
_BEFORE_WINDOW = 60


@dataclass(frozen=True)
class Casualty:
    """One casualty figure in a text."""

    start: int
    end: int
    count: Count
    outcome: str  # "killed" | "injured"
    group: str  # "total" | "security" | "militant" | "civilian"
    subset: bool = False
    update: bool = False
    more: bool = False  # "three more", "the remaining two": adds to a figure given before
    # "six other people", "four others": counts people besides someone told killed
    besides: bool = False
    # "the first reports put the dead at nine": an earlier count a later one replaced
    superseded: bool = False


def find_casualties(text: str, *, exclude: list[tuple[int, int]] = ()) -> list[Casualty]:
    """Return the casualty figures in ``text`` (a clause or a sentence), left to right.

    Args:
        text: the text to read.
        exclude: character spans that hold no counts (dates, for instance).
    """
    counts = [
        c for c in find_counts(text) if not any(s < c.end and c.start < e for s, e in exclude)
    ]
    if not counts:
        return _named_list(text, _singular(text, []))
    lists, patterns = get_wordlists(), get_patterns()
    # Case-blind word lists run on lower-cased text (kg.extract.caseless).
    killed, injured = lists.caseless("killed"), lists.caseless("injured")
    partitive = [
        _is_partitive(
            text[counts[i - 1].end if i else 0 : c.start],
            text[c.end : c.end + _AFTER_WINDOW],
            i > 0,
        )
        for i, c in enumerate(counts)
    ]
    found: list[Casualty] = []
    for i, current in enumerate(counts):
        # A figure's words run to the next figure that is not part of it ("50 people,
        # 14 of them soldiers, lost their lives": "lost their lives" is the 50's).
        following = next((k for k in range(i + 1, len(counts)) if not partitive[k]), None)
        if partitive[i]:
            following = i + 1 if i + 1 < len(counts) else None
        next_start = counts[following].start if following is not None else len(text)
        prev_end = counts[i - 1].end if i else 0
        after = text[current.end : min(next_start, current.end + _AFTER_WINDOW)]
        before = text[max(prev_end, current.start - _BEFORE_WINDOW) : current.start]
        update = bool(lists.caseless("update").search(before[-25:])) or _toll_stands(
            text[: current.start], before[-20:], lists
        )
        outcome = _outcome_before(before)
        if outcome is None and update:
            outcome = _outcome_anywhere(text[: current.start], killed, injured) or "killed"
        if outcome is None:
            # "Three gunmen opened fire, killing five": an outcome word right before the
            # next figure is that figure's.
            owned = following is not None and next_start <= current.end + _AFTER_WINDOW
            outcome = _outcome_after(after, killed, injured, next_owns=owned)
        group = _group(after)
        if group == "object":  # "two buses", "7 km": a count of things is no figure
            continue
        if outcome and _either_outcome(before, after, lists, killed, injured):
            continue  # "several of them were killed or wounded": who died is not told
        if patterns.doers_after.match(after):
            continue  # "two gunmen shot dead a constable": the killers, not the dead
        if lists.caseless("period_told").search(before):
            continue  # "a year in which militants killed more than 500": the year's figure
        if outcome is None and not update:
            outcome, measure = _outcome_of_measure(before, text[: current.start], killed, injured)
            if measure:
                group = _group_in(measure)
        subset = partitive[i] or _is_among(after)
        more = bool(patterns.more_before.search(before[-20:]) or patterns.more_after.match(after))
        superseded = not update and bool(lists.caseless("superseded").search(before))
        found.append(
            Casualty(
                current.start,
                current.end,
                current.count,
                outcome or "",
                group,
                subset,
                update,
                more,
                _besides(before, after, patterns),
                superseded,
            )
        )
    inherited = _inherit(text, found)
    told = _singular(text, _plus_one(text, [c for c in inherited if c.outcome]))
    told = _named_list(text, told)
    return _after_singular(text, told, [c for c in inherited if not c.outcome])


def _either_outcome(before: str, after: str, lists, killed: Caseless, injured: Caseless) -> bool:
    """ "Several of the attackers were killed or wounded", "killing or injuring 12": the
    figure's outcome words leave open whether its people died or were hurt."""
    either = lists.caseless("either_outcome")
    low = lowered(after)
    found = either.search(after, low)
    if found is not None:
        hits = [m.start() for m in killed.finditer(after, low)]
        hits += [m.start() for m in injured.finditer(after, low)]
        if hits and found.start() <= min(hits) < found.end():
            return True
    tail = before[-40:]
    ends = [m.end() for m in either.finditer(tail, lowered(tail))]
    return bool(ends) and bool(_FILLER.fullmatch(tail[ends[-1] :]))


_FILLER = re.compile(r"(?:\s+(?:at\s+least|about|around|some|nearly|over|more\s+than))?\s*")


def _toll_stands(clause: str, before: str, lists) -> bool:
    """ "The death toll from Tuesday's attack in the city stood at nine": where a toll named
    earlier in the clause stands, told right before the count."""
    if not lists.caseless("standing").search(before):
        return False
    return bool(lists.caseless("toll_noun").search(clause))


def _proper_name(words: str) -> bool:
    """Every word capitalised: a person's name ("Pasham Khan"), not a phrase ("said his
    brother")."""
    parts = words.split()
    return bool(parts) and all(p[:1].isupper() for p in parts)


def _after_singular(text: str, told: list[Casualty], orphans: list[Casualty]) -> list[Casualty]:
    """A figure joined to a one-person figure before it shares its outcome: "killing a
    woman and two children" counts the children killed too."""
    if not orphans:
        return told
    added = list(told)
    patterns = get_patterns()
    active = {w.lower() for w in patterns.words["singular_active"]}
    for orphan in orphans:
        before = [c for c in told if c.end <= orphan.start and c.count.value == 1]
        if not before:
            continue
        last = max(before, key=lambda c: c.end)
        between = text[last.end : orphan.start]
        # Only after a verb that governs both ("killing a woman and two children"); "a soldier
        # was martyred and two militants were arrested" tells the second figure's own fate.
        verb = " ".join(text[last.start : last.end].lower().split()[:2])
        governed = any(verb == w or verb.startswith(w + " ") for w in active)
        if len(between) < 12 and patterns.joined.search(between) and governed:
            # The two add up: one woman and two children are three dead.
            added.append(replace(orphan, outcome=last.outcome, more=True))
    return sorted(added, key=lambda c: c.start)


def _besides(before: str, after: str, patterns) -> bool:
    """ "the mayor and four others", "also claimed six other lives", "six other people died
    along with the minister": a figure of people besides someone the text names."""
    if not patterns.besides_after.match(after):
        return False
    return bool(patterns.besides_before.search(before[-40:]) or patterns.besides_link.search(after))


def _plus_one(text: str, found: list[Casualty]) -> list[Casualty]:
    """Count the one person a figure adds: "killing five engineers and their driver" is six.

    The added person joins the figure when the groups agree (or one is people at large);
    otherwise it is a figure of its own ("five soldiers and a civilian").
    """
    if " and " not in text:
        return found
    result = []
    for i, fig in enumerate(found):
        # "A teacher and two other people" counts the teacher with the others (summarize).
        if not fig.subset and not fig.besides and fig.count.low is not None:
            one, fig = _one_before(text, fig, found[i - 1].end if i else 0)
            result += one
        result.append(fig)
        if fig.subset or fig.count.low is None:
            continue
        limit = found[i + 1].start if i + 1 < len(found) else len(text)
        match = get_patterns().and_one.match(text, None, fig.end, limit)
        if not match:
            continue
        group = _group_in(match.group("noun"))
        if group in (fig.group, "total") or fig.group == "total":
            low = fig.count.low + 1
            high = fig.count.high + 1 if fig.count.high is not None else None
            result[-1] = replace(fig, end=match.end(), count=replace(fig.count, low=low, high=high))
        else:
            result.append(Casualty(match.start("noun"), match.end(), Count(1), fig.outcome, group))
    return result


def _one_before(text: str, fig: Casualty, floor: int) -> tuple[list[Casualty], Casualty]:
    """ "A lieutenant colonel and three soldiers were martyred": the one person told before
    a figure of his own group (or of people at large) is one more of it; of another group
    ("a policeman and three militants"), a figure of his own.

    Returns (the one person's own figure, if any; the figure)."""
    start = max(floor, fig.start - 60)
    match = get_patterns().one_and.search(text[start : fig.start])
    if match is None:
        return [], fig
    group = _group_in(match.group("noun"))
    begin = start + match.start()
    if group not in (fig.group, "total") and fig.group != "total":
        one = Casualty(begin, start + match.end("noun"), Count(1), fig.outcome, group)
        return [one], fig
    high = fig.count.high + 1 if fig.count.high is not None else None
    count = replace(fig.count, low=fig.count.low + 1, high=high)
    return [], replace(fig, start=begin, count=count)


def _named_list(text: str, found: list[Casualty]) -> list[Casualty]:
    """Count the people a list names one by one before their fate: "Naik Ali Khan, 31, Sepoy
    Amin Shah, 24, and Lance Naik Zafar were martyred" is three dead.

    A list set off after a figure names the figure's people ("two soldiers, Naik Ali and
    Sepoy Amin, were martyred"): it adds none."""
    if "and" not in text or ("were" not in text and "been" not in text):
        return found
    patterns = get_patterns()
    added = list(found)
    for match in _named_lists(text, patterns):
        start, end = match.span("list")
        if any(c.start < end and start < c.end for c in added):
            continue
        if any(c.end <= start and "," in text[c.end : start] and start - c.end < 40 for c in added):
            continue
        items = [p for p in _ITEM_BREAK.split(match.group("list")) if p and not p.isdigit()]
        if len(items) < 2:
            continue
        verb = " ".join(match.group("verb").lower().split())
        outcome = "injured" if verb in patterns.injured_words else "killed"
        group = _group_in(match.group("list"))
        added.append(Casualty(start, end, Count(len(items)), outcome, group))
    return sorted(added, key=lambda c: c.start)


_ITEM_BREAK = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# How far before its fate ("were martyred") a list of names may begin: about fifteen names.
_LIST_REACH = 400


def _named_lists(text: str, patterns) -> list[re.Match]:
    """The lists of names of ``text``, each sought only in the stretch before a fate
    ("were killed"): the list pattern tried at every word of a long text of capitalised
    names and commas takes time that grows faster than the text."""
    found: dict[tuple[int, int], re.Match] = {}
    for fate in patterns.named_list_fate.finditer(text):
        begin = max(0, fate.start() - _LIST_REACH)
        for match in patterns.named_list.finditer(text, begin, fate.end()):
            found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _singular(text: str, found: list[Casualty]) -> list[Casualty]:
    """Add one-person figures: "killing a police guard", "a soldier was also martyred"."""
    fast = lowered(text)
    lower = fast if fast is not None else text.lower()
    # "A soldier was ..." opens a text too; "Constable Ali Khan was martyred" names one.
    if (
        " a" not in f" {lower}"
        and "one" not in lower
        and "was" not in lower
        and " h" not in lower  # "killing him", "shot her dead"
    ):
        return found
    patterns = get_patterns()
    needs, singular = patterns.singular
    if not contains_any(lower, needs):
        return found  # every one-person pattern needs one of these verbs
    added = list(found)
    for pattern in singular:
        for match in pattern.finditer(text, fast):
            if any(c.start < match.end() and match.start() < c.end for c in added):
                continue
            if "name" in match.re.groupindex and not _proper_name(
                text[match.start("name") : match.end("name")]
            ):
                continue
            verb = " ".join(match.group("verb").lower().split())
            killing = "particle" in match.re.groupindex  # "shot a teacher dead"
            outcome = "injured" if verb in patterns.injured_words and not killing else "killed"
            group = _group_in(match.group("noun"))
            # "another dacoit was killed": one more of those counted before.
            more = bool(_ANOTHER.search(text, match.start(), match.end()))
            added.append(Casualty(match.start(), match.end(), Count(1), outcome, group, more=more))
            if "other" in match.re.groupindex:
                # "a policeman and a civilian were martyred": the second person is one more.
                other = _group_in(match.group("other"))
                added.append(Casualty(match.start("other"), match.end(), Count(1), outcome, other))
    return sorted(added, key=lambda c: c.start)


_ANOTHER = re.compile(r"\banother\b", re.IGNORECASE)


def _is_partitive(before: str, after: str, has_previous: bool) -> bool:
    """ "14 of them", "two more of the wounded", "including 16": part of a figure given before.

    "of the dead" always points back; "of them" and "including" only when a figure
    precedes in the same text ("shot 23 of them dead" counts the people themselves).
    """
    match = get_patterns().partitive_after.match(after)
    if match and not match.group(1).lower().startswith("among"):
        return has_previous or not _OF_THEM.match(match.group(1))
    return has_previous and bool(get_patterns().part_before.search(before))


# Compiled once, like the patterns below: they run for every figure.
_OF_THEM = re.compile(r"of\s+(?:them|whom)$", re.IGNORECASE)


def _is_among(after: str) -> bool:
    """ "six railway employees were among the dead", read up to the next comma or "and"."""
    if "among" not in after.lower():  # "among" has no letter whose case folds oddly
        return False
    clause = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    return bool(_AMONG.search(clause))


def _points_back(after: str) -> bool:
    """ "two officers among them": a part whose words name the figure before it."""
    if "among" not in after.lower():
        return False
    clause = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    return bool(_AMONG_THEM.search(clause))


_CLAUSE_BREAK = re.compile(r"[,;.]|\band\b")
_AMONG_THEM = re.compile(r"\bamong\s+them\b", re.IGNORECASE)
_AMONG = Caseless(r"\bamong\s+(?:the|those|them)\b", needs=("among",))


def _outcome_before(before: str) -> str | None:
    lower = lowered(before)
    for outcome, tail in get_patterns().outcome_tails.items():
        if tail.search(before, lower):
            return outcome
    return None


def _outcome_after(
    after: str, killed: Caseless, injured: Caseless, *, next_owns: bool = False
) -> str | None:
    lower = lowered(after)
    hits = [(m.start(), m.end(), "killed") for m in killed.finditer(after, lower)]
    hits += [(m.start(), m.end(), "injured") for m in injured.finditer(after, lower)]
    if next_owns:
        hits = [h for h in hits if not get_patterns().to_next.fullmatch(after[h[1] :])]
    # "Two men on a bicycle fired on the team, killing a constable": a participle after the
    # count tells what its people did, not what befell them.
    hits = [h for h in hits if not _PARTICIPLE.match(after, h[0], h[1])]
    return min(hits)[2] if hits else None


_PARTICIPLE = re.compile(r"\w+ing\b")


_MEASURE_VALUE = re.compile(r"\b(?:at|stood\s+at|was|is|to)\s*$", re.IGNORECASE)
_WORDS = re.compile(r"[\w'-]+")


def _outcome_anywhere(text: str, killed: Caseless, injured: Caseless) -> str | None:
    lower = lowered(text)
    hits = [(m.start(), "killed") for m in killed.finditer(text, lower)]
    hits += [(m.start(), "injured") for m in injured.finditer(text, lower)]
    return max(hits)[1] if hits else None


def _outcome_of_measure(before: str, clause: str, killed: Caseless, injured: Caseless):
    """ "the number of people hurt ... at 55": a measure named earlier, its value given last.

    Returns (outcome, the measure's words), or (None, None).
    """
    if not _MEASURE_VALUE.search(before):
        return None, None
    measure = get_patterns().measure.search(clause)
    if not measure:
        return None, None
    outcome = _outcome_after(measure.group(1), killed, injured)
    return outcome, measure.group(1) if outcome else None


def _group(after: str) -> str:
    """The group the noun after a count names: "27 militants", "two Chinese nationals";
    "object" for things ("two buses")."""
    patterns = get_patterns()
    roles, outcomes = patterns.group_roles, patterns.group_outcomes
    words = _WORDS.findall(after[:60])
    if words[:2] in (["of", "them"], ["of", "whom"]):
        words = words[2:]
    elif [w.lower() for w in words[:2]] == ["of", "the"]:
        words = words[2:]  # "three of the attackers"
    for skip in range(min(4, len(words))):
        if words[skip].lower() in patterns.member_nouns and words[skip + 1 : skip + 2] == ["of"]:
            # "four members of the LEAs", "two personnel of the Levies": the body's men.
            tail = words[skip + 2 :]
            tail = tail[1:] if tail[:1] and tail[0].lower() == "the" else tail
            role = roles.match(" ".join(tail), lowered(" ".join(tail)))
            if role is not None and role.lastgroup != "object":
                return role.lastgroup
        rest = " ".join(words[skip:])
        lower = lowered(rest)
        role = roles.match(rest, lower)
        if role is not None:
            return role.lastgroup
        # Modifiers come before the noun; an outcome or function word ends the noun phrase.
        if outcomes.match(rest, lower) or words[skip].lower() in patterns.phrase_end:
            break
    return "total"


def _group_in(words: str) -> str:
    """The first group a phrase names ("dead attackers" -> militant), else people at large."""
    lists = get_wordlists()
    lower = lowered(words)
    hits = [
        (m.start(), role)
        for role in ("security", "militant", "civilian")
        for m in lists.caseless(role).finditer(words, lower)
    ]
    return min(hits)[1] if hits else "total"


def _inherit(text: str, found: list[Casualty]) -> list[Casualty]:
    """Give a figure with no outcome word the outcome of the figure it is joined to, or,
    for a part ("including 16 soldiers"), of the figure it is part of."""
    result = _breakdown(text, list(found))
    for i in range(1, len(result)):
        if result[i].subset and not result[i].outcome and result[i - 1].outcome:
            result[i] = replace(result[i], outcome=result[i - 1].outcome)
    for i in range(len(result) - 2, -1, -1):
        current, following = result[i], result[i + 1]
        if current.outcome or not following.outcome:
            continue
        between = text[current.end : following.start]
        if len(between) < 60 and get_patterns().joined.search(between):
            # Coordinated figures share their outcome, and "were among the dead" too; but a
            # total is not part of the part set off after it ("nine people, three of the
            # attackers among them, were killed").
            # Nor is a figure whose part is set off by a comma and points back to it
            # ("seven policemen, two officers among them, were killed").
            apposed = (current.group == "total" and between.rstrip().endswith(",")) or (
                "," in between and _points_back(text[following.end : following.end + 80])
            )
            subset = current.subset or (following.subset and not apposed)
            result[i] = replace(current, outcome=following.outcome, subset=subset)
    return result


def _breakdown(text: str, found: list[Casualty]) -> list[Casualty]:
    """Read the parts a total is broken into as parts of it: "eight people dead, five
    civilians and three attackers" counts eight, of whom five civilians and three militants."""
    patterns = get_patterns()
    for i in range(1, len(found)):
        previous, current = found[i - 1], found[i]
        if current.outcome or not previous.outcome or current.group == "total":
            continue
        between = text[previous.end : current.start]
        opens = (
            previous.group == "total"
            and not previous.subset
            and patterns.breakdown_gap.match(between)
        )
        continues = previous.subset and i > 1 and patterns.joined.search(between)
        if opens or continues:
            found[i] = replace(current, outcome=previous.outcome, subset=True)
    return found


def summarize(figures: list[Casualty], outcome: str = "killed") -> tuple[int | None, int | None]:
    """Return (figure to report, highest figure) for one incident's casualty figures.

    The reported figure is the latest revised toll if the text gives one, else
    the first total, else the sum of the first figure for each group; the
    highest is the largest of all of these readings. A figure that adds to one given
    before ("three more died", "the remaining two") extends the latest reading of that
    group (its own, or the group of the figure before it); a total's parts ("eight dead,
    five civilians and three attackers") say which groups it already holds.

    >>> figures = find_casualties("all eight terrorists were killed. Two soldiers were martyred.")
    >>> summarize(figures)
    (10, 10)
    >>> summarize(find_casualties("Three attackers were killed and three more died later."))
    (6, 6)
    """
    chosen = [f for f in figures if f.outcome == outcome and not f.subset]
    if not chosen:
        return None, None
    # A count the report says was replaced yields to the others.
    chosen = [f for f in chosen if not f.superseded] or chosen
    # "Several people are feared dead ... leaving eleven labourers dead": a figure in words
    # that count nothing exactly yields to one that does.
    vague = [f.count.value for f in chosen if f.count.vague and f.count.value is not None]
    if vague and any(not f.count.vague and f.count.value is not None for f in chosen):
        chosen = [f for f in chosen if not f.count.vague]
    else:
        vague = []
    updates = [f for f in chosen if f.update and f.count.value is not None]
    # "three others" are people besides those counted before: a group of its own, no total.
    chosen = [replace(f, group="others") if f.besides and f.group == "total" else f for f in chosen]
    totals = [f for f in chosen if f.group == "total" and f.count.value is not None]
    chains: dict[str, list[int]] = {}  # group -> its readings, each extended by "more" figures
    most_by_group: dict[str, int] = {}
    last: str | None = None
    for f in chosen:
        value = f.count.value
        if value is None:
            continue
        group = last if f.more and f.group == "total" and last is not None else f.group
        chain = chains.setdefault(group, [])
        if f.more and chain:
            chain[-1] += value
        else:
            chain.append(value)
        most_by_group[group] = max(most_by_group.get(group, 0), chain[-1], f.count.high or value)
        last = group
    first_by_group = {g: c[0] for g, c in chains.items() if g != "total"}
    if updates:
        value = updates[-1].count.low
    elif "total" in chains:
        value = chains["total"][0] if totals[0].count.low is not None else None
        # Militants killed in the same fight count in the toll: "18 people were killed ...
        # sixteen terrorists were killed in the fighting that followed" is 34, unless the
        # total already holds them (its parts add up to it with the militants, or it lists
        # them among its parts).
        militants = first_by_group.get("militant")
        others = sum(v for g, v in first_by_group.items() if g != "militant")
        held = any(f.subset and f.outcome == outcome and f.group == "militant" for f in figures)
        if militants and value == militants and not held and others:
            # "25 terrorists killed ... the forces went in and killed 25 of them": a figure of
            # people at large that repeats the militants' is theirs; the others add to it.
            value = others + militants
        elif militants and value is not None and not held and others <= value != others + militants:
            value += militants
    elif first_by_group:
        value = sum(first_by_group.values())
    else:
        value = None
    if (
        value is not None
        and not updates
        and "total" not in chains
        and chosen[0].besides
        and chosen[0].count.value
    ):
        # "The minister was killed ... Six other people died": the first figure told counts
        # those killed besides someone named, who is one more; a total told after it ("the
        # group confirmed the seven deaths") already holds him.
        value += 1
    readings = [f.count.high or f.count.value for f in updates + totals]
    readings += chains.get("total", [])
    readings.append(sum(v for g, v in most_by_group.items() if g != "total"))
    readings += vague
    highest = max([r for r in readings if r] + ([value] if value else []), default=None)
    return value, highest
