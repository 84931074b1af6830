"""Behaviour base class, capability tags and the automatic registries of behaviour families.

A behaviour is one small class: a registered ``name``, a one-line docstring saying what
real-world conduct it models (and a ``Sources:`` line), explicit keyword parameters stored
unchanged (so ``get_params`` comes from the signature and a sweep can set any of them), and the
decision methods of its family. Defining a subclass with a ``name`` registers it; there is no
hand-kept list. Configs name a behaviour by its registered name, or by ``package.module:Class``
for a user's own code.

What the engine may do with a behaviour is declared, not guessed: a class lists its
capabilities in ``TAGS`` (see :data:`TAG_MEANINGS`), and the engine asks ``cls.tags()``. Tags
are inherited, except ``fusable``: a subclass that changes a rule must declare again that a
fused kernel computes it (and provide the kernel's tables).
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar, overload

FAMILIES = ("strategy", "protocol", "response", "support")

TAG_MEANINGS: Mapping[str, str] = {
    "fusable": "a fused engine kernel computes exactly this rule (``fused_tables``); not "
               "inherited",
    "stochastic": "draws from its random stream: its moves depend on the seed",
    "considers_rival_offers": "asks the engine what the rival alliance would offer "
                              "(``Offer.rival``)",
}
"""Every capability tag a behaviour may declare, and what the engine does with it."""

NOT_INHERITED_TAGS = frozenset({"fusable"})

_REGISTRIES: dict[str, dict[str, type[Behaviour]]] = {family: {} for family in FAMILIES}
_BASES: dict[str, type[Behaviour]] = {}


class BehaviourError(ValueError):
    """A behaviour named in a config does not exist or was given bad parameters."""


class Behaviour:
    """Base of every behaviour family.

    Subclasses of a family base (``PartyStrategy``, ``NegotiationProtocol``, ``VoterResponse``,
    ``SupportRule``)
    register themselves when they define a ``name`` class attribute, and declare their
    capabilities in ``TAGS``.
    """

    family: ClassVar[str] = ""
    name: ClassVar[str] = ""
    TAGS: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, family: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = set(cls.__dict__.get("TAGS", ())) - set(TAG_MEANINGS)
        if unknown:
            raise TypeError(f"{cls.__qualname__} declares unknown tag(s) {sorted(unknown)}; "
                            f"known tags: {', '.join(TAG_MEANINGS)}")
        if family is not None:
            if family not in FAMILIES:
                raise TypeError(f"unknown behaviour family {family!r}")
            cls.family = family
            _BASES[family] = cls
            return
        if "name" in cls.__dict__ and cls.name:
            registry = _REGISTRIES[cls.family]
            existing = registry.get(cls.name)
            if existing is not None and existing.__qualname__ != cls.__qualname__:
                raise TypeError(
                    f"{cls.family} name {cls.name!r} is already registered by "
                    f"{existing.__module__}.{existing.__qualname__}"
                )
            registry[cls.name] = cls

    @classmethod
    def tags(cls) -> frozenset[str]:
        """The capabilities of this class: its own ``TAGS`` and its bases' (except ``fusable``,
        which only the class that declares it has)."""
        own = frozenset(cls.__dict__.get("TAGS", ()))
        inherited = {tag for base in cls.__mro__[1:] for tag in base.__dict__.get("TAGS", ())}
        return own | frozenset(inherited - NOT_INHERITED_TAGS)

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


def registry(family: str) -> dict[str, type[Behaviour]]:
    """All registered behaviours of ``family``, by name."""
    if family not in FAMILIES:
        raise BehaviourError(f"unknown behaviour family {family!r}; expected one of {FAMILIES}")
    return dict(sorted(_REGISTRIES[family].items()))


def family_base(family: str) -> type[Behaviour]:
    """The base class of a family (``"strategy"`` → ``PartyStrategy``, ...)."""
    if family not in _BASES:
        raise BehaviourError(f"unknown behaviour family {family!r}; expected one of {FAMILIES}")
    return _BASES[family]


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
    base = family_base(family)
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


B = TypeVar("B", bound=Behaviour)


@overload
def build(family: type[B], name: str, params: Mapping[str, Any] | None = None) -> B: ...


@overload
def build(family: str, name: str, params: Mapping[str, Any] | None = None) -> Behaviour: ...


def build(family: type[Behaviour] | str, name: str,
          params: Mapping[str, Any] | None = None) -> Behaviour:
    """Instantiate a behaviour of a family (its base class, or its name), turning bad
    parameters into a :class:`BehaviourError`.

    As scikit-learn's ``clone`` does, the instance must give back through ``get_params`` every
    parameter exactly as it was passed (and the defaults of the others): a behaviour that
    renames or transforms a parameter would make resolved configs and sweeps lie.
    """
    family_name = family if isinstance(family, str) else family.family
    cls = resolve(family_name, name)
    params = dict(params or {})
    allowed = cls.param_names()
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BehaviourError(
            f"{family_name} {name!r} has no parameter {unknown[0]!r}; "
            f"its parameters are: {', '.join(allowed) or '(none)'}"
        )
    try:
        behaviour = cls(**params)
    except (TypeError, ValueError) as exc:
        raise BehaviourError(f"{family_name} {name!r}: {exc}") from None
    expected = {**cls.default_params(), **params}
    try:
        stored = behaviour.get_params()
    except AttributeError as exc:
        raise BehaviourError(f"{family_name} {name!r} does not store its parameters as "
                             f"attributes of the same name: {exc}") from None
    for key, value in expected.items():
        if not _same(stored.get(key), value):
            raise BehaviourError(
                f"{family_name} {name!r} does not store parameter {key!r} unchanged: given "
                f"{value!r}, get_params() gives {stored.get(key)!r} (store each keyword "
                "argument as an attribute of the same name)")
    return behaviour


def _same(a: Any, b: Any) -> bool:
    """Equal values (``True`` does not count as ``1``)."""
    try:
        return isinstance(a, bool) == isinstance(b, bool) and bool(a == b)
    except (TypeError, ValueError):
        return a is b


def check_range(name: str, value: float, low: float, high: float) -> float:
    """Validate that a numeric parameter lies in [low, high]; return it as float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"parameter {name!r} must be a number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"parameter {name!r} must be in [{low}, {high}], got {value}")
    return float(value)
