"""Incremental builds: new files add, unchanged files change nothing, changed files replace."""

from __future__ import annotations

import pytest

import kg
from kg.store.embedded import open_store

FIRST = "Gunmen shot dead four Levies personnel at a checkpost in Panjgur district on Monday."
SECOND = "A roadside bomb killed two policemen in Khuzdar district on Monday."
COUNT = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ckg:Event }"
PLACES = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT DISTINCT ?l WHERE { ?e a ckg:Event ; ckg:location/ckg:partOf*/rdfs:label ?l }"
)


def _write(folder, name, text):
    path = folder / name
    path.write_text(f"---\npublished: 2025-02-10\n---\n{text}\n", encoding="utf-8")
    return path


def _labels(out):
    with open_store(out, read_only=True) as store:
        return {str(row[0]) for row in store.query(PLACES).rows}


def test_build_adds_new_documents_to_the_store(tmp_path):
    kg.build([_write(tmp_path, "a.md", FIRST)], tmp_path / "out")
    report = kg.build([_write(tmp_path, "b.md", SECOND)], tmp_path / "out")
    assert report.documents == 2
    assert {"Panjgur District", "Khuzdar District"} <= _labels(tmp_path / "out")


@pytest.mark.parametrize("force", [False, True])
def test_build_unchanged_file_changes_nothing(tmp_path, force):
    path = _write(tmp_path, "a.md", FIRST)
    first = kg.build([path], tmp_path / "out")
    again = kg.build([path], tmp_path / "out", force=force)
    assert again.triples == first.triples
    assert again.unchanged == ([] if force else ["a"])


def test_build_changed_file_replaces_what_it_said(tmp_path):
    path = _write(tmp_path, "a.md", FIRST)
    kg.build([path], tmp_path / "out")
    _write(tmp_path, "a.md", SECOND)
    report = kg.build([path], tmp_path / "out")
    assert report.built == ["a"]
    labels = _labels(tmp_path / "out")
    assert "Khuzdar District" in labels and "Panjgur District" not in labels


THIRD = "Militants of the BLA attacked a Frontier Corps camp near Turbat on Monday, killing three soldiers."


def _files(report):
    return {
        name: (path.stat().st_mtime_ns, path.read_bytes()) for name, path in report.files.items()
    }


@pytest.mark.parametrize("viewer", [True, False])
def test_build_unchanged_rebuild_writes_no_file(tmp_path, viewer):
    paths = [_write(tmp_path, "a.md", FIRST), _write(tmp_path, "b.md", SECOND)]
    first = kg.build(paths, tmp_path / "out", viewer=viewer)
    again = kg.build(paths, tmp_path / "out", viewer=viewer)
    assert _files(again) == _files(first)
    assert (again.documents, again.events, again.triples) == (
        first.documents,
        first.events,
        first.triples,
    )


def test_build_removed_export_file_is_written_again(tmp_path):
    path = _write(tmp_path, "a.md", FIRST)
    first = kg.build([path], tmp_path / "out")
    first.files["events"].unlink()
    kg.build([path], tmp_path / "out")
    assert first.files["events"].is_file()


@pytest.mark.parametrize(
    "changed",
    [
        "A roadside bomb killed five policemen in Khuzdar district on Tuesday.",
        "Gunmen shot dead four Levies personnel at a checkpost in Turbat on Monday.",
    ],
)
def test_build_one_changed_article_gives_what_a_fresh_build_gives(tmp_path, changed):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, text in (("a.md", FIRST), ("b.md", SECOND), ("c.md", THIRD)):
        _write(inputs, name, text)
    kg.build([inputs], tmp_path / "again")
    _write(inputs, "a.md", changed)
    again = kg.build([inputs], tmp_path / "again")
    fresh = kg.build([inputs], tmp_path / "fresh")
    assert again.built == ["a"]
    for name in ("nq", "events", "entities"):
        lines = [sorted(r.files[name].read_text().splitlines()) for r in (again, fresh)]
        assert lines[0] == lines[1], name


def test_build_rdf_files_written_by_a_second_process_are_the_same_bytes(tmp_path, monkeypatch):
    """A large graph's RDF files are written by another process during the refresh, and its
    tables derived by a third (kg.publish.formats.background), in a fresh build and in a
    rebuild."""
    import os

    import kg.publish.formats.background as background

    fresh, more = tmp_path / "fresh", tmp_path / "more"
    for folder, texts in ((fresh, (FIRST, SECOND)), (more, (FIRST, SECOND, THIRD))):
        folder.mkdir()
        for name, text in zip(("a.md", "b.md", "c.md"), texts, strict=False):
            _write(folder, name, text)

    def files(inputs, out):
        report = kg.build([inputs], out)
        return {name: path.read_bytes() for name, path in report.files.items()}

    here = [files(fresh, tmp_path / "here"), files(more, tmp_path / "here")]
    monkeypatch.setattr(background, "BACKGROUND_QUADS", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    started = []
    result = background.RdfFilesInBackground.result
    monkeypatch.setattr(
        background.RdfFilesInBackground,
        "result",
        lambda self: started.append(self.formats) or result(self),
    )
    called = []
    call = background.CallInBackground.result
    monkeypatch.setattr(
        background.CallInBackground, "result", lambda self: called.append(self.what) or call(self)
    )
    there = [files(fresh, tmp_path / "there"), files(more, tmp_path / "there")]
    assert started == [["ttl", "nt", "nq", "trig", "jsonld"]] * 2
    # The network and the tables are derived whole by other processes (then from the cache
    # where it holds).
    assert sorted(called[:2]) == [
        "the process running kg.publish.incremental:whole_network",
        "the process running kg.publish.incremental:whole_tables",
    ]
    assert [list(f) for f in there] == [list(f) for f in here]
    assert there == here


@pytest.mark.parametrize("part", ["network", "tables"])
def test_build_part_derived_here_when_the_other_process_fails(tmp_path, monkeypatch, caplog, part):
    import kg.publish.incremental as incremental

    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, "a.md", FIRST)
    here = kg.build([inputs], tmp_path / "here")
    real = getattr(incremental.Derived, part)

    def failing(self):
        self.start({part})
        self._pending[part].cancel()  # as if it had died
        return real(self)

    monkeypatch.setattr(incremental.Derived, part, failing)
    there = kg.build([inputs], tmp_path / "there")
    assert f"deriving the {part} here" in caplog.text
    for name, path in here.files.items():
        assert there.files[name].read_bytes() == path.read_bytes(), name


@pytest.mark.parametrize("jobs", [2])
def test_build_jobs_give_the_graph_of_one_process(tmp_path, monkeypatch, jobs):
    """Worker processes extract and map; the store holds what one process writes."""
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "_EXTRACT_BATCH", 2)  # several batches from few files
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n, text in enumerate((FIRST, SECOND, THIRD, FIRST.replace("four", "six"), "Not news.")):
        _write(inputs, f"{n}.md", text)
    one = kg.build([inputs], tmp_path / "one", jobs=1)
    many = kg.build([inputs], tmp_path / "many", jobs=jobs)
    assert many.built == one.built and many.errors == one.errors
    for name in ("nq", "events", "entities"):
        assert one.files[name].read_bytes() == many.files[name].read_bytes(), name


def test_build_on_a_local_dask_cluster_gives_the_graph_of_one_process(tmp_path, monkeypatch):
    """Dask workers extract and map; the store holds what one process writes."""
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed (pip install 'conflict-kg[cluster]')"
    )
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "_EXTRACT_BATCH", 2)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n, text in enumerate((FIRST, SECOND, THIRD, FIRST.replace("four", "six"), "Not news.")):
        _write(inputs, f"{n}.md", text)
    one = kg.build([inputs], tmp_path / "one")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        many = kg.build([inputs], tmp_path / "many", cluster=cluster.scheduler_address)
    assert many.built == one.built and many.errors == one.errors
    for name in ("nq", "events", "entities"):
        assert one.files[name].read_bytes() == many.files[name].read_bytes(), name
