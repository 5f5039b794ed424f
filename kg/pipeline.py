"""The main job: input files -> extraction -> per-article graphs -> fused graph -> files.

:func:`build` streams documents through the extractor one batch at a time and writes
each article's named graph to the store in its own transaction, so an interrupted
build loses at most the article in flight and a rerun completes it. Articles whose
text and metadata are unchanged since the last build are skipped; a changed article
replaces what it said before, and its own nodes in the default graph with it. The fused
part of the default graph is then derived again from all the named graphs (see
:mod:`kg.graph.fusion`), and the export files are rewritten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.core.errors import InputError, InputWarning, KgError, StoreError
from kg.core.model import Document
from kg.ingest.reader import load_documents

__all__ = ["BuildReport", "build", "refresh_outputs", "DEFAULT_OUT"]

DEFAULT_OUT = Path("exports")
log = logging.getLogger(__name__)

#: Called after each document: (document id or file, outcome) where outcome is
#: "built", "unchanged" or "failed".
Progress = Callable[[str, str], None]


@dataclass
class BuildReport:
    """What one :func:`build` did.

    ``errors`` name the files (or records) that were not built; ``warnings`` those that
    were built from part of their text (cut at :data:`kg.ingest.reader.MAX_CHARS`). A build
    with warnings only is still :attr:`ok`.
    """

    out: Path
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    documents: int = 0
    entities: int = 0
    events: int = 0
    triples: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: what was read and what the graph now holds."""
        parts = [f"{len(self.built)} built"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if self.warnings:
            parts.append(f"{len(self.warnings)} cut short")
        return (
            f"{self.documents:,} documents ({', '.join(parts)}), {self.entities:,} entities, "
            f"{self.events:,} events, {self.triples:,} triples -> {self.out}/"
        )


def build(
    inputs: Iterable[str | Path],
    out: str | Path = DEFAULT_OUT,
    *,
    published: date | None = None,
    force: bool = False,
    formats: Iterable[str] | None = None,
    viewer: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Extract the documents under ``inputs`` into the graph stored in ``out``.

    Args:
        inputs: files and folders (see :mod:`kg.ingest.reader` for the formats).
        out: the output folder; it holds the embedded store and the exported files.
        published: publication date for documents that carry none.
        force: re-extract documents even when they are unchanged since the last build.
        formats: export formats (default: all of :data:`kg.publish.export.DEFAULT_FORMATS`).
        viewer: also write ``graph.html``.
        progress: called after every document.

    Returns:
        A :class:`BuildReport`; ``report.errors`` lists every file that failed, each
        naming the file and the problem. Nothing already stored is lost on failure.
    """
    from kg.extract import extract_many
    from kg.graph.mapping import document_graph
    from kg.store.embedded import open_store

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KgError(f"cannot create the output folder {out}: {error.strerror or error}") from None
    report = BuildReport(out=out)
    notify = progress or (lambda _name, _outcome: None)
    with _closing(open_store(out)) as store:
        stored = store.documents()

        def pending() -> Iterator[Document]:
            for item in load_documents(inputs, published=published, warn=report.warnings.append):
                if isinstance(item, InputError):
                    report.errors.append(item)
                    notify(item.path, "failed")
                elif not force and stored.get(item.id) == item.content_hash:
                    report.unchanged.append(item.id)
                    notify(item.id, "unchanged")
                else:
                    yield item

        for extraction in _safe_extract(extract_many, pending(), report, notify):
            document = extraction.document
            try:
                graph = document_graph(extraction)
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the build
                log.debug("mapping failed", exc_info=True)
                report.errors.append(
                    InputError(
                        document.path or document.id,
                        f"mapping to RDF failed: {type(error).__name__}: {error}",
                    )
                )
                notify(document.id, "failed")
                continue
            store.replace_document(document.id, graph)
            report.built.append(document.id)
            notify(document.id, "built")
        refresh_outputs(store, out, formats=formats, viewer=viewer, report=report)
    return report


@contextmanager
def _closing(store):
    """Close ``store`` on the way out without letting a failing close hide the first error.

    On a full disk the write that fails is reported; the flush on closing then fails
    the same way and would otherwise replace that message with a bare OSError.
    """
    try:
        yield store
    except BaseException:
        with suppress(Exception):
            store.close()
        raise
    try:
        store.close()
    except OSError as error:
        raise StoreError(f"cannot write the store in {_store_path(store)}: {error}") from None


def _store_path(store) -> str:
    return str(getattr(store, "path", "") or getattr(store, "url", "") or "the store")


def _safe_extract(
    extract_many, documents: Iterator[Document], report: BuildReport, notify: Progress
):
    """Run the extractor; a document it fails on is reported and skipped, not fatal."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= 64:
            yield from _extract_batch(extract_many, batch, report, notify)
            batch = []
    if batch:
        yield from _extract_batch(extract_many, batch, report, notify)


def _extract_batch(extract_many, batch: list[Document], report: BuildReport, notify: Progress):
    try:
        yield from list(extract_many(batch))
    except Exception:  # noqa: BLE001 - isolate the failing document, below
        for document in batch:
            try:
                yield from list(extract_many([document]))
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the build
                log.debug("extraction failed", exc_info=True)
                report.errors.append(
                    InputError(
                        document.path or document.id,
                        f"extraction failed: {type(error).__name__}: {error}",
                    )
                )
                notify(document.id, "failed")


def refresh_outputs(
    store, out: Path, *, formats=None, viewer: bool = True, report: BuildReport | None = None
):
    """Re-fuse the default graph from the stored articles and rewrite the export files."""
    from kg.graph.fusion import refresh_fused
    from kg.publish.export import DEFAULT_FORMATS, NETWORK_FORMATS, export
    from kg.sparql.named import internal_query

    report = report or BuildReport(out=out)
    refresh_fused(store)
    formats = tuple(formats) if formats else DEFAULT_FORMATS
    network = None
    if viewer or set(NETWORK_FORMATS) & set(formats):  # one projection for all of them
        from kg.publish.analysis import store_network

        network = store_network(store)
    try:
        report.files = export(store, out, formats=formats, network=network)
        if viewer:
            from kg.publish.sources import store_sources
            from kg.publish.viewer import render_viewer

            report.files["html"] = render_viewer(
                network, out / "graph.html", sources=store_sources(store)
            )
    except OSError as error:
        # The files are written under temporary names and renamed, so the previous
        # versions are still whole; say which write failed instead of a traceback.
        where = f" {error.filename}" if error.filename else f" in {out}"
        raise KgError(f"cannot write the export files{where}: {error.strerror or error}") from None
    counts = store.query(internal_query("counts")).rows[0]
    report.documents, report.entities, report.events = (
        int(v.toPython()) if v is not None else 0 for v in counts
    )
    report.triples = store.quad_count()
    return report
