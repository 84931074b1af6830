"""The house in layers: no import cycle anywhere, every floor in the contract, light floors stay
light, and each package says what it holds and what it may import.

The layers contract itself (no upward import) is checked by ``lint-imports`` in ``make test``
(``[tool.importlinter]`` in pyproject.toml); these tests check what a layers contract cannot.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import grimp
import pytest
from builders import ROOT

import sim

PACKAGE = ROOT / "sim"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("sim", include_external_packages=False)


def strongly_connected(nodes: set[str], edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components (iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(component)
    return out


def test_tarjan_finds_a_hand_made_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected({"a", "b", "c", "d"}, edges) == [{"a", "b", "c"}]


def test_no_import_cycle_not_even_through_function_level_imports(graph: grimp.ImportGraph
                                                                 ) -> None:
    # grimp sees every import statement, module level or inside a function, TYPE_CHECKING too
    modules = {m for m in graph.modules if m != "sim"}
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i != "sim"}
             for m in modules}
    cycles = strongly_connected(modules, edges)
    assert cycles == [], f"import cycles: {[sorted(c) for c in cycles]}"


def test_nothing_imports_the_root_package(graph: grimp.ImportGraph) -> None:
    # the root's public API is lazy; importing it from inside would tie every floor together
    assert graph.find_modules_that_directly_import("sim") == set()


def test_every_subpackage_is_a_floor_of_the_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    floors = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    children = {f"sim.{p.stem}" for p in PACKAGE.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists())
                or (p.suffix == ".py" and not p.name.startswith("_"))}
    assert children == floors


@pytest.mark.parametrize("package", sorted(p.parent.relative_to(ROOT).as_posix()
                                           for p in PACKAGE.rglob("__init__.py")))
def test_each_package_says_what_it_holds_and_may_import(package: str) -> None:
    doc = (ROOT / package / "__init__.py").read_text(encoding="utf-8")
    assert doc.startswith('"""'), package
    top_level = package.count("/") == 1
    if top_level and package != "sim":
        assert "May import" in doc, package


LIGHT = {
    # module: heavy libraries it must not load
    "sim.core.fptp": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
    "sim.core.games": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
    "sim.core.swing": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
    "sim.negotiation.evaluation": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
    "sim.negotiation.defection": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
    "sim.data.results": ("numba", "pydantic", "mesa", "matplotlib"),
    "sim.config.errors": ("numba", "mesa", "pandas", "matplotlib"),
    "sim.cli": ("numba", "pydantic", "mesa", "pandas", "matplotlib"),
}


@pytest.mark.parametrize("module", sorted(LIGHT))
def test_light_floors_load_no_heavy_library(module: str) -> None:
    heavy = LIGHT[module]
    code = (f"import sys, {module}; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "", f"{module} loads {done.stdout.strip()}"


def test_the_public_api_lists_what_it_exports() -> None:
    assert set(sim.__all__) == {"__version__", *sim._EXPORTS}
    for name in sim.__all__:
        assert getattr(sim, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = sim.nope  # type: ignore[attr-defined]


def test_schema_validation_reads_no_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import sim.data.results
    from sim.config.loading import validate_schema

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the schema read a data file")

    monkeypatch.setattr(sim.data.results, "load_results", refuse)
    config = validate_schema({
        "scenario": {"source": "results", "results": {"baseline": "no_such_dataset"}},
        "parties": [{"id": "AITC", "ideology": 0.0}, {"id": "BJP", "ideology": 0.5}],
    })
    assert config.scenario.results is not None
