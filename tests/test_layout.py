"""The house rules of the layout, checked on the code itself (README "Where things live").

- Imports run the way the README's arrows say: `mrblogg/` imports no app, `blog/` imports
  neither `comments/` nor `moderation/`, `comments/` never imports `moderation/`; templates
  `{% load %}` tag libraries along the same arrows. The demo loaders (`load_demo*`,
  `blog/demo/`) fill every room of the house and are the one exception.
- No circle between the files of one app: each file can be read after the ones it imports.
- No Python file over 350 lines (migrations and demo data aside), no function over 40.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["mrblogg", "blog", "comments", "moderation"]
MAX_FILE_LINES = 360  # "about 350": one screenful more is not worth a split
MAX_FUNCTION_LINES = 40


def app_packages():
    """Every Django app in the tree, by its dotted package ("blog.subscriptions")."""
    return sorted(
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in CODE
        for path in (ROOT / top).rglob("apps.py")
    )


APPS = app_packages()


def app_of(module):
    """The innermost app a dotted module belongs to."""
    return max((app for app in APPS if module == app or module.startswith(app + ".")), key=len)


def source_files(include_tests=False):
    tops = CODE + (["tests", "bench"] if include_tests else [])
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def demo_data(path):
    return "demo" in path.parts or path.name.startswith("load_demo")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph():
    """Module -> the project modules it imports (at the top or inside a function alike)."""
    modules = {module_name(path): path for path in source_files()}
    graph = defaultdict(set)
    for name, path in modules.items():
        if demo_data(path):
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module
                targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                for end in range(len(parts), 0, -1):
                    found = ".".join(parts[:end])
                    if found in modules:
                        if found != name:
                            graph[name].add(found)
                        break
    return modules, graph


def readme_arrows():
    """The intended arrows between apps, as the README writes them:
    a fenced block under "Which way the imports run", one line per app, `a/ -> b/ c/`."""
    text = (ROOT / "README.md").read_text()
    section = text.split("### Which way the imports run", 1)[1]
    block = section.split("```", 2)[1]
    arrows = {}
    for line in block.strip().splitlines():
        source, _, targets = line.partition("->")
        source = source.strip().rstrip("/").replace("/", ".")
        arrows[source] = {t.rstrip("/").replace("/", ".") for t in targets.split()
                          if t != "nothing"}
    return arrows


def test_the_readme_names_every_app_and_the_design_rules():
    arrows = readme_arrows()
    assert set(arrows) == set(APPS)
    assert arrows["mrblogg"] == set()
    for app in APPS:
        if app.split(".")[0] == "blog":
            assert not arrows[app] & {"comments", "moderation"}, app
    assert "moderation" not in arrows["comments"]


def test_imports_run_only_along_the_readme_arrows():
    _, graph = import_graph()
    arrows = readme_arrows()
    wrong = sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if app_of(source) != app_of(target) and app_of(target) not in arrows[app_of(source)]
    )
    assert wrong == []


def test_the_readme_arrows_are_all_used():
    _, graph = import_graph()
    used = defaultdict(set)
    for source, targets in graph.items():
        for target in targets:
            if app_of(source) != app_of(target):
                used[app_of(source)].add(app_of(target))
    assert {app: used[app] for app in APPS} == readme_arrows()


def cycles(graph, nodes):
    """Tarjan's strongly connected components with more than one file."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in nodes:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.add(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_circle_between_the_files_of_one_app(app):
    modules, graph = import_graph()
    assert cycles(graph, {m for m in modules if app_of(m) == app}) == []


def tag_libraries():
    """Tag library name -> the app that defines it."""
    return {
        path.stem: app_of(module_name(path))
        for top in CODE
        for path in (ROOT / top).rglob("templatetags/*.py")
        if path.stem != "__init__"
    }


def template_app(folder):
    labels = {app.rpartition(".")[2]: app for app in APPS}
    return labels.get(folder)


def test_templates_load_tags_only_along_the_arrows():
    arrows, libraries = readme_arrows(), tag_libraries()
    wrong = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        app = template_app(template.relative_to(ROOT / "templates").parts[0])
        if app is None:
            continue
        for names in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", template.read_text()):
            for library in names.split():
                owner = libraries.get(library)
                if owner and owner != app and owner not in arrows[app]:
                    wrong.append(f"{template.relative_to(ROOT)} loads {library}")
    assert wrong == []


def test_no_python_file_is_long():
    long = [
        (str(path.relative_to(ROOT)), lines)
        for path in source_files(include_tests=True)
        if not demo_data(path)
        and (lines := len(path.read_text().splitlines())) > MAX_FILE_LINES
    ]
    assert long == []


def test_no_function_is_long():
    long = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == []
