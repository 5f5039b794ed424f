"""The ``kg`` command: a thin layer of options over the library API.

Every command works on one output folder, ``--out DIR`` (default ``exports/``):
``kg build`` writes it; the other commands read it.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from kg.core.errors import KgError
from kg.core.limits import MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, MAX_ROWS
from kg.core.terminal import printable
from kg.pipeline import DEFAULT_OUT, DEFAULT_TIME_LIMIT

__all__ = ["cli"]


def _echo(message: str = "", err: bool = False) -> None:
    """Print a line of kg's own text, its control characters escaped (kg.core.terminal)."""
    click.echo(printable(str(message)), err=err)


def _echo_data(text: str, *, json: bool = False) -> None:
    """Print query results: exact when piped, control characters escaped on a terminal."""
    click.echo(printable(text, json=json) if sys.stdout.isatty() else text)


class _Group(click.Group):
    """A command group whose error messages (which quote names and values) are made inert."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            error.message = printable(error.message)
            raise


def out_option(func):
    """The shared ``--out DIR`` option."""
    return click.option(
        "--out",
        default=str(DEFAULT_OUT),
        show_default=True,
        type=click.Path(file_okay=False),
        callback=_out_path,
        help="Output folder holding the store and the exported files.",
    )(func)


def pack_option(func):
    """The shared ``--pack DIR`` option (repeatable)."""
    return click.option(
        "--pack",
        "packs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Also read this region pack folder (repeatable; after $KG_LEXICONS's folders).",
    )(func)


def excel_option(func):
    """The shared ``--excel`` flag."""
    return click.option(
        "--excel",
        is_flag=True,
        help="Write the CSV tables with a UTF-8 byte order mark, so Excel reads names right.",
    )(func)


def _out_path(_ctx, _param, value):
    # Path("") is the working folder: an empty --out (an unset shell variable) would
    # otherwise write the store and exports among the user's own files.
    if value is not None and not value.strip():
        raise click.BadParameter("is empty; give a folder, e.g. --out exports")
    return None if value is None else Path(value)


def _reads_store(func):
    """Fail with one clear line when the output folder has no graph yet."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not kwargs.get("endpoint"):
            _require_graph(kwargs.get("out"))
        return func(*args, **kwargs)

    return wrapper


def _require_graph(out: Path | None) -> None:
    if out is not None and not (Path(out) / "store").is_dir():
        raise click.ClickException(
            f"{out}/ holds no graph yet; run `kg build INPUTS --out {out}` first"
        )


def _errors_to_click(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conflict-kg")
def cli():
    """Build a knowledge graph of political violence from news articles."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_option
@click.option(
    "--published", type=click.DateTime(["%Y-%m-%d"]), help="Publication date for files without one."
)
@click.option(
    "--force",
    is_flag=True,
    help="Re-extract articles even when unchanged since the last build; "
    "also write into an OUT that holds other files.",
)
@click.option(
    "--store", "store_url", metavar="URL", help="Also push the graph to this SPARQL 1.1 store."
)
@click.option("--no-viewer", is_flag=True, help="Skip writing graph.html.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    metavar="SECONDS",
    help="Stop extracting a document after this long and report it (0: no limit).",
)
@click.option(
    "--follow-links", is_flag=True, help="Follow links to folders outside the input folders."
)
@click.option("--prune", is_flag=True, help="Remove the articles no longer in INPUTS.")
@excel_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default="0: one per core",
    help="Processes that extract; the graph is the same for any number.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Extract on the workers of this Dask scheduler (pip install 'conflict-kg[cluster]').",
)
@pack_option
@_errors_to_click
def build(
    inputs,
    out,
    published,
    force,
    store_url,
    no_viewer,
    time_limit,
    follow_links,
    prune,
    excel,
    jobs,
    cluster,
    packs,
):
    """Extract actors, places and events from INPUTS into the graph in OUT.

    INPUTS are files or folders of .txt, .md (YAML front matter), .html and .jsonl.

    \b
    Example:
        kg build seeds/ --out exports/
        kg build articles/ --pack my-region/ --out exports/
    """
    import kg
    from kg.extract import ExtractorConfig

    with _progress(inputs) as progress:
        report = kg.build(
            inputs,
            out,
            published=published.date() if published else None,
            force=force,
            viewer=not no_viewer,
            progress=progress,
            config=ExtractorConfig.from_env(packs),
            time_limit=time_limit or None,
            follow_links=follow_links,
            prune=prune,
            excel=excel,
            jobs=jobs,
            cluster=cluster,
        )
    for warning in report.warnings:
        _echo(f"warning: {warning}", err=True)
    for error in report.errors:
        _echo(f"error: {error}", err=True)
    _echo(report.summary())
    if store_url:
        from kg.store.push import push

        _echo(push(out, store_url).summary())
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from a .rq file.",
)
@click.option("--name", help="Run a named query from ontology/queries/ (see --list).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Bind a query variable (repeatable).",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--endpoint", metavar="URL", help="Ask a remote SPARQL endpoint instead of the store in OUT."
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Read this graph as the default graph ('fused': the fused graph a push wrote).",
)
@out_option
@_errors_to_click
def query(sparql, query_file, name, params, list_, fmt, endpoint, graph, out):
    """Answer a SPARQL query from the graph in OUT.

    \b
    Examples:
        kg query 'SELECT ?e ?n WHERE { ?e a ckg:Bombing ; ckg:fatalities ?n }'
        kg query --name attacks_by_group
        kg query --name attacks_by_group --param group=https://w3id.org/conflict-kg/id/actor/bla
    """
    from kg.sparql.named import list_queries, run_query
    from kg.store.embedded import open_store

    if list_:
        for q in list_queries():
            _echo(
                f"{q.name:28} {q.description}"
                + (f"  [params: {', '.join(q.params)}]" if q.params else "")
            )
        return
    text = name or (query_file.read_text(encoding="utf-8") if query_file else sparql)
    if not text:
        raise click.UsageError("give a query: SPARQL text, --file FILE or --name NAME")
    if not endpoint:  # --list needs no graph; a query does
        _require_graph(out)
    bindings = dict(_split_param(p) for p in params)
    if graph == "fused":
        from kg.store.base import FUSED_GRAPH as graph
    with open_store(None if endpoint else out, url=endpoint, read_only=True) as store:
        result = run_query(store, text, bindings, default_graph=graph)
    _print_result(result, fmt)


@cli.command()
@out_option
@_errors_to_click
@_reads_store
def validate(out):
    """Check the graph in OUT against ontology/shapes.ttl (SHACL); exit 1 on a violation."""
    from kg.publish.validate import validate_store

    with _store(out) as store:
        report = validate_store(store)
    _echo(report.text)
    sys.exit(0 if report.conforms else 1)


@cli.group(cls=_Group)
def lexicon():
    """Check the region packs the extractor reads."""


@lexicon.command(name="check")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def lexicon_check(folder):
    """Check the pack in FOLDER (default: the shipped packs): rows per file, then errors.

    Exits with 1 when a file breaks its schema, naming the file and line.

    \b
    Example:
        kg lexicon check my-region/
    """
    from kg.extract.config import check_packs

    reports = check_packs(None if folder is None else [folder])
    for report in reports:
        _echo(str(report.folder))
        for name, count in report.counts.items():
            _echo(f"  {name:<24} {count:>6}")
        for error in report.errors:
            _echo(f"error: {error}", err=True)
    bad = sum(len(r.errors) for r in reports)
    _echo(f"{bad} error(s)" if bad else "ok")
    sys.exit(1 if bad else 0)


@cli.command(name="eval")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="Folder of gold JSON files.",
)
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also build the graph here and score fusion.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the scores as JSON here.",
)
@click.option(
    "--published", type=click.DateTime(["%Y-%m-%d"]), help="Publication date for files without one."
)
@pack_option
@_errors_to_click
def eval_(gold, inputs, out, json_path, published, packs):
    """Score extraction of INPUTS against the gold annotations in GOLD.

    Without INPUTS, the articles the gold files name are looked up beside them.

    \b
    Example:
        kg eval --gold seeds/corpus/gold --out /tmp/eval
    """
    from kg.evaluate import evaluate, format_scores
    from kg.extract import ExtractorConfig

    scores = evaluate(
        gold,
        inputs,
        out=out,
        published=published.date() if published else None,
        config=ExtractorConfig.from_env(packs),
    )
    _echo(format_scores(scores))
    if json_path:
        json_path.write_text(json.dumps(scores.as_dict(), indent=2), encoding="utf-8")


@cli.command()
@out_option
@click.option("--top", default=10, show_default=True, help="How many rows per ranking.")
@_errors_to_click
@_reads_store
def analyze(out, top):
    """Network analysis of the graph in OUT: centrality, communities, dyads, hotspots, timeline.

    Writes analysis.json, analysis.md and timeline.png into OUT.
    """
    from kg.publish.analysis import analyze as run_analysis
    from kg.publish.analysis import format_table, store_network, write_reports

    with _store(out) as store:
        graph = store_network(store)
    analysis = run_analysis(graph, top=top)
    write_reports(analysis, out)
    _echo(format_table(analysis))


@cli.command()
@out_option
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day of the period.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period.")
@click.option("--admin1", help="Only incidents in this province (e.g. Balochistan).")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default OUT/report.FORMAT).")  # fmt: skip
@_errors_to_click
@_reads_store
def report(out, start, end, admin1, fmt, output):
    """Write a printable brief of the graph in OUT: map, timeline, top actors and dyads,
    incidents with their sources, and the tolls on which sources disagree.

    \b
    Example:
        kg report --from 2024-01-01 --to 2024-12-31 --admin1 Balochistan
    """
    from kg.publish.analysis import store_network
    from kg.publish.report import build_brief, write_report
    from kg.publish.sources import store_sources

    with _store(out) as store:
        graph, sources = store_network(store), store_sources(store)
    day = lambda d: d.date().isoformat() if d else None  # noqa: E731
    brief = build_brief(graph, sources, start=day(start), end=day(end), admin1=admin1)
    target = write_report(brief, output or out / f"report.{fmt}", fmt)
    click.echo(f"{len(brief.incidents)} incidents -> {target}")


@cli.command()
@click.argument("source")
@click.argument("target")
@out_option
@_errors_to_click
@_reads_store
def path(source, target, out):
    """Show how SOURCE and TARGET (names, aliases or IRIs) are connected."""
    from kg.publish.analysis import shortest_paths, store_network

    with _store(out) as store:
        graph = store_network(store)
    paths = shortest_paths(graph, source, target)
    if not paths:
        raise click.ClickException(f"no path between {source} and {target}")
    for found in paths:
        _echo(found.text())


@cli.command()
@out_option
@click.option("--focus", help="Show only the neighbourhood of this node (name, alias or IRI).")
@click.option("--depth", default=2, show_default=True, help="Hops around --focus.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (default OUT/graph.html).",
)
@_errors_to_click
@_reads_store
def view(out, focus, depth, output):
    """Write the offline HTML viewer of the graph in OUT."""
    from kg.publish.analysis import store_network
    from kg.publish.sources import store_sources
    from kg.publish.viewer import render_viewer

    with _store(out) as store:
        graph, sources = store_network(store), store_sources(store)
    target = render_viewer(
        graph, output or out / "graph.html", focus=focus, depth=depth, sources=sources
    )
    _echo(f"wrote {target}")


@cli.command()
@out_option
@click.option(
    "--format", "formats", multiple=True, help="Format to write (repeatable; default all)."
)
@excel_option
@_errors_to_click
@_reads_store
def export(out, formats, excel):
    """Rewrite the export files in OUT (ttl, nt, nq, trig, jsonld, graphml, gexf, cyjs, csv, geojson, neo4j)."""
    from kg.publish.export import DEFAULT_FORMATS
    from kg.publish.export import export as run_export
    from kg.store.embedded import open_store

    store = open_store(out)  # a lock file that cannot be written is a StoreError
    with store:
        files = run_export(store, out, formats=tuple(formats) or DEFAULT_FORMATS, excel=excel)
    for name, file in files.items():
        _echo(f"{name:8} {file}")


@cli.command()
@click.argument("iri")
@out_option
@_errors_to_click
@_reads_store
def why(iri, out):
    """Show the sources and sentences behind a node or event (by IRI)."""
    from kg.publish.provenance import explain

    with _store(out) as store:
        _echo(explain(store, iri))


@cli.command()
@out_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may run.",
)
@click.option(
    "--max-rows",
    default=MAX_ROWS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows returned at most.",
)
@click.option(
    "--max-bytes",
    default=MAX_RESPONSE_BYTES,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest answer, in bytes; a larger one is cut and marked truncated.",
)
@click.option(
    "--max-request-bytes",
    default=MAX_REQUEST_BYTES,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes.",
)
@click.option(
    "--cors", is_flag=True, help="Send CORS headers so browser pages on other origins can query."
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host is NAME (repeatable); others get 403.",
)
@_errors_to_click
@_reads_store
def serve(
    out, host, port, timeout, max_rows, max_bytes, max_request_bytes, workers, cors, allow_hosts
):
    """Answer SPARQL at http://HOST:PORT/sparql, read-only, from the graph in OUT."""
    from kg.serve import serve as run_server

    run_server(
        out,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_bytes=max_bytes,
        max_request_bytes=max_request_bytes,
        workers=workers,
        cors=cors,
        allow_hosts=allow_hosts,
        ready=lambda url: _echo(f"SPARQL endpoint: {url}  (Ctrl-C to stop)"),
    )


@cli.command()
@click.argument("url")
@click.option("--update-url", metavar="URL", help="SPARQL Update endpoint, if not found from URL.")
@click.option(
    "--graph-store-url", metavar="URL", help="Graph Store Protocol endpoint ('' for none)."
)
@click.option("--user", help="User name; the password comes from $KG_STORE_PASSWORD or a prompt.")
@click.option(
    "--auth",
    "scheme",
    type=click.Choice(["basic", "digest"]),
    default="basic",
    show_default=True,
    help="HTTP authentication scheme (Virtuoso wants digest).",
)
@click.option(
    "--no-default-graph",
    is_flag=True,
    help="Write the fused graph only as id:graph/fused (stores without their own default graph, e.g. Virtuoso).",
)
@out_option
@_errors_to_click
@_reads_store
def push(url, update_url, graph_store_url, user, scheme, no_default_graph, out):
    """Copy the graph in OUT (one named graph per article) to the SPARQL 1.1 store at URL.

    The fused graph goes to the default graph and to the named graph id:graph/fused.

    \b
    Example:
        KG_STORE_PASSWORD=... kg push http://localhost:7878 --user admin --out exports/
    """
    import os

    from kg.store.push import push as run_push
    from kg.store.remote import PASSWORD_ENV_VAR, http_auth

    auth = None
    if user:
        password = os.environ.get(PASSWORD_ENV_VAR)
        if password is None:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
        auth = http_auth(user, password, scheme)
    report = run_push(
        out,
        url,
        update_url=update_url,
        gsp_url=graph_store_url,
        auth=auth,
        default_graph=not no_default_graph,
    )
    _echo(report.summary())


def _store(out: Path):
    from kg.store.embedded import open_store

    return open_store(out, read_only=True)


def _split_param(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key.strip():
        raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--param")
    return key.strip().lstrip("?$"), val


def _json_cell(cell):
    from decimal import Decimal

    from rdflib import Literal

    if cell is None:
        return None
    value = cell.toPython() if isinstance(cell, Literal) else cell
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(cell)


def _print_result(result, fmt: str) -> None:
    if result.boolean is not None:
        _echo("true" if result.boolean else "false")
        return
    if result.graph is not None:
        _echo_data(result.graph.serialize(format="turtle"))
        return
    header = [str(v) for v in result.vars]
    if fmt == "json":
        # Numbers and booleans as JSON numbers and booleans; dates and the rest as text.
        records = [
            {name: _json_cell(cell) for name, cell in zip(header, row, strict=True)}
            for row in result.rows
        ]
        _echo_data(json.dumps(records, indent=2, ensure_ascii=False), json=True)
        return
    rows = [["" if cell is None else str(cell) for cell in row] for row in result.rows]
    if fmt in ("csv", "tsv"):
        import csv

        if sys.stdout.isatty():  # exact when piped, inert on a terminal
            rows = [[printable(cell) for cell in row] for row in rows]
        writer = csv.writer(
            sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n"
        )
        writer.writerow(header)
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # Cells are article text: as Text, "[/]" or "[link=...]" in a title is shown as
        # written instead of being read as Rich markup (or failing to parse as it), and
        # escaped, because Rich passes OSC sequences (window titles, hyperlinks) through.
        table = Table(show_lines=False)
        for name in header:
            table.add_column(Text(name))
        for row in rows:
            table.add_row(*(Text(printable(cell)) for cell in row))
        Console(emoji=False, markup=False, highlight=False).print(table)
        _echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)


class _progress:
    """A rich progress bar on a terminal when there are more than a handful of files."""

    def __init__(self, inputs):
        self.inputs = inputs
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from kg.ingest import find_input_files

        total = sum(1 for _ in find_input_files(self.inputs))
        if total <= 5:
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("building", total=total)
        return lambda name, outcome: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False
