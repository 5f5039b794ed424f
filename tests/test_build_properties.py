"""Property: any text or bytes through the whole build give an input error or a valid graph."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.core.errors import InputError

#: Seconds one example may take: a build of up to three small files, exports and SHACL.
BUDGET = 60
SUFFIXES = (".txt", ".md", ".html", ".jsonl")
WORDS = [
    "Balochistan Liberation Army",
    "BLA",
    "TTP",
    "Frontier Corps",
    "Levies",
    "police",
    "militants",
    "attacked",
    "ambushed",
    "killed",
    "injured",
    "claimed responsibility",
    "a suicide bomber",
    "convoy",
    "Quetta",
    "Panjgur",
    "Kech",
    "Turbat",
    "Gwadar",
    "Peshawar",
    "Khyber Pakhtunkhwa",
    "CPEC",
    "on Monday",
    "on 9 November 2024",
    "last month",
    "three",
    "27",
    "at least 12",
    "soldiers",
    "civilians",
    ".",
    ",",
    "\n",
    "\n\n",
    "---",
    ":",
    "\u200b",
    "\u202e",
    "\ufeff",
    "e\u0301",
    '"',
    "<script>",
    "</p>",
    "&amp;",
    "=cmd()",
    "\\",
    "\x00",
    "\r",
    "\t",
]

sentences = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=60).map(" ".join)
text_bytes = st.one_of(
    sentences.map(str.encode),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    sentences.map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    sentences.map(lambda t: t.encode("cp1252", "replace")),
    st.binary(max_size=300),
)
front_matter = st.dictionaries(
    st.sampled_from(["title", "published", "source", "url", "id"]),
    st.one_of(st.text(max_size=20), st.dates().map(str), st.integers(), st.none()),
    max_size=4,
)


@st.composite
def jsonl_bytes(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        record = {"text": draw(sentences), **draw(front_matter)}
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        cut = draw(st.integers(0, len(line)))  # sometimes a truncated line
        lines.append(line if draw(st.booleans()) else line[:cut])
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def markdown_bytes(draw) -> bytes:
    meta = "".join(f"{k}: {json.dumps(v)}\n" for k, v in draw(front_matter).items())
    return f"---\n{meta}---\n{draw(sentences)}".encode("utf-8", "surrogatepass")


@st.composite
def input_files(draw) -> list[tuple[str, bytes]]:
    files = []
    for n in range(draw(st.integers(1, 3))):
        suffix = draw(st.sampled_from(SUFFIXES))
        content = draw(
            jsonl_bytes()
            if suffix == ".jsonl"
            else markdown_bytes() | text_bytes
            if suffix == ".md"
            else text_bytes
        )
        files.append((f"doc{n}{suffix}", content))
    return files


def _check_build(files: list[tuple[str, bytes]]) -> kg.BuildReport:
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp, "in"), Path(tmp, "out")
        inputs.mkdir()
        for name, content in files:
            (inputs / name).write_bytes(content)
        start = time.perf_counter()
        report = kg.build([inputs], out)
        assert time.perf_counter() - start < BUDGET
        for error in report.errors:
            assert isinstance(error, InputError) and Path(error.path).parent == inputs, error
            assert "failed:" not in error.message, error  # the extractor or the mapping crashed
        validation = kg.validate(out)
        assert validation.conforms, validation.text
        assert len(
            list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
        ) >= 8 * len(report.built)
        return report


def test_build_property_any_input_gives_error_or_valid_graph(request):
    examples = 300 if request.config.getoption("--slow") else 25

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=not request.config.getoption("--slow"),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(files=input_files())
    def run(files):
        _check_build(files)

    # One plain build first: it settles what the pipeline sets once per process (the
    # recursion limit among them), which Hypothesis would otherwise warn about.
    warm = _check_build([("warm.txt", b"Gunmen attacked a Levies post in Panjgur, killing three.")])
    assert warm.built == ["warm"] and warm.events >= 1
    run()
