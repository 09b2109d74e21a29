"""The project's layers, read from the imports of every module (function-level ones included).

- The floor of ``newsroom`` (images, rich text, JSON-LD, links, pagination, slugs, sortable
  inlines, the content generation, review, the tag vocabulary...) never imports an app or the
  roof: the apps build on it.
- The roof, ``newsroom.site`` (site URLs, sitemaps, the page cache, robots and error pages),
  may import the apps; nothing in the apps imports it.
- ``people`` never imports ``articles``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOF = "newsroom.site"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def broken_rules(path: Path) -> list[str]:
    """The layer rules ``path``'s imports break, one line each."""
    name = module_name(path)
    if within(name, ROOF):
        forbidden = ()
    elif within(name, "newsroom"):
        forbidden = ("articles", "people", ROOF)
    elif within(name, "people"):
        forbidden = ("articles", ROOF)
    elif within(name, "articles"):
        forbidden = (ROOF,)
    else:
        return []
    return [
        f"{name} imports {module}"
        for module in sorted(imported_modules(path))
        if any(within(module, package) for package in forbidden)
    ]


def project_modules():
    for package in ("newsroom", "people", "articles"):
        yield from sorted((ROOT / package).rglob("*.py"))


def test_every_module_keeps_to_its_layer():
    broken = [line for path in project_modules() for line in broken_rules(path)]
    assert broken == []


def test_the_roof_is_where_the_apps_are_put_together():
    """The roof does import the apps: were it empty, the rules above would hold vacuously."""
    roof_imports = set().union(*(imported_modules(path) for path in (ROOT / "newsroom/site").rglob("*.py")))
    assert any(within(module, "articles") for module in roof_imports)
    assert any(within(module, "people") for module in roof_imports)


@pytest.mark.parametrize(
    ("where", "line", "rule"),
    [
        ("newsroom/wrong_floor.py", "from articles.models import Article", "newsroom.wrong_floor imports articles"),
        ("newsroom/templatetags/wrong.py", "from ..site import urls", "imports newsroom.site"),
        ("people/wrong.py", "def f():\n    import articles.services\n", "people.wrong imports articles"),
        ("articles/wrong.py", "from newsroom.site.pagecache import public_query", "imports newsroom.site"),
    ],
)
def test_a_wrong_import_is_caught(where, line, rule, monkeypatch, tmp_path):
    """The check reads each kind of wrong import, relative and function-level ones included."""
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(line + "\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert any(rule in broken for broken in broken_rules(path))
