"""Keep the README and the public API honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_docs_every_command_has_help_and_is_in_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert re.search(rf"`kg {command}\b", README), f"README does not mention `kg {command}`"


def test_docs_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "pip install -e . && kg build seeds/" in first_screen
    assert "pip install -e '.[test]' && pytest" in first_screen


@pytest.mark.parametrize("name", kg.__all__)
def test_docs_public_api_names_exist(name):
    assert getattr(kg, name) is not None
