"""Hostile input to ingest and the build: each test starts from the input that broke it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.core.errors import InputError, InputWarning, KgError
from kg.core.model import Document
from kg.ingest import html_to_text, load_documents
from kg.ingest.limits import MAX_PUNCTUATION_RUN, MAX_RUN_CHARS
from kg.ingest.text import RUN_MARK, bound_runs
from kg.store.embedded import open_store

GOOD = (
    "Gunmen of the Balochistan Liberation Army attacked a Levies post in Panjgur on Monday, "
    "killing three soldiers, officials said."
)
# spaCy's tokenizer is quadratic on a run of any of these without a space.
PUNCTUATION = list("=&[+%$!(*_#:;,?<>'\"")


def _load(*paths, **kwargs):
    return list(load_documents(paths, **kwargs))


def _build(*paths, out, **kwargs):
    return kg.build(paths, out, viewer=False, formats=["ttl"], **kwargs)


# -- long runs without a space ---------------------------------------------------------


@pytest.mark.parametrize("char", PUNCTUATION)
def test_ingest_long_run_is_cut_and_reported(tmp_path, char):
    path = tmp_path / "runs.txt"
    path.write_text(f"{GOOD}\n{char * 24_000}\n{GOOD}", encoding="utf-8")
    warnings: list[InputWarning] = []
    [document] = _load(path, warn=warnings.append)
    assert f"\n{char * MAX_PUNCTUATION_RUN} {RUN_MARK}\n" in document.text
    assert document.text.count(GOOD) == 2
    [warning] = warnings
    assert warning.path == str(path) and "1 long run without a space" in warning.message


@pytest.mark.parametrize(
    "name,content,line",
    [
        ("amp.html", "<p>" + "&amp;" * 50_000 + "</p><p>" + GOOD + "</p>", None),
        ("feed.jsonl", json.dumps({"id": "r", "text": GOOD + " " + "&" * 50_000}), 1),
        ("title.md", "---\ntitle: " + "=" * 5_000 + "\n---\n" + GOOD, None),
    ],
    ids=["html", "jsonl", "title"],
)
def test_ingest_long_run_in_any_format_is_cut(tmp_path, name, content, line):
    (tmp_path / name).write_text(content, encoding="utf-8")
    warnings: list[InputWarning] = []
    [document] = _load(tmp_path / name, warn=warnings.append)
    assert RUN_MARK in document.content
    assert max(len(run) for run in document.content.split()) <= MAX_RUN_CHARS
    assert [(w.path, w.line) for w in warnings] == [(str(tmp_path / name), line)]


@pytest.mark.parametrize(
    "text,kept",
    [
        ("a=" * 60, ("a=" * 60)[:MAX_RUN_CHARS]),
        ("Kech " + "x" * 150, "x" * MAX_RUN_CHARS),
        ("!?" * 20 + "Kech", "!?" * (MAX_PUNCTUATION_RUN // 2) + f" {RUN_MARK} Kech"),
    ],
)
def test_ingest_bound_runs_keeps_the_start_of_a_run(text, kept):
    bounded, cut = bound_runs(text)
    assert cut == 1 and (kept if RUN_MARK in kept else f"{kept} {RUN_MARK}") in bounded


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        '"Kech," he said. "Who?!" (sic)...',
        "https://www.dawn.com/news/1890123/militants-attack-levies-post-in-panjgur-killing-three",
        "x" * MAX_RUN_CHARS,
        "=" * MAX_PUNCTUATION_RUN,
    ],
)
def test_ingest_text_without_long_runs_is_unchanged(text):
    assert bound_runs(text) == (text, 0)


def _hostile_text(size: int) -> str:
    """Lines just under the line limit, each one run of punctuation."""
    lines, total, n = [], 0, 0
    while total < size:
        line = PUNCTUATION[n % len(PUNCTUATION)] * 90_000
        lines.append(line)
        total, n = total + len(line) + 1, n + 1
    return GOOD + "\n" + "\n".join(lines)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl"])
def test_build_one_megabyte_of_long_runs_completes_and_reports(tmp_path, suffix):
    text = _hostile_text(1_000_000)
    body = {
        ".txt": text,
        ".html": "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>",
        ".jsonl": json.dumps({"id": "hostile", "text": text}),
    }[suffix]
    path = tmp_path / f"hostile{suffix}"
    path.write_text(body, encoding="utf-8")
    report = _build(path, out=tmp_path / "out")
    assert report.built == ["hostile"] and not report.errors
    assert [w.path for w in report.warnings] == [str(path)]


# -- the time limit on one document ----------------------------------------------------


@pytest.mark.parametrize("stuck", ["stuck"])
def test_build_document_over_time_limit_is_reported_and_others_built(tmp_path, monkeypatch, stuck):
    import kg.extract

    real = kg.extract.extract_many

    def extract_many(documents, **options):
        documents = list(documents)
        if any(d.id == stuck for d in documents):
            time.sleep(30)
        return real(documents, **options)

    monkeypatch.setattr(kg.extract, "extract_many", extract_many)
    for doc in (stuck, "fast"):
        (tmp_path / f"{doc}.txt").write_text(f"{GOOD} ({doc})", encoding="utf-8")
    report = _build(tmp_path, out=tmp_path / "out", time_limit=0.5)
    assert report.built == ["fast"]
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / stuck}.txt: extraction took more than 0.5 s and was stopped"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("run", ["=&" * 5_000])
def test_build_time_limit_stops_a_real_slow_extraction(tmp_path, monkeypatch, run):
    # With the run bounds lifted, only the time limit stands between this file and the build.
    monkeypatch.setattr("kg.ingest.limits.MAX_RUN_CHARS", 10**9)
    monkeypatch.setattr("kg.ingest.limits.MAX_PUNCTUATION_RUN", 10**9)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(f"{GOOD}\n{run}\nMore.", encoding="utf-8")
    report = _build(tmp_path / "in", out=tmp_path / "out", time_limit=1.0)
    assert report.built == ["a"]
    assert [e.message for e in report.errors] == ["extraction took more than 1 s and was stopped"]


# -- which files are read --------------------------------------------------------------


def test_build_twice_into_the_input_folder_never_reads_its_exports(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    kg.build(["."], "exports")
    report = kg.build(["."], "exports")
    assert (report.built, report.unchanged, report.errors) == ([], ["a"], [])


@pytest.mark.parametrize("leftover", [".kg-output", "store/", "store.lock"])
def test_ingest_skips_folders_holding_a_build(tmp_path, leftover):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    old = tmp_path / "old-exports"
    old.mkdir()
    (old / "analysis.md").write_text("# Analysis", encoding="utf-8")
    (old / "store").mkdir()
    if leftover != "store/":
        (old / leftover).write_text("", encoding="utf-8")
    ids = [d.id for d in _load(tmp_path)]
    assert ids == (["a", "analysis"] if leftover == "store/" else ["a"])


def test_ingest_output_folder_given_as_input_is_an_error(tmp_path):
    _build(out=tmp_path / "out")
    [error] = _load(tmp_path / "out")
    assert isinstance(error, InputError) and "output of `kg build`" in str(error)


def _deny(monkeypatch, denied):
    """Make os.scandir fail on ``denied`` as it does for a folder without read permission."""
    import os

    real = os.scandir

    def scandir(path="."):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("where", ["locked", "locked/deeper"])
def test_build_unreadable_folder_is_reported_and_the_rest_built(tmp_path, monkeypatch, where):
    (tmp_path / "in" / where).mkdir(parents=True)
    (tmp_path / "in" / where / "hidden.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    _deny(monkeypatch, tmp_path / "in" / where)
    report = _build(tmp_path / "in", out=tmp_path / "out")
    assert report.built == ["a"]
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / 'in' / where}: cannot read the folder: Permission denied"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
@pytest.mark.parametrize("mode", [0o000, 0o600])
def test_build_folder_without_permission_is_reported_and_the_rest_built(tmp_path, mode):
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(mode)
    try:
        report = _build(tmp_path / "in", out=tmp_path / "out")
    finally:
        locked.chmod(0o700)
    assert report.built == ["a"]
    assert [e.path for e in report.errors] in ([str(locked)], [str(locked / "b.txt")])


@pytest.mark.parametrize("follow", [False, True])
def test_ingest_link_to_a_folder_outside_the_input_is_not_followed(tmp_path, follow):
    outside, inputs = tmp_path / "outside", tmp_path / "in"
    outside.mkdir()
    inputs.mkdir()
    (outside / "secret.txt").write_text("Outside text.", encoding="utf-8")
    (inputs / "a.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "etc").symlink_to(outside, target_is_directory=True)
    (inputs / "inside").symlink_to(inputs / "sub", target_is_directory=True)
    (inputs / "sub").mkdir()
    (inputs / "sub" / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    items = _load(inputs, follow_links=follow)
    assert sorted(d.id for d in items if isinstance(d, Document)) == (
        ["a", "b", "secret"] if follow else ["a", "b"]
    )
    errors = [str(e) for e in items if isinstance(e, InputError)]
    assert errors == (
        []
        if follow
        else [
            f"{inputs / 'etc'}: a link to {outside}, outside {inputs}; "
            "not followed (follow it with --follow-links, or list it in .kgignore)"
        ]
    )


# -- the output folder -----------------------------------------------------------------


@pytest.mark.parametrize(
    "state,force,refused",
    [
        ("missing", False, False),
        ("empty", False, False),
        ("built", False, False),
        ("other files", False, True),
        ("other files", True, False),
    ],
)
def test_build_refuses_a_folder_of_other_files_unless_forced(tmp_path, state, force, refused):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    if state != "missing":
        out.mkdir()
    if state == "other files":
        (out / "thesis.docx").write_text("mine", encoding="utf-8")
    if state == "built":
        _build(tmp_path / "a.txt", out=out)
    if refused:
        with pytest.raises(KgError, match="holds other files and no kg build"):
            _build(tmp_path / "a.txt", out=out, force=force)
        assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    else:
        assert _build(tmp_path / "a.txt", out=out, force=force).ok


@pytest.mark.parametrize("out", ["", "  "])
def test_cli_build_empty_out_is_an_error(tmp_path, out):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--out", out])
    assert result.exit_code == 2 and "'--out': is empty" in result.output
    assert not (Path.cwd() / "store").exists()


def test_cli_build_refused_out_is_one_line(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        f"Error: the output folder {tmp_path / 'out'} holds other files and no kg build; "
        "choose an empty folder, or write into this one with --force"
    ]


# -- metadata values -------------------------------------------------------------------


@pytest.mark.parametrize(
    "front,key,kind",
    [
        ("title: !!set {b: null, a: null}", "title", "a set"),
        ("title: !!binary aGVsbG8=", "title", "binary data"),
        ("id: {nested: 1}", "id", "a mapping"),
        ("title: [Blast, Quetta]", "title", "a list"),
        ("source: yes", "source", "true/false"),
        ("url: [http://a.example]", "url", "a list"),
    ],
)
def test_ingest_front_matter_value_not_text_is_refused(tmp_path, front, key, kind):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\n{GOOD}", encoding="utf-8")
    [error] = _load(path)
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}: the value of {key!r} must be text, not {kind}")


@pytest.mark.parametrize("record", [{"title": ["a", "b"]}, {"source": {"name": "Dawn"}}])
def test_ingest_jsonl_value_not_text_is_refused(tmp_path, record):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": GOOD, **record}), encoding="utf-8")
    [error] = _load(path)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:1: the value of")


@pytest.mark.parametrize("front", ["title: 1984", "published: 2024-11-09", "id: 42"])
def test_ingest_front_matter_numbers_and_dates_are_read(tmp_path, front):
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\n{GOOD}", encoding="utf-8")
    [document] = _load(tmp_path / "a.md")
    assert isinstance(document, Document)


# -- hidden HTML -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        "<div hidden><p>HIDDEN</p></div>",
        "<p hidden=''>HIDDEN</p>",
        '<div style="display:none"><div><p>HIDDEN</p></div></div>',
        "<span style='color: red; DISPLAY : none !important'>HIDDEN</span>",
        '<section style="visibility: hidden"><p>HIDDEN<p>HIDDEN</section>',
        '<span aria-hidden="true">HIDDEN</span>',
        "<template><p>HIDDEN</p></template>",
        "<noscript><p>HIDDEN</p></noscript>",
    ],
)
def test_ingest_html_hidden_text_is_not_article_text(hidden):
    _title, text = html_to_text(f"<body><p>Seen</p>{hidden}<p>Also seen</p></body>")
    assert text == "Seen\n\nAlso seen"


@pytest.mark.parametrize(
    "visible",
    [
        '<p aria-hidden="false">Seen</p>',
        '<p style="display:block">Seen</p>',
        "<p>Seen<br hidden></p>",
    ],
)
def test_ingest_html_shown_text_is_kept(visible):
    assert html_to_text(f"{visible}<p>Also seen</p>")[1] == "Seen\n\nAlso seen"


# -- the same name, the same text --------------------------------------------------------


def test_ingest_same_name_in_two_folders_gets_two_ids(tmp_path):
    for folder, text in [("2024", GOOD), ("2025", GOOD + " Again.")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Other text.", encoding="utf-8")
    assert [d.id for d in _load(tmp_path)] == ["2024/report", "2025/report", "other"]


def test_ingest_same_name_with_two_extensions_keeps_them(tmp_path):
    (tmp_path / "report.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "report.md").write_text(GOOD + " Again.", encoding="utf-8")
    assert [d.id for d in _load(tmp_path)] == ["report.md", "report.txt"]


@pytest.mark.parametrize("copy", ["copy.txt", "copy.md", "sub/copy.html"])
def test_ingest_same_text_under_two_names_is_one_document(tmp_path, copy):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / copy).parent.mkdir(exist_ok=True)
    body = f"<title>T</title><p>{GOOD}</p>" if copy.endswith("html") else GOOD
    (tmp_path / copy).write_text(body, encoding="utf-8")
    warnings: list[InputWarning] = []
    assert [d.id for d in _load(tmp_path, warn=warnings.append)] == ["a"]
    assert [str(w) for w in warnings] == [
        f"{tmp_path / copy}: the same text as {tmp_path / 'a.txt'}; skipped"
    ]


def test_build_same_text_twice_counts_one_source(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    report = _build(tmp_path, out=tmp_path / "out")
    assert (report.built, report.ok, len(report.warnings)) == (["a"], True, 1)


# -- prune -----------------------------------------------------------------------------


@pytest.mark.parametrize("prune", [False, True])
def test_build_prune_drops_articles_no_longer_in_the_inputs(tmp_path, prune):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "b.txt").write_text(GOOD.replace("Panjgur", "Kech"), encoding="utf-8")
    _build(inputs, out=tmp_path / "out")
    (inputs / "b.txt").unlink()
    report = _build(inputs, out=tmp_path / "out", prune=prune)
    assert report.pruned == (["b"] if prune else [])
    with open_store(tmp_path / "out", read_only=True) as store:
        assert sorted(store.documents()) == (["a"] if prune else ["a", "b"])
        places = {str(o) for o in store.default_graph().objects() if str(o) in ("Kech", "Panjgur")}
    assert places == ({"Panjgur"} if prune else {"Kech", "Panjgur"})


def test_build_prune_keeps_articles_whose_file_failed_to_read(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    _build(tmp_path / "in", out=tmp_path / "out")
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    report = _build(tmp_path / "in", out=tmp_path / "out", prune=True)
    assert report.pruned == [] and [e.path for e in report.errors] == [
        str(tmp_path / "in" / "b.txt")
    ]


def test_build_prune_removes_nothing_when_a_folder_cannot_be_read(tmp_path, monkeypatch):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    _build(tmp_path / "in", out=tmp_path / "out")
    _deny(monkeypatch, tmp_path / "in" / "sub")
    report = _build(tmp_path / "in", out=tmp_path / "out", prune=True)
    assert report.pruned == []
    assert [str(w) for w in report.warnings] == [
        f"{tmp_path / 'in' / 'sub'}: could not be read, so no article was pruned"
    ]


def test_cli_build_prune_reports_what_it_removed(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD + " Again.", encoding="utf-8")
    out = str(tmp_path / "out")
    CliRunner().invoke(
        cli, ["build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", out]
    )
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--out", out, "--prune"])
    assert result.exit_code == 0 and "(0 built, 1 unchanged, 1 pruned)" in result.stdout


@pytest.mark.parametrize("name", ["loop.txt", "loop"])
def test_ingest_link_that_loops_is_reported_and_the_rest_read(tmp_path, name):
    (tmp_path / name).symlink_to(tmp_path / name)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    items = _load(tmp_path)
    assert [d.id for d in items if isinstance(d, Document)] == ["a"]
    assert [e.path for e in items if isinstance(e, InputError)] in ([], [str(tmp_path / name)])


@pytest.mark.parametrize("name", ["report.txt", "feed.jsonl"])
def test_ingest_same_name_given_as_two_files_gets_two_ids(tmp_path, monkeypatch, name):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        text = f"{GOOD} ({folder})"
        body = json.dumps({"text": text}) if name.endswith("jsonl") else text
        (tmp_path / folder / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ids = [d.id for d in _load(Path("a", name), tmp_path / "b" / name)]
    suffix = "-1" if name.endswith("jsonl") else ""
    stem = name.split(".")[0]
    assert ids == [f"a/{stem}{suffix}", f"b/{stem}{suffix}"]


def test_cli_build_unreadable_folder_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    _deny(monkeypatch, tmp_path / "in" / "locked")
    out = str(tmp_path / "out")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", out, "--no-viewer"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'in' / 'locked'}: cannot read the folder: Permission denied"
    ]
