"""Reading input files: formats, metadata and bad input."""

from __future__ import annotations

import codecs
import json
import logging
from datetime import date

import pytest

import kg.extract
import kg.ingest.limits
from kg.core.errors import InputError
from kg.core.model import Document
from kg.ingest import html_to_text, load_documents, normalize_text


def _load(*paths, **kwargs):
    return list(load_documents(paths, **kwargs))


@pytest.mark.parametrize(
    "name,content,title,published",
    [
        ("a.txt", "Gunmen attacked a Levies post in Panjgur.", None, None),
        (
            "b.md",
            "---\ntitle: Blast in Quetta\npublished: 2024-11-09\n---\nA blast hit Quetta.",
            "Blast in Quetta",
            date(2024, 11, 9),
        ),
        (
            "c.html",
            "<html><head><title>Raid</title></head><body><p>Troops raided a hideout.</p></body></html>",
            "Raid",
            None,
        ),
    ],
)
def test_ingest_reads_formats(tmp_path, name, content, title, published):
    (tmp_path / name).write_text(content, encoding="utf-8")
    [doc] = _load(tmp_path / name)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.published) == (name.split(".")[0], title, published)


def test_ingest_sidecar_metadata_and_default_date(tmp_path):
    (tmp_path / "x.txt").write_text("Militants ambushed a convoy.", encoding="utf-8")
    (tmp_path / "x.meta.yaml").write_text("published: 2025-01-13\nsource: Dawn\n", encoding="utf-8")
    (tmp_path / "y.txt").write_text("A bomb exploded.", encoding="utf-8")
    docs = {d.id: d for d in _load(tmp_path, published=date(2020, 1, 1))}
    assert (docs["x"].published, docs["x"].source) == (date(2025, 1, 13), "Dawn")
    assert docs["y"].published == date(2020, 1, 1)


def test_ingest_kgignore_skips_listed_files(tmp_path):
    (tmp_path / ".kgignore").write_text("README.md\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# docs", encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    assert [d.id for d in _load(tmp_path)] == ["a"]


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + b"Baloch text",
        "Baloch text".encode("utf-16-le"),
        "Baloch text".encode("utf-16"),
        "Baloch \u201ctext\u201d".encode("cp1252"),
        b"Baloch text \xff\xfe broken",
    ],
)
def test_ingest_decodes_encodings(tmp_path, raw):
    (tmp_path / "a.txt").write_bytes(raw)
    [doc] = _load(tmp_path / "a.txt")
    assert doc.text.startswith("Baloch") and "\ufeff" not in doc.text


@pytest.mark.parametrize(
    "name,raw,problem",
    [
        ("empty.txt", b"  \n", "no text"),
        ("bin.txt", b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
        ("open.md", b"---\ntitle: x\nno closing\n", "no closing"),
        ("tag.md", b"---\ntitle: !!python/object:os.system x\n---\nbody", "not valid YAML"),
        ("alias.md", b"---\na: &a [1]\nb: [*a, *a]\n---\nbody", "aliases"),
        ("date.md", b"---\npublished: 2024-02-30\n---\nbody", "invalid value"),
        ("list.md", b"---\n- a\n---\nbody", "mapping"),
        (
            "title.html",
            b"<title>" + b"x" * 100_001 + b"</title><p>body</p>",
            "title is 100,001 characters",
        ),
    ],
)
def test_ingest_bad_input_names_file_and_problem(tmp_path, name, raw, problem):
    (tmp_path / name).write_bytes(raw)
    [error] = _load(tmp_path / name)
    assert isinstance(error, InputError)
    assert name in str(error) and problem in str(error)


def test_ingest_missing_path_is_an_error_and_others_still_load(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    items = _load(tmp_path / "nope.txt", tmp_path / "a.txt")
    assert isinstance(items[0], InputError) and "no such file" in str(items[0])
    assert isinstance(items[1], Document)


def test_ingest_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path):
    lines = [
        '{"id": "r1", "text": "A blast."}',
        "[1, 2]",
        '{"id": "r1", "text": "dup"}',
        '{"text": "ok"}',
        '{"id": "r9", "te',
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = _load(tmp_path / "feed.jsonl")
    assert [d.id for d in items if isinstance(d, Document)] == ["r1", "feed-4"]
    errors = [str(e) for e in items if isinstance(e, InputError)]
    assert any(":2:" in e and "JSON object" in e for e in errors)
    assert any("duplicate document id" in e for e in errors)
    assert any(":5:" in e and "not valid JSON" in e for e in errors)


def test_ingest_html_drops_script_style_template_and_comments():
    title, text = html_to_text(
        "<p>Seen</p><script>evil()</script><style>p{}</style><template>hidden</template><!-- secret --><p>Also</p>"
    )
    assert text == "Seen\n\nAlso"


@pytest.mark.parametrize("text", ["Ba\u200bloch", "Bal\u202eoch", "Baloch\ufeff", "Balo\u00adch"])
def test_ingest_normalize_removes_invisible_characters(text):
    assert normalize_text(text) == "Baloch"


def test_ingest_normalize_unifies_nfd_and_nfc():
    assert normalize_text("Quétta") == normalize_text("Que\u0301tta")


def test_ingest_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.ingest.limits.MAX_BYTES", 100)
    (tmp_path / "big.txt").write_text("x" * 200, encoding="utf-8")
    [error] = _load(tmp_path / "big.txt")
    assert "limit" in str(error)


_LINES = [f"Line {n} of a long report." for n in range(10)]  # 24 characters and a line break each


@pytest.mark.parametrize("suffix,line", [(".txt", None), (".jsonl", 1)])
def test_ingest_long_document_is_cut_at_a_line_break_and_reported(
    tmp_path, monkeypatch, suffix, line
):
    monkeypatch.setattr("kg.ingest.limits.MAX_CHARS", 100)
    path = tmp_path / f"long{suffix}"
    body = "\n".join(_LINES)
    path.write_text(json.dumps({"text": body}) if suffix == ".jsonl" else body, encoding="utf-8")
    warnings = []
    [document] = _load(path, warn=warnings.append)
    assert document.text == "\n".join(_LINES[:4])
    [warning] = warnings
    assert (warning.path, warning.line) == (str(path), line)
    assert "249 characters long" in warning.message and "cut after line 4 " in warning.message


def test_ingest_long_document_warning_is_logged_without_a_callback(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("kg.ingest.limits.MAX_CHARS", 100)
    (tmp_path / "long.txt").write_text("\n".join(_LINES), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg.ingest.reader"):
        [document] = _load(tmp_path / "long.txt")
    assert len(document.text) < 100 and "long.txt: the text is 249 characters long" in caplog.text


def test_ingest_keeps_what_the_extractor_reads():
    # A document cut by ingest is never cut again, silently, by the extractor.
    assert kg.ingest.limits.MAX_CHARS == kg.extract.MAX_CHARS


def test_a_headline_with_a_colon_is_read_as_written(tmp_path):
    """``title: Four killed in Turbat blast: police`` is not valid YAML, but it is a headline."""
    path = tmp_path / "colon.md"
    path.write_text(
        "---\ntitle: Four killed in Turbat blast: police\npublished: 2023-05-02\n"
        "source: Example Times\n---\nA bomb went off in Turbat on Tuesday, police said.\n",
        encoding="utf-8",
    )
    (document,) = load_documents([path])
    assert document.title == "Four killed in Turbat blast: police"
    assert document.published == date(2023, 5, 2)
    assert document.source == "Example Times"
