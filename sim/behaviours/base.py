"""Behaviour base class and the automatic registries of behaviour families.

A behaviour is one small class: a registered ``name``, a one-line docstring saying what
real-world conduct it models (and a ``Sources:`` line), explicit keyword parameters stored
unchanged (so ``get_params`` comes from the signature and a sweep can set any of them), and the
decision methods of its family. Defining a subclass with a ``name`` registers it; there is no
hand-kept list. Configs name a behaviour by its registered name, or by ``package.module:Class``
for a user's own code.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from pathlib import Path
from typing import Any, ClassVar

_REGISTRIES: dict[str, dict[str, type[Behaviour]]] = {}
FAMILIES = ("strategy", "protocol", "response")


class BehaviourError(ValueError):
    """A behaviour named in a config does not exist or was given bad parameters."""


class Behaviour:
    """Base of every behaviour family.

    Subclasses of a family base (``PartyStrategy``, ``NegotiationProtocol``, ``VoterResponse``)
    register themselves when they define a ``name`` class attribute.
    """

    family: ClassVar[str] = ""
    name: ClassVar[str] = ""

    def __init_subclass__(cls, family: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if family is not None:
            if family not in FAMILIES:
                raise TypeError(f"unknown behaviour family {family!r}")
            cls.family = family
            _REGISTRIES.setdefault(family, {})
            return
        if "name" in cls.__dict__ and cls.name:
            registry = _REGISTRIES.setdefault(cls.family, {})
            existing = registry.get(cls.name)
            if existing is not None and existing.__qualname__ != cls.__qualname__:
                raise TypeError(
                    f"{cls.family} name {cls.name!r} is already registered by "
                    f"{existing.__module__}.{existing.__qualname__}"
                )
            registry[cls.name] = cls

    @classmethod
    def param_names(cls) -> list[str]:
        """The explicit keyword parameters of the constructor."""
        sig = inspect.signature(cls.__init__)
        return [
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        """Parameter defaults, from the constructor's signature."""
        sig = inspect.signature(cls.__init__)
        return {
            p.name: p.default
            for p in sig.parameters.values()
            if p.name in cls.param_names() and p.default is not inspect.Parameter.empty
        }

    def get_params(self) -> dict[str, Any]:
        """The parameters this instance was built with (stored unchanged as attributes)."""
        return {name: getattr(self, name) for name in self.param_names()}

    @classmethod
    def summary(cls) -> str:
        """The first line of the class docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else ""

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def _load_builtins() -> None:
    """Import the built-in behaviour modules so that their classes register."""
    importlib.import_module("sim.behaviours.strategies")
    importlib.import_module("sim.behaviours.protocols")
    importlib.import_module("sim.behaviours.responses")


def registry(family: str) -> dict[str, type[Behaviour]]:
    """All registered behaviours of ``family``, by name (built-ins loaded on first use)."""
    if family not in FAMILIES:
        raise BehaviourError(f"unknown behaviour family {family!r}; expected one of {FAMILIES}")
    _load_builtins()
    return dict(sorted(_REGISTRIES.get(family, {}).items()))


SEARCH_PATH_VARIABLE = "COALSIM_PATH"


def add_search_path(folder: str | os.PathLike[str]) -> None:
    """Make modules in ``folder`` importable as user behaviours, here and in worker processes
    started later (through the ``COALSIM_PATH`` environment variable)."""
    folder = os.fspath(Path(folder).resolve())
    current = [p for p in os.environ.get(SEARCH_PATH_VARIABLE, "").split(os.pathsep) if p]
    if folder not in current:
        os.environ[SEARCH_PATH_VARIABLE] = os.pathsep.join([*current, folder])
    _extend_sys_path()


def _extend_sys_path() -> None:
    for folder in os.environ.get(SEARCH_PATH_VARIABLE, "").split(os.pathsep):
        if folder and folder not in sys.path:
            sys.path.insert(0, folder)


def resolve(family: str, name: str) -> type[Behaviour]:
    """The class for a registered name or a ``package.module:Class`` reference.

    A user's module is looked up on ``sys.path`` and in the folders of ``COALSIM_PATH`` (the
    folder of every config file loaded is added there, so a behaviour module may sit next to
    its config).
    """
    if ":" in name:
        module_name, _, attr = name.partition(":")
        _extend_sys_path()
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise BehaviourError(
                f"cannot import module {module_name!r} for {name!r}: {exc}"
            ) from None
        cls = getattr(module, attr, None)
        if cls is None:
            raise BehaviourError(f"module {module_name!r} has no attribute {attr!r}")
        base = _family_base(family)
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise BehaviourError(f"{name!r} is not a subclass of {base.__name__}")
        return cls
    known = registry(family)
    if name not in known:
        raise BehaviourError(
            f"unknown {family} {name!r}; expected one of: {', '.join(known)} "
            "(or package.module:Class for your own)"
        )
    return known[name]


def _family_base(family: str) -> type[Behaviour]:
    _load_builtins()
    from sim.behaviours.protocols.base import NegotiationProtocol
    from sim.behaviours.responses.base import VoterResponse
    from sim.behaviours.strategies.base import PartyStrategy

    return {"strategy": PartyStrategy, "protocol": NegotiationProtocol, "response": VoterResponse}[
        family
    ]


def build(family: str, name: str, params: dict[str, Any] | None = None) -> Behaviour:
    """Instantiate a behaviour, turning bad parameters into a :class:`BehaviourError`."""
    cls = resolve(family, name)
    params = dict(params or {})
    allowed = cls.param_names()
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BehaviourError(
            f"{family} {name!r} has no parameter {unknown[0]!r}; "
            f"its parameters are: {', '.join(allowed) or '(none)'}"
        )
    try:
        return cls(**params)
    except (TypeError, ValueError) as exc:
        raise BehaviourError(f"{family} {name!r}: {exc}") from None


def check_range(name: str, value: float, low: float, high: float) -> float:
    """Validate that a numeric parameter lies in [low, high]; return it as float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"parameter {name!r} must be a number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"parameter {name!r} must be in [{low}, {high}], got {value}")
    return float(value)
