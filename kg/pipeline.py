"""The main job: input files -> extraction -> per-article graphs -> fused graph -> files.

:func:`build` streams documents through the extractor one batch at a time (in this
process, in ``jobs`` worker processes, or on a Dask cluster), maps each to N-Triples
text, and writes it to the store: new articles bulk-loaded a batch at a time, a changed
one replacing its old graph in a transaction of its own, so an interrupted build loses at
most the batch in flight and a rerun completes it. Articles whose
text and metadata are unchanged since the last build, and that were extracted with the same
packs and extractor version (the config's fingerprint, kept per article in
``extracted.jsonl`` beside the store), are skipped; a changed article
replaces what it said before, and its own nodes in the default graph with it. The fused
part of the default graph is then derived again from all the named graphs (see
:mod:`kg.graph.fusion`), and the export files are rewritten, unless nothing they are
derived from changed since they were written (``outputs.json``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core import budget
from kg.core.errors import InputError, InputWarning, KgError, StoreError
from kg.core.files import atomic_write
from kg.core.model import Document
from kg.core.output import prepare_output_folder
from kg.core.packs import default_country as default_pack_country
from kg.ingest import load_documents

if TYPE_CHECKING:  # the extractor (and spaCy) load only when a build runs
    from kg.extract.config import ExtractorConfig
    from kg.graph.mapping import DocumentRdf

__all__ = [
    "BuildReport",
    "build",
    "refresh_outputs",
    "outputs_state",
    "process_batch",
    "DEFAULT_OUT",
    "DEFAULT_TIME_LIMIT",
]

DEFAULT_OUT = Path("exports")
#: Seconds one document may take to extract before it is reported and skipped. A 1 MB
#: article of ordinary news takes about 7 s here; the limit is a backstop for text that
#: makes the extractor slow in ways the input bounds do not foresee.
DEFAULT_TIME_LIMIT = 120.0
log = logging.getLogger(__name__)
#: Articles mapped before they are written and logged.
_WRITE_BATCH = 64
#: Documents extracted together (spaCy's nlp.pipe batches; one task of a worker).
_EXTRACT_BATCH = 64

#: Called after each document: (document id or file, outcome) where outcome is
#: "built", "unchanged" or "failed".
Progress = Callable[[str, str], None]


@dataclass
class BuildReport:
    """What one :func:`build` did.

    ``errors`` name the files (or records) that were not built; ``warnings`` those that
    were built from part of their text (cut at :data:`kg.ingest.limits.MAX_CHARS`, or long
    runs without a space cut) or skipped as copies of another document. A build with
    warnings only is still :attr:`ok`. ``pruned`` lists the articles removed because they
    are no longer in the inputs (``prune=True``).
    """

    out: Path
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
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
            parts.append(f"{len(self.warnings)} warned")
        if self.pruned:
            parts.append(f"{len(self.pruned)} pruned")
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
    config: ExtractorConfig | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    follow_links: bool = False,
    prune: bool = False,
    excel: bool = False,
    jobs: int = 1,
    cluster=None,
) -> BuildReport:
    """Extract the documents under ``inputs`` into the graph stored in ``out``.

    Args:
        inputs: files and folders (see :mod:`kg.ingest.reader` for the formats).
        out: the output folder; it holds the embedded store and the exported files.
        published: publication date for documents that carry none.
        force: re-extract documents even when they are unchanged since the last build,
            and write into an ``out`` that holds other files but no earlier build.
        formats: export formats (default: all of :data:`kg.publish.export.DEFAULT_FORMATS`).
        viewer: also write ``graph.html``.
        progress: called after every document.
        config: the packs the extractor reads (default: the shipped ones and
            ``$KG_LEXICONS``'s); a change to any of their files re-extracts every article.
        time_limit: seconds one document may take to extract before it is reported as
            failed and the build goes on (``None``: no limit).
        follow_links: also read folders that links inside an input folder lead to
            outside it.
        prune: remove from the graph the articles that are no longer in ``inputs``.
        excel: write the CSV tables for Excel (see :func:`kg.publish.export.export`).
        jobs: processes that extract and map (0: one per core); the graph is the same.
        cluster: a Dask scheduler's address (or a ``distributed`` cluster or client) whose
            workers extract and map instead; needs ``pip install 'conflict-kg[cluster]'``
            and kg installed on the workers. The graph is the same.

    Returns:
        A :class:`BuildReport`; ``report.errors`` lists every file that failed, each
        naming the file and the problem. Nothing already stored is lost on failure.
    """
    from kg.extract import ExtractorConfig
    from kg.store.embedded import open_store

    out = prepare_output_folder(out, force=force)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    report = BuildReport(out=out)
    notify = progress or (lambda _name, _outcome: None)
    config = config if config is not None else ExtractorConfig.from_env()
    fingerprint = config.fingerprint()
    extracted = _read_fingerprints(out)
    fusion_key = _fusion_key(fingerprint)
    with _closing(open_store(out)) as store, _fingerprint_log(out) as log_built:
        stored = store.documents()
        seen: set[str] = set()
        # What the last build kept, to fuse and export again only what this one changes.
        plan = _RebuildPlan(out, fusion_key)

        def pending() -> Iterator[Document]:
            for item in load_documents(
                inputs, published=published, warn=report.warnings.append, follow_links=follow_links
            ):
                if isinstance(item, Document):
                    seen.add(item.id)
                if isinstance(item, InputError):
                    report.errors.append(item)
                    notify(item.path, "failed")
                elif (
                    not force
                    and stored.get(item.id) == item.content_hash
                    and extracted.get(item.id) == fingerprint
                ):
                    report.unchanged.append(item.id)
                    notify(item.id, "unchanged")
                else:
                    yield item

        batch: list = []

        def write_batch() -> None:
            # Each article is written in a transaction of its own; one stored but not yet
            # logged when the build is interrupted is only extracted again on the next run.
            if batch:
                plan.forget()
            fresh = [item for item in batch if item.doc_id not in stored]
            replaced = [item for item in batch if item.doc_id in stored]
            plan.remember(store, [item.doc_id for item in replaced])
            store.write_documents(fresh, new=True)
            store.write_documents(replaced)
            for item in batch:
                stored[item.doc_id] = item.content_hash  # a later copy of it replaces it
                log_built(item.doc_id, fingerprint)
                report.built.append(item.doc_id)
                notify(item.doc_id, "built")
            batch.clear()

        results = _extracted(pending(), config, time_limit, jobs, cluster)
        for doc_id, where, result in results:
            if isinstance(result, str):
                report.errors.append(InputError(where, result))
                notify(doc_id, "failed")
                continue
            report.warnings += [InputWarning(where, w) for w in result.warnings]
            if any(item.doc_id == result.doc_id for item in batch):
                write_batch()  # two inputs with one id: the later replaces the earlier
            batch.append(result)
            if len(batch) >= _WRITE_BATCH:
                write_batch()
        write_batch()
        if prune:
            _prune(store, stored, seen, report, before=plan.before_removing)
        country = default_pack_country(config.folders())
        options = {
            "formats": tuple(formats) if formats else None,
            "viewer": viewer,
            "default_country": (country.name or country.code) if country else None,
            "excel": excel,
        }
        # The files are derived from the stored articles and these options alone: when
        # neither changed since the files were last written, fusing and exporting again
        # would write the same bytes.
        if report.built or report.pruned:
            stored = store.documents()
        state = outputs_state(stored, fingerprint, options)
        if report.built or report.pruned or not _reuse_outputs(out, state, report):
            refresh_outputs(
                store,
                out,
                report=report,
                rebuild=plan.ready(report.built, state, stored),
                **options,
            )
            _write_outputs_state(out, state, report)
    return report


def _prune(
    store,
    stored: Iterable[str],
    seen: set[str],
    report: BuildReport,
    before: Callable[[object, str], None] = lambda _store, _doc_id: None,
) -> None:
    """Remove the stored articles that are no longer in the inputs; fusion runs after.

    An article whose file could not be read this time is kept: the file is still there.
    Its id is only known from the file's name (``name``, ``folder/name``, ``name-LINE``
    for a feed), so an id its metadata gave is not protected. A folder that could not be
    listed hides which articles it holds, so then nothing is pruned.
    """
    failed: set[str] = set()
    for error in report.errors:
        if not isinstance(error, InputError) or error.line is not None:
            continue  # one record of a feed: the rest of the feed was read
        path = Path(error.path)
        try:
            unlisted = path.is_dir()
        except OSError:  # not even its kind can be known: assume the worst
            unlisted = True
        if unlisted:
            report.warnings.append(
                InputWarning(error.path, "could not be read, so no article was pruned")
            )
            return
        failed.add(path.stem)

    def kept(doc_id: str) -> bool:
        name = doc_id.rsplit("/", 1)[-1]
        return doc_id in seen or name in failed or name.rsplit("-", 1)[0] in failed

    for doc_id in sorted(d for d in stored if not kept(d)):
        before(store, doc_id)
        store.remove_document(doc_id)
        report.pruned.append(doc_id)


# Which config fingerprint extracted each stored article: one JSON object a line, the last
# line for an id wins. Kept beside the store rather than in the graph, so that the graph
# (and its golden files) does not change when a pack does.
_FINGERPRINTS = "extracted.jsonl"


def _read_fingerprints(out: Path) -> dict[str, str]:
    """Article id -> fingerprint of the config that extracted it (none for older stores)."""
    try:
        lines = (out / _FINGERPRINTS).read_text(encoding="utf-8").split("\n")
    except (FileNotFoundError, UnicodeDecodeError):
        return {}
    seen = {}
    for line in lines:
        with suppress(ValueError, KeyError, TypeError):
            record = json.loads(line)
            seen[record["id"]] = record["fingerprint"]
    return seen


@contextmanager
def _fingerprint_log(out: Path):
    """Append ``(id, fingerprint)`` as each article is stored; an interrupted build keeps
    what it stored, and an article stored but not logged is only extracted again."""
    path = out / _FINGERPRINTS
    try:
        handle = path.open("a", encoding="utf-8")
    except OSError as error:
        raise KgError(f"cannot write {path}: {error.strerror or error}") from None

    def log_built(doc_id: str, fingerprint: str) -> None:
        # ensure_ascii: an id's line breaks and separators are escaped, one record a line.
        handle.write(json.dumps({"id": doc_id, "fingerprint": fingerprint}) + "\n")
        handle.flush()

    try:
        yield log_built
    finally:
        handle.close()


# What the export files were last derived from, and the report's counts for them.
_OUTPUTS_STATE = "outputs.json"


def _fusion_key(fingerprint: str) -> str:
    """What the fusion state depends on besides the articles: the code and the packs."""
    return hashlib.sha256(json.dumps([_code_stamp(), fingerprint]).encode()).hexdigest()


class _RebuildPlan:
    """What the last build kept to redo only what changed: the fusion state
    (:mod:`kg.graph.incremental`) and the export index (:mod:`kg.publish.formats.segmented`).

    Both are read before this build changes the store and marked stale on disk before its
    first change, so a build interrupted after it redoes everything. The fusion state is
    used only when ``outputs.json`` still names the outputs of the build that kept it.
    """

    def __init__(self, out: Path, key: str):
        from kg.graph.incremental import open_state
        from kg.publish.formats.segmented import load_index
        from kg.publish.incremental import OutputsCache

        self.out = out
        self.state = open_state(out, key, token=_saved_outputs_state(out))
        self.index = load_index(out)
        self.outputs = OutputsCache(out).usable if self.state.usable else set()
        self._forgotten = False

    def remember(self, store, doc_ids: list[str]) -> None:
        """Read what these stored articles say before this build replaces them."""
        self.state.remember(store, doc_ids)

    def before_removing(self, store, doc_id: str) -> None:
        self.forget()
        self.remember(store, [doc_id])

    def forget(self) -> None:
        if not self._forgotten:
            from kg.publish.formats.segmented import forget_index
            from kg.publish.incremental import forget_cache

            self.state.forget()
            forget_index(self.out)
            forget_cache(self.out)
            self._forgotten = True

    def ready(self, changed: Iterable[str], token: str, digests: dict[str, str]) -> dict:
        """The ``rebuild`` argument of :func:`refresh_outputs`."""
        return {
            "state": self.state,
            "token": token,
            "changed": list(changed),
            "digests": digests,
            "index": self.index,
            "outputs": self.outputs,
        }


def _saved_outputs_state(out: Path) -> str | None:
    try:
        return str(json.loads((out / _OUTPUTS_STATE).read_text(encoding="utf-8"))["state"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def outputs_state(stored: dict[str, str], fingerprint: str, options: dict) -> str:
    """A fingerprint of what the export files are derived from.

    Args:
        stored: every stored article's id and content hash (:meth:`GraphStore.documents`).
        fingerprint: the extractor config's fingerprint.
        options: the export options (formats, viewer, default country).

    >>> outputs_state({"a": "1"}, "f", {}) == outputs_state({"a": "1"}, "f", {})
    True
    """
    digest = hashlib.sha256()
    digest.update(json.dumps([_code_stamp(), fingerprint, options], default=str).encode())
    for doc_id in sorted(stored):
        digest.update(json.dumps([doc_id, stored[doc_id]]).encode())
    return digest.hexdigest()


def _code_stamp() -> list:
    """The name, size and time of every module of kg: the exports change with the code."""
    package = Path(__file__).resolve().parent
    stamp = []
    for path in sorted(package.rglob("*.py")):
        with suppress(OSError):
            info = path.stat()
            stamp.append([str(path.relative_to(package)), info.st_size, info.st_mtime_ns])
    return stamp


def _reuse_outputs(out: Path, state: str, report: BuildReport) -> bool:
    """True, with ``report`` filled in, when the files in ``out`` were derived from ``state``."""
    try:
        saved = json.loads((out / _OUTPUTS_STATE).read_text(encoding="utf-8"))
        if saved["state"] != state:
            return False
        files = {name: out / path for name, path in saved["files"].items()}
        if not all(path.is_file() for path in files.values()):
            return False  # a file was removed since: write them all again
        counts = [int(saved[key]) for key in ("documents", "entities", "events", "triples")]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    report.files = files
    report.documents, report.entities, report.events, report.triples = counts
    return True


def _write_outputs_state(out: Path, state: str, report: BuildReport) -> None:
    record = {
        "state": state,
        "files": {name: os.path.relpath(path, out) for name, path in report.files.items()},
        "documents": report.documents,
        "entities": report.entities,
        "events": report.events,
        "triples": report.triples,
    }
    atomic_write(out / _OUTPUTS_STATE, lambda fh: fh.write(json.dumps(record).encode()))


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


def _extracted(
    documents: Iterator[Document],
    config: ExtractorConfig,
    seconds: float | None,
    jobs: int,
    cluster=None,
) -> Iterator[tuple[str, str, DocumentRdf | str]]:
    """Extract and map ``documents``, in their order (see :func:`process_batch`).

    With ``jobs`` above 1, worker processes extract and map, a batch each at a time, while
    this process writes; the first batch runs here, so a build of a few changed articles
    starts no process. The results are the same either way (a test checks it).
    """
    batches = _batches(documents, _EXTRACT_BATCH)
    first = next(batches, None)
    if first is None:
        return
    yield from process_batch(first, config, seconds)
    if cluster is not None:
        yield from _on_cluster(batches, cluster, config, seconds)
        return
    if jobs <= 1:
        for batch in batches:
            yield from process_batch(batch, config, seconds)
        return
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: this process holds the open store and its threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(config,)
    ) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.submit(process_batch, batch, config, seconds))
            # A few batches in flight per worker: enough to keep each busy, few enough
            # that memory stays flat however many documents stream in.
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _on_cluster(batches, cluster, config: ExtractorConfig, seconds: float | None):
    """Run :func:`process_batch` on a Dask cluster's workers, results in input order."""
    try:
        from distributed import Client
    except ImportError:
        raise KgError(
            "a build on a cluster needs Dask: pip install 'conflict-kg[cluster]'"
        ) from None
    client = cluster if isinstance(cluster, Client) else Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for batch in batches:
            # pure=False: two batches of equal documents are still two tasks.
            pending.append(client.submit(process_batch, batch, config, seconds, pure=False))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        if client is not cluster:
            client.close()


def _batches(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_worker(config: ExtractorConfig) -> None:
    from kg.extract import build_nlp

    build_nlp(config)


def process_batch(
    batch: list[Document], config: ExtractorConfig, seconds: float | None = None
) -> list[tuple[str, str, DocumentRdf | str]]:
    """Extract and map one batch of documents.

    Returns:
        ``(doc id, its file or id, its graph)`` for each document, in order; for one
        the extractor or the mapping failed on, or that took more than ``seconds`` to
        extract, the problem in words instead of a graph. Plain values only: a worker
        process sends them back.
    """
    from kg.extract import build_nlp, extract_many
    from kg.graph.mapping import document_rdf

    # Loading the pipeline (about a second) is not any document's time, and stopping it
    # halfway would leave nothing to extract with.
    build_nlp(config)
    results: list[tuple[str, str, DocumentRdf | str]] = []
    for document, extraction, problem in _extract_batch(
        partial(extract_many, config=config), batch, seconds
    ):
        if extraction is not None:
            try:
                results.append(
                    (document.id, document.path or document.id, document_rdf(extraction))
                )
                continue
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the build
                log.debug("mapping failed", exc_info=True)
                problem = f"mapping to RDF failed: {type(error).__name__}: {error}"
        results.append((document.id, document.path or document.id, problem))
    return results


def _extract_batch(extract_many, batch: list[Document], seconds: float | None = None):
    """Yield ``(document, extraction, None)``, or ``(document, None, problem)`` when it failed."""
    # Extractions are handed on one at a time, so only one finished extraction is held.
    # Each step of the stream gets one document's time; when one runs over or fails,
    # the documents from it on are run again one by one under the limit, so at most one
    # limit's worth of work is lost.
    stream, done = None, 0
    try:
        while True:
            with budget.time_limit(seconds):
                stream = iter(extract_many(batch)) if stream is None else stream
                extraction = next(stream, None)
            if extraction is None:
                return
            done += 1
            yield extraction.document, extraction, None
    except (Exception, budget.TimeLimitExceeded):  # noqa: BLE001 - isolate the document, below
        getattr(stream, "close", lambda: None)()
    for document in batch[done:]:
        try:
            with budget.time_limit(seconds):
                extractions = list(extract_many([document]))
        except budget.TimeLimitExceeded:
            problem = f"extraction took more than {seconds:g} s and was stopped"
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the build
            log.debug("extraction failed", exc_info=True)
            problem = f"extraction failed: {type(error).__name__}: {error}"
        else:
            for extraction in extractions:
                yield extraction.document, extraction, None
            continue
        yield document, None, problem


def refresh_outputs(
    store,
    out: Path,
    *,
    formats=None,
    viewer: bool = True,
    report: BuildReport | None = None,
    default_country: str | None = None,
    excel: bool = False,
    rebuild: dict | None = None,
):
    """Re-fuse the default graph from the stored articles and rewrite the export files.

    ``default_country`` names the events table's country for an event with no place
    (default: the shipped region pack's). ``rebuild``, from :func:`build`, lets the
    embedded store fuse again only what changed since the last build
    (:func:`kg.graph.incremental.refresh_fused_incrementally`) and rewrite only those
    parts of the RDF files (:mod:`kg.publish.formats.segmented`); without it everything
    is fused and written again.
    """
    from kg.publish.export import DEFAULT_FORMATS, start_rdf_files
    from kg.publish.formats.segmented import forget_index

    report = report or BuildReport(out=out)
    forget_index(out)  # the files are about to disagree with it
    formats = tuple(formats) if formats else DEFAULT_FORMATS
    # The RDF files need only the store: a large graph's are written by another process
    # (kg.publish.formats.background), which renders the named graphs while fusion runs
    # when the files are written whole, and the rest once it is done.
    whole = rebuild is None or rebuild["index"] is None
    rdf_files = start_rdf_files(store, out, formats, prepare=whole)
    try:
        return _refresh(
            store, out, formats, viewer, report, default_country, excel, rebuild, rdf_files
        )
    finally:
        if rdf_files is not None:
            rdf_files.cancel()  # nothing left to stop unless something failed


def _refresh(
    store, out, formats, viewer, report, default_country, excel, rebuild, rdf_files
) -> BuildReport:
    """Fusion, then :func:`_derive_and_write`, for :func:`refresh_outputs`."""
    from kg.graph.fusion import refresh_fused
    from kg.graph.incremental import forget_state, refresh_fused_incrementally
    from kg.graph.mapping import graph_iri
    from kg.publish.formats.segmented import Changes
    from kg.sparql.named import internal_query
    from kg.store.terms import paused_gc

    rdf, change = {}, None
    if rebuild is not None and hasattr(store, "change_fused_part"):
        digests = {str(graph_iri(doc)): digest for doc, digest in rebuild["digests"].items()}
        # Fusion makes hundreds of thousands of small acyclic objects; a full collection
        # meanwhile would walk everything this process holds, the extractor's models too.
        with paused_gc():
            change = refresh_fused_incrementally(
                store,
                rebuild["state"],
                token=rebuild["token"],
                changed=rebuild["changed"],
                digests=rebuild["digests"],
            )
        rdf = {
            "digests": digests,
            "index": rebuild["index"],
            "changes": Changes(
                docs={str(graph_iri(doc)) for doc in rebuild["changed"]},
                fused=None if change.full else {str(s) for s in change.subjects},
            ),
        }
    else:
        forget_state(out)  # it would no longer describe the fused part
        with paused_gc():
            refresh_fused(store)
    if rdf_files is not None:
        rdf_files.go(**rdf)
    # The network, the tables' rows and the viewer's sources: derived again only where the
    # fused graph changed, when the embedded store kept them (kg.publish.incremental).
    derived = None
    if hasattr(store, "unit_quads"):
        from kg.publish.incremental import Changed, Derived

        changed = None
        if rdf and rdf["changes"].fused is not None:
            changed = Changed(rdf["changes"].fused, {str(s) for s in change.incidents})
        usable = rebuild["outputs"] if rebuild is not None else set()
        derived = Derived(store, out, changed, usable, default_country)
        if rdf_files is not None:  # as large a graph: its network and tables meanwhile too
            derived.start(_derived_parts(formats, viewer))
    try:
        _derive_and_write(
            store, out, formats, viewer, report, derived, default_country, excel, rdf, rdf_files
        )
    finally:
        if derived is not None:
            derived.stop()
    counts = store.query(internal_query("counts")).rows[0]
    report.documents, report.entities, report.events = (
        int(v.toPython()) if v is not None else 0 for v in counts
    )
    report.triples = store.quad_count()
    return report


def _derived_parts(formats, viewer: bool) -> set[str]:
    """What of the network and the tables this refresh uses."""
    from kg.publish.export import NETWORK_FORMATS

    parts = {"network"} if viewer or set(NETWORK_FORMATS) & set(formats) else set()
    return parts | ({"tables"} if {"csv", "geojson"} & set(formats) else set())


def _derive_and_write(
    store, out, formats, viewer, report, derived, default_country, excel, rdf, rdf_files
) -> None:
    """The network, the tables, the export files and the viewer of :func:`refresh_outputs`."""
    from kg.publish.export import NETWORK_FORMATS, export

    network = tables = None
    if derived and viewer:  # while another process may derive the network
        derived.sources()
    if viewer or set(NETWORK_FORMATS) & set(formats):  # one projection for all of them
        from kg.publish.analysis import store_network

        network = derived.network() if derived else store_network(store)
    if derived and {"csv", "geojson"} & set(formats):
        tables = derived.tables()
    try:
        report.files = export(
            store,
            out,
            formats=formats,
            network=network,
            default_country=default_country,
            excel=excel,
            tables=tables,
            rdf_files=rdf_files,
            **rdf,
        )
        if viewer:
            from kg.publish.sources import store_sources
            from kg.publish.viewer import render_viewer

            report.files["html"] = render_viewer(
                network,
                out / "graph.html",
                sources=derived.sources() if derived else store_sources(store),
            )
        if derived:
            derived.save()
    except OSError as error:
        # The files are written under temporary names and renamed, so the previous
        # versions are still whole; say which write failed instead of a traceback.
        where = f" {error.filename}" if error.filename else f" in {out}"
        raise KgError(f"cannot write the export files{where}: {error.strerror or error}") from None
