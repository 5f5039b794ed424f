"""A printable brief for a period and a region: map, timeline, actors, incidents, claims.

:func:`build_brief` selects the incidents and counts what the brief shows;
:func:`write_report` renders it as ``report.html`` (one self-contained page, drawn by
the viewer's own map and timeline scripts, with the same content security policy) or
``report.md``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from kg.core.files import atomic_write
from kg.publish.incidents import Incident, incidents
from kg.publish.sources import Article, Claim, Sources
from kg.publish.viewer import (
    TYPE_STYLE,
    basemap,
    json_for_html,
    page_scripts,
    script_hash,
    templates_dir,
)

__all__ = ["Brief", "REPORT_FORMATS", "build_brief", "write_report"]

REPORT_FORMATS = ("html", "md")


@dataclass
class Brief:
    """What a report says, for one period and region."""

    title: str
    start: str | None
    end: str | None
    admin1: str | None
    incidents: list[Incident]
    fatalities: int
    actors: list[tuple[str, int, int]]  # (perpetrator, incidents, fatalities)
    dyads: list[tuple[str, str, int]]  # (perpetrator, target, incidents)
    conflicts: list[tuple[Incident, list[Claim]]]
    articles: dict[str, Article] = field(default_factory=dict)


def _bounds(date: str) -> tuple[str, str]:
    if len(date) == 4:
        return date + "-01-01", date + "-12-31"
    if len(date) == 7:
        return date + "-01", date + "-31"
    return date[:10], date[:10]


def _in_period(date: str | None, start: str | None, end: str | None) -> bool:
    if not start and not end:
        return True
    if not date:
        return False
    first, last = _bounds(date)
    return (not start or last >= start) and (not end or first <= end)


def _in_region(incident: Incident, admin1: str | None) -> bool:
    if not admin1:
        return True
    wanted = admin1.casefold()
    return wanted in {(incident.admin1 or "").casefold(), (incident.place or "").casefold()}


def build_brief(
    G: nx.MultiDiGraph,
    sources: Sources | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    admin1: str | None = None,
    top: int = 10,
) -> Brief:
    """Select the incidents of a period and province and count what a brief shows.

    Args:
        G: a graph from :func:`kg.publish.analysis.to_networkx`.
        sources: articles and per-source claims (:func:`kg.publish.sources.store_sources`).
        start: first day (``YYYY-MM-DD``); an event dated by month or year counts when
            its period overlaps.
        end: last day.
        admin1: a province (matched on the incident's province or place, any case).
        top: rows in the actor and dyad tables.
    """
    sources = sources or Sources()
    rows = [
        i
        for i in incidents(G, {k: c for k, (_, c) in TYPE_STYLE.items()})
        if _in_period(i.date, start, end) and _in_region(i, admin1)
    ]
    count, dead, pairs = Counter(), Counter(), Counter()
    for i in rows:
        for p in i.perpetrators or ["Unidentified"]:
            count[p] += 1
            dead[p] += i.fatalities or 0
            for t in i.targets:
                pairs[(p, t)] += 1
    actors = sorted(count, key=lambda a: (-count[a], -dead[a], a))[:top]
    dyads = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    conflicts = [(i, sources.conflicting(i.id)) for i in rows if sources.conflicting(i.id)]
    docs = {d for i in rows for d in i.sources} | {c.doc for _, cs in conflicts for c in cs}
    period = f"{start or 'the first report'} to {end or 'the last'}"
    region = next((i.admin1 for i in rows if _in_region(i, admin1) and admin1), None) or admin1
    return Brief(
        title=f"Conflict brief: {region or 'all provinces'}, {period}",
        start=start,
        end=end,
        admin1=admin1,
        incidents=rows,
        fatalities=sum(i.fatalities or 0 for i in rows),
        actors=[(a, count[a], dead[a]) for a in actors],
        dyads=[(p, t, n) for (p, t), n in dyads],
        conflicts=conflicts,
        articles={d: a for d, a in sources.articles.items() if d in docs},
    )


def _months(brief: Brief) -> list[tuple[str, int]]:
    months = Counter(i.date[:7] for i in brief.incidents if i.date and len(i.date) >= 7)
    return sorted(months.items())


def _toll(low, high) -> str:
    if low is None:
        return "–" if high is None else f"≤{high}"
    return f"{low}–{high}" if high is not None and high != low else str(low)


def _md(value) -> str:
    """Table-cell safe Markdown: no pipes, no line breaks, no raw HTML."""
    text = " ".join(str(value if value is not None else "").split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def write_report(brief: Brief, path: Path, fmt: str = "html") -> Path:
    """Write ``brief`` to ``path`` as ``html`` (printable, self-contained) or ``md``.

    Returns:
        ``path``.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {REPORT_FORMATS}")
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    context = {"b": brief, "months": _months(brief), "toll": _toll}
    if fmt == "html":
        # The viewer's map and timeline, and the few lines that start them.
        scripts = [*page_scripts()[:2], (templates_dir() / "report.js").read_text("utf-8")]
        payload = {
            "incidents": [{**asdict(i), "id": n} for n, i in enumerate(brief.incidents)],
            "basemap": basemap(),
        }
        context.update(
            data=Markup(json_for_html(payload)),
            scripts=[Markup(s) for s in scripts],
            script_hashes=Markup(" ".join(script_hash(s) for s in scripts)),
        )
    text = env.get_template(f"report.{fmt}").render(**context)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))
