"""The behaviour registries: automatic registration, coverage by tests, name resolution."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

import sim.behaviours.registry as behaviour_registry
from sim.behaviours.registry import FAMILIES, BehaviourError, build, registry, resolve
from sim.behaviours.strategies.base import PartyStrategy
from sim.cli import main
from sim.testing import BehaviourContract

HERE = Path(__file__).parent


def contract_classes() -> list[type[BehaviourContract]]:
    """Every contract test class in this folder (the modules are imported by name)."""
    for path in sorted(HERE.glob("test_*.py")):
        importlib.import_module(path.stem)
    found, stack = [], list(BehaviourContract.__subclasses__())
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("family", FAMILIES)
def test_every_registered_behaviour_has_a_contract_test_and_a_docstring(family: str) -> None:
    tested = {(c.family, c.name) for c in contract_classes()}
    for name, cls in registry(family).items():
        assert (family, name) in tested, f"{family} {name!r} has no BehaviourContract test class"
        assert cls.summary(), f"{family} {name!r} has no docstring"
        assert "Source" in (inspect.getdoc(cls) or ""), f"{family} {name!r} cites no source"


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register classes without leaving them in the registry."""
    registries = behaviour_registry._REGISTRIES
    monkeypatch.setitem(registries, "strategy", dict(registries["strategy"]))


@pytest.mark.usefixtures("scratch_registry")
def test_defining_a_subclass_registers_it_and_clashing_names_are_refused() -> None:
    class Stubborn(PartyStrategy):
        """Never moves. Sources: a test."""

        name = "test_stubborn_registration"

    assert registry("strategy")["test_stubborn_registration"] is Stubborn
    with pytest.raises(TypeError, match="already registered"):
        class Other(PartyStrategy):
            """Clashes. Sources: a test."""

            name = "pragmatic"


def test_unknown_names_and_parameters_are_clear_errors() -> None:
    with pytest.raises(BehaviourError, match=r"unknown protocol 'nope'.*gamson"):
        resolve("protocol", "nope")
    with pytest.raises(BehaviourError, match=r"has no parameter 'speed'.*demand"):
        build("strategy", "pragmatic", {"speed": 1})
    with pytest.raises(BehaviourError, match=r"must be in \[0.0, 1.0\]"):
        build("strategy", "pragmatic", {"concession": 2})
    with pytest.raises(BehaviourError, match="cannot import module"):
        resolve("strategy", "no_such_module_xyz:Thing")
    with pytest.raises(BehaviourError, match="not a subclass of PartyStrategy"):
        resolve("strategy", "sim.config.schema:Config")


def test_coalsim_list_prints_every_behaviour_with_its_parameters(capsys) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for family in FAMILIES:
        assert f"{family}:" in out
        for name, cls in registry(family).items():
            assert name in out and cls.summary()[:40] in out
    assert "claim_margin=0.8" in out and "responsiveness=1.0" in out
