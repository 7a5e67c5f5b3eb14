"""Independent reading of the content files for tests: plain YAML, no casebook code."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    _, front, _ = text.split("---\n", 2)
    return yaml.safe_load(front)


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").split("---\n", 2)[2]


def case_studies() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((ROOT / "casestudies").glob("[!_]*.md"))}


def vocabulary(kind: str) -> list[dict]:
    return yaml.safe_load((ROOT / "vocabularies" / f"{kind}.yml").read_text())["terms"]
