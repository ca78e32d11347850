"""The file tree reads as the flow: imports point only down the layers, and nothing imports in a cycle.

Every import counts, also the ones inside functions and under ``TYPE_CHECKING``:
a lazy import is still a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "eventwire"

#: bottom first; a module may import its own package and anything in a lower layer
LAYERS: list[tuple[str, ...]] = [
    ("model",),
    ("dates",),
    ("errors",),
    ("rules",),
    ("ontology", "actors"),
    ("read",),
    ("clean",),
    ("dedup",),
    ("analyze",),
    ("code",),
    ("resolve",),
    ("across",),
    ("pipeline",),
    ("store",),
    ("db",),
    ("export",),
    ("web",),
    ("cli",),
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Absolute names of the eventwire modules (or packages) that ``path`` imports."""
    mod = module_name(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("eventwire"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("eventwire"):
                continue
            for alias in node.names:  # "from . import lexicon" imports a submodule
                sub = f"{target}.{alias.name}"
                out.add(sub if _exists(sub) else target)
    return out


def _exists(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_top_level_entry_has_a_layer():
    entries = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    entries |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert entries == set(LAYER), f"not in LAYERS: {sorted(entries - set(LAYER))}; gone: {sorted(set(LAYER) - entries)}"


def test_imports_point_down_the_layers():
    wrong = []
    for mod, targets in graph().items():
        here = top(mod)
        for target in targets:
            there = top(target)
            if there in ("", here):  # the package root (__version__) or its own package
                continue
            if LAYER[there] >= LAYER[here]:
                wrong.append(f"{mod} -> {target}")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    edges = graph()
    # a package's __init__ that re-exports its submodules is not a cycle with them
    def deps(mod: str) -> set[str]:
        return {t for t in edges.get(mod, ()) if t in edges and not mod.startswith(t + ".")}

    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(mod: str, stack: list[str]) -> None:
        state[mod] = 1
        stack.append(mod)
        for dep in deps(mod):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[mod] = 2

    for mod in sorted(edges):
        if mod not in state:
            visit(mod, [])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)
