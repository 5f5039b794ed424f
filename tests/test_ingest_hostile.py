"""Hostile input to ingest and the build: each test starts from the input that broke it."""

from __future__ import annotations

import json
import time

import pytest

import kg
from kg.core.errors import InputWarning
from kg.ingest import load_documents
from kg.ingest.limits import MAX_PUNCTUATION_RUN, MAX_RUN_CHARS
from kg.ingest.text import RUN_MARK, bound_runs

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

    def extract_many(documents):
        documents = list(documents)
        if any(d.id == stuck for d in documents):
            time.sleep(30)
        return real(documents)

    monkeypatch.setattr(kg.extract, "extract_many", extract_many)
    for doc in (stuck, "fast"):
        (tmp_path / f"{doc}.txt").write_text(GOOD, encoding="utf-8")
    report = _build(tmp_path, out=tmp_path / "out", time_limit=0.5)
    assert report.built == ["fast"]
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / stuck}.txt: extraction took more than 0.5 s and was stopped"
    ]
