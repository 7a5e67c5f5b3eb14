"""`casebook init`: a new knowledge base that installs the generator by version and builds
with the two commands its README gives, on a machine with nothing else installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from casebook.cli import main
from casebook.starter import DISTRIBUTION, generator_version
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_then_the_readme_commands_build_a_site(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(wheels), str(ROOT)], check=True, timeout=300)
    kb = tmp_path / "kb"
    result = CliRunner().invoke(main, ["init", str(kb), "--name", 'Programmes: "a" & <b>',
                                       "--find-links", str(wheels)])
    assert result.exit_code == 0, result.output
    readme = (kb / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Programmes: "a" & <b>\n\nAn open library of case studies.\n')
    settings = (kb / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- navigation.prune" in settings  # the setting that keeps large builds fast
    commands = re.findall(r"^(make \w+)", readme.split("```sh", 1)[1].split("```")[0],
                          flags=re.MULTILINE)
    assert commands == ["make build", "make validate"]
    requirements = (kb / "requirements.txt").read_text(encoding="utf-8")
    assert f"{DISTRIBUTION}=={generator_version()}" in requirements
    hook = (kb / "hooks" / "casebook_hook.py").read_text(encoding="utf-8")
    assert "from casebook_mkdocs.hooks import" in hook and len(hook.splitlines()) <= 3

    # A fresh environment: only what requirements.txt installs (no inherited variables
    # pointing at this project's own virtual environment).
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                  if ".venv" not in p)
    for command in commands:
        done = subprocess.run(command.split(), cwd=kb, env=env, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    site = kb / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Programmes: &#34;a&#34; &amp; &lt;b&gt;" in home or \
        "Programmes: &quot;a&quot; &amp; &lt;b&gt;" in home
    assert (site / "places" / "north" / "index.html").is_file()
    assert (site / "topics" / "housing" / "index.html").is_file()
    assert (site / "case-studies" / "example-case-study" / "index.html").is_file()
    assert not (site / "webinars").exists()
    assert (site / "assets" / "explorer.js").is_file()  # the generator's own, installed
    assert "<pagefind-modal" in home and "pagefind" in {p.name for p in site.iterdir()}
    installed = subprocess.run([str(kb / ".venv" / "bin" / "python"), "-c",
                                "import casebook, sys; print(casebook.__file__)"],
                               capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in installed  # the installed package, not this checkout
