"""Article metadata written as YAML: Markdown front matter and ``<stem>.meta.yaml`` sidecars.

The keys read are ``id``, ``title``, ``published``, ``source`` and ``url``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from kg.core.errors import InputError
from kg.ingest import limits
from kg.ingest.files import read_side_file

__all__ = ["split_front_matter", "parse_yaml", "read_sidecar", "flow_depth"]

_BRACKETS = re.compile(r"[\[\]{}]")


def split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    """Split a Markdown text into its front matter (a dict, maybe empty) and its body.

    Raises:
        InputError: the front matter is not closed or not valid (see :func:`parse_yaml`).
    """
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", text, re.DOTALL)
    if not match:
        raise InputError(str(path), "front matter starts with '---' but has no closing '---' line")
    return parse_yaml(path, match.group(1)), text[match.end() :]


def parse_yaml(path: Path, source: str) -> dict:
    """Parse YAML metadata safely: no tags, no aliases, bounded size and nesting.

    Raises:
        InputError: naming ``path`` and the problem.
    """
    if len(source) > limits.MAX_FRONT_MATTER:
        raise InputError(
            str(path), f"front matter is longer than {limits.MAX_FRONT_MATTER:,} characters"
        )
    if flow_depth(source) > limits.MAX_YAML_DEPTH:
        raise InputError(
            str(path), f"front matter is nested more than {limits.MAX_YAML_DEPTH} levels deep"
        )
    try:
        # Anchors and aliases have no use in article metadata and are how "billion laughs"
        # documents blow up memory, so any alias is refused before the data is built.
        for event in yaml.parse(source, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(str(path), "front matter uses YAML aliases, which are not allowed")
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        if (plain := _plain_lines(source)) is not None:
            return plain
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(str(path), f"front matter is not valid YAML{where}: {problem}") from None
    except ValueError as error:  # e.g. an impossible date such as 2024-02-30
        raise InputError(str(path), f"front matter has an invalid value: {error}") from None
    except RecursionError:
        raise InputError(str(path), "front matter is nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "front matter must be a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


# A value may not open with a YAML indicator (tag, anchor, alias, flow, block, quote).
_PLAIN_LINE = re.compile(r"([A-Za-z_][\w-]*):[ \t]+([^\s!&*\[\]{}|>'\"%@`#].*?)[ \t]*")


def _plain_lines(source: str) -> dict | None:
    r"""Read ``key: value`` lines whose values YAML refuses, as people write them.

    A headline such as ``title: Six killed as forces shell Chaman: ISPR`` is not valid
    YAML (a second ``: `` inside a plain scalar), yet its meaning is plain. When every
    non-blank line is an unindented ``key: value`` with a distinct key and a value that
    opens with no YAML indicator (``!``, ``&``, ``*``, brackets, quotes …), each value is
    read as the text after the first ``: ``, then as YAML on its own when that works (so
    ``published: 2022-12-11`` is still a date); otherwise the YAML error stands.

    >>> _plain_lines("title: Six killed: ISPR\npublished: 2022-12-11")
    {'title': 'Six killed: ISPR', 'published': datetime.date(2022, 12, 11)}
    >>> _plain_lines("title: a\n  nested: b") is None
    True
    >>> _plain_lines("title: !!python/object:os.system x") is None
    True
    """
    data: dict = {}
    for line in source.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if not match or match.group(1) in data:
            return None
        key, text = match.groups()
        try:
            value = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError):
            value = text
        data[key] = value if isinstance(value, (str, int, float, date)) else text
    return data or None


def flow_depth(source: str) -> int:
    """The deepest nesting of ``[`` and ``{``, counted over the whole text (strings too).

    PyYAML's scanner takes time quadratic in the flow nesting: 30,000 ``[`` take about a
    minute. Counting inside quoted strings as well errs on the safe side; metadata nests
    two or three levels.

    >>> flow_depth("tags: [a, {b: [c]}]")
    3
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def read_sidecar(path: Path) -> dict:
    """The metadata in ``<stem>.meta.yaml`` beside ``path``, or an empty dict."""
    meta = path.with_name(path.stem + ".meta.yaml")
    if not meta.is_file():
        return {}
    return parse_yaml(meta, read_side_file(meta))
