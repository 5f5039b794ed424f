"""The how-tos in docs/: the commands their check blocks show run and succeed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ["adding-a-region-pack.md", "adding-an-armed-group.md"]
# A fenced sh block whose first line is "# check" holds the commands that check the result.
CHECK_BLOCK = re.compile(r"```sh\n# check\n(.*?)```", re.DOTALL)


def _check_commands(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    blocks = CHECK_BLOCK.findall(text)
    return [line for block in blocks for line in block.splitlines() if line.startswith("kg ")]


@pytest.mark.parametrize("name", GUIDES)
def test_docs_guide_ends_with_a_check(name):
    commands = _check_commands(name)
    assert commands and commands[0].startswith("kg lexicon check")


@pytest.mark.parametrize("name", GUIDES)
def test_docs_guide_check_commands_succeed(name, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    for command in _check_commands(name):
        # The guides write to /tmp/<name>; the test writes to its own folder.
        args = [re.sub(r"^/tmp/", f"{tmp_path}/", a) for a in shlex.split(command)[1:]]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, f"{command}\n{result.output}"
