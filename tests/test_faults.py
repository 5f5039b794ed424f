"""Faults during `kg build`: kill -9 at random points, a full disk, a second writer, readers."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.core.errors import KgError, StoreError
from kg.sparql.named import run_query
from kg.store.embedded import LOCK_FILE, OxigraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: Export files that are the same bytes whenever the graph is the same.
STABLE = (
    "graph.ttl",
    "graph.nt",
    "graph.nq",
    "graph.trig",
    "graph.jsonld",
    "events.csv",
    "entities.csv",
    "edges.csv",
)
RUN_KG = "import sys; from kg.cli import cli; sys.exit(cli())"


def _kg(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_KG, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _corpus(folder: Path, extra: str = "") -> Path:
    """The seed articles, with ``extra`` appended to each text so a second version differs."""
    folder.mkdir()
    seed = SEEDS / "000_6c959af80028444d.txt"
    shutil.copy(seed.with_suffix(".meta.yaml"), folder)
    for path in [seed, *sorted((SEEDS / "corpus" / "articles").glob("*.md"))]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return folder


class Reference:
    """An uninterrupted build: its quads, each article's graph, its export files and its time."""

    def __init__(self, inputs: Path, out: Path):
        start = time.perf_counter()
        child = _kg("build", inputs, "--out", out)
        assert child.wait(timeout=600) == 0, child.stderr.read()
        self.seconds = time.perf_counter() - start
        self.quads = _quads(out)
        self.graphs = _article_graphs(out)
        self.files = {name: (out / name).read_bytes() for name in STABLE}
        self.inputs, self.out = inputs, out


def _quads(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / "store"))
    return {str(q) for q in store}


def _article_graphs(out: Path) -> dict[str, frozenset]:
    with open_store(out, read_only=True) as store:
        return {doc: frozenset(graph) for doc, graph in store.document_graphs()}


@pytest.fixture(scope="module")
def refs(tmp_path_factory):
    base = tmp_path_factory.mktemp("refs")
    new = Reference(_corpus(base / "new-in"), base / "new-out")
    old = Reference(
        _corpus(base / "old-in", "\n\nOfficials said the area was cordoned off."), base / "old-out"
    )
    return new, old


def _assert_consistent(out: Path, *versions: Reference, writable: bool = True) -> None:
    """Every article graph is one whole version or absent; every export file is one whole version."""
    if writable:
        with open_store(out):  # a writer can open it: the lock died with the killed process
            pass
    with open_store(out, read_only=True) as store:
        for doc, graph in store.document_graphs():
            assert frozenset(graph) in {v.graphs.get(doc) for v in versions}, (
                f"partial graph of {doc}"
            )
    for name in STABLE:
        if (out / name).exists():
            assert (out / name).read_bytes() in {v.files[name] for v in versions}, (
                f"truncated {name}"
            )
    for name in ("graph.graphml", "graph.gexf"):
        if (out / name).exists():
            (nx.read_graphml if name.endswith("graphml") else nx.read_gexf)(out / name)


def _wait_for_lock(out: Path, child: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        lock = out / LOCK_FILE
        if lock.exists() and lock.read_text().strip() == str(child.pid):
            return
        time.sleep(0.01)
    pytest.fail("the build never opened its store")


def test_faults_kill_9_at_random_points_then_rerun_converges(refs, tmp_path, request):
    new, old = refs
    runs = 50 if request.config.getoption("--slow") else 5
    rng = random.Random(20250113)
    for run in range(runs):
        out = tmp_path / f"out{run}"
        if run % 2:  # half the runs replace every article of an older build
            shutil.copytree(old.out, out, ignore=shutil.ignore_patterns(LOCK_FILE))
        child = _kg("build", new.inputs, "--out", out)
        if rng.random() < 0.8:  # most kills land while the build writes its store and files
            _wait_for_lock(out, child)
        time.sleep(rng.uniform(0, new.seconds * 0.7))
        child.send_signal(signal.SIGKILL)
        child.wait()
        _assert_consistent(out, new, old)
        report = kg.build([new.inputs], out)
        assert report.ok, report.errors
        assert _quads(out) == new.quads, f"run {run}: the rerun did not converge"
        _assert_consistent(out, new)


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()

    def resize(size: str, remount: bool = False) -> None:
        options = f"remount,size={size}" if remount else f"size={size}"
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            pytest.skip(
                f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}"
            )

    yield mount, resize
    subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize("size", ["1m", "5m"])
def test_faults_full_disk_clear_error_store_still_opens(refs, small_disk, size):
    new, _old = refs
    mount, resize = small_disk
    resize(size)
    child = _kg("build", new.inputs, "--out", mount / "out")
    _stdout, stderr = child.communicate(timeout=600)
    assert child.returncode == 1 and "Traceback" not in stderr
    assert stderr.startswith("Error: cannot write ") and "No space left on device" in stderr
    _assert_consistent(mount / "out", new, writable=False)  # a writer needs space to open
    resize("256m", remount=True)
    assert kg.build([new.inputs], mount / "out").ok
    assert _quads(mount / "out") == new.quads


def _fill(mount: Path, free: int) -> None:
    """Fill the small disk until about ``free`` bytes are left."""
    filler = mount / "filler"
    filler.unlink(missing_ok=True)
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, bytes(1 << 16))
    except OSError as error:
        assert error.errno == errno.ENOSPC
    os.ftruncate(fd, max(0, os.fstat(fd).st_size - free))
    os.close(fd)


def test_faults_export_on_a_full_disk_fails_clearly_and_keeps_the_files(small_disk):
    mount, resize = small_disk
    resize("16m")
    out = mount / "out"
    assert kg.build([SEEDS / "000_6c959af80028444d.txt"], out).ok
    before = {name: (out / name).read_bytes() for name in STABLE}
    _fill(mount, 0)  # no room even for the writer's pid in the lock file
    child = _kg("export", "--out", out)
    _stdout, stderr = child.communicate(timeout=600)
    assert child.returncode == 1 and "Traceback" not in stderr
    assert stderr == f"Error: cannot write the lock file in {out}: No space left on device\n"
    messages = []
    for free in range(64, 2048, 64):  # KiB: no room for the store, for a file ... for every file
        _fill(mount, free * 1024)
        result = CliRunner().invoke(cli, ["export", "--out", str(out)])
        if result.exit_code == 0:
            break
        assert isinstance(result.exception, SystemExit), result.exception  # not a traceback
        assert (
            result.output.startswith("Error: cannot ")
            and "No space left on device" in result.output
        )
        messages.append(result.output)
    else:
        pytest.fail("export never succeeded")
    assert any(m.startswith(f"Error: cannot write {out / 'graph.'}") for m in messages), messages
    assert {name: (out / name).read_bytes() for name in STABLE} == before
    assert [f.name for f in out.iterdir() if f.name.endswith(".tmp")] == []


def _full(*_args, **_kwargs):
    raise OSError("No space left on device (os error 28)")  # as pyoxigraph raises it: no errno


@pytest.mark.parametrize("name,target", [("graph.ttl", "write"), ("events.csv", "open")])
def test_faults_export_write_error_names_the_file_and_keeps_it(
    seed_out, tmp_path, monkeypatch, name, target
):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out, ignore=shutil.ignore_patterns(LOCK_FILE))
    before = (out / name).read_bytes()
    if target == "write":  # the RDF files are written unit by unit (formats.segmented)
        monkeypatch.setattr(sys.modules["kg.publish.formats.segmented"]._Sink, "write", _full)
    else:
        # The module that writes the CSV tables, looked up by name in sys.modules.
        monkeypatch.setattr(
            sys.modules["kg.publish.formats.csv_tables"], "open", _full, raising=False
        )
    result = CliRunner().invoke(cli, ["export", "--format", name.split(".")[-1], "--out", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert (
        result.output
        == f"Error: cannot write {out / name}: No space left on device (os error 28)\n"
    )
    assert (out / name).read_bytes() == before
    assert [f.name for f in out.iterdir() if f.name.endswith(".tmp")] == []


def _failing_flush(self):
    """A flush that finds the disk full."""
    raise OSError(errno.ENOSPC, "No space left on device")


def test_faults_store_close_error_is_clear_and_releases_the_lock(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(OxigraphStore, "flush", _failing_flush)
        with pytest.raises(
            StoreError, match=f"^cannot write the store {tmp_path / 'store'}: .*No space left"
        ):
            store.close()
    with open_store(tmp_path):  # the next writer gets the lock
        pass


def test_faults_failing_close_does_not_hide_the_first_error(tmp_path, monkeypatch):
    monkeypatch.setattr(OxigraphStore, "flush", _failing_flush)
    with pytest.raises(KgError, match="^the first error$"), open_store(tmp_path):
        raise KgError("the first error")


def test_faults_second_writer_fails_at_once(refs, tmp_path):
    new, _old = refs
    out = tmp_path / "out"
    child = _kg("build", new.inputs, "--out", out)
    try:
        _wait_for_lock(out, child)
        result = CliRunner().invoke(cli, ["build", str(new.inputs), "--out", str(out)])
        # A writer that waited for the lock would return only after the first build ended.
        first_still_running = child.poll() is None
    finally:
        child.kill()
        child.wait()
    assert result.exit_code == 1 and first_still_running
    assert "store in use" in result.output
    assert f"is being written by another process (pid {child.pid})" in result.output


def test_faults_readers_answer_during_a_build(refs, tmp_path):
    new, _old = refs
    out = tmp_path / "out"
    kg.build([SEEDS / "000_6c959af80028444d.txt"], out)  # readers need a store to open
    child = _kg("build", new.inputs, "--out", out)
    answers = []
    while child.poll() is None:
        with open_store(out, read_only=True) as store:
            answers.append((len(store.documents()), len(run_query(store, "events").rows)))
    assert child.returncode == 0, child.stderr.read()
    assert len(answers) >= 3 and answers == sorted(answers)
    assert answers[0][0] >= 1 and answers[-1][0] <= len(new.graphs)


def test_faults_lock_file_on_a_full_disk_is_a_clear_error_and_no_lock_is_kept(
    tmp_path, monkeypatch
):
    import kg.store.lock

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.store.lock.os, "pwrite", full)
    with pytest.raises(
        StoreError, match=f"^cannot write the lock file in {tmp_path}: No space left"
    ):
        open_store(tmp_path)
    monkeypatch.undo()
    with open_store(tmp_path):  # nothing holds the lock
        pass
