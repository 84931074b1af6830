"""Test kit for behaviours: the contract every behaviour's tests inherit, and hand-built views.

A behaviour's test class inherits :class:`BehaviourContract` and names the behaviour::

    class TestMyStrategy(BehaviourContract):
        family = "strategy"
        name = "my_strategy"
        params = {"stubbornness": 0.7}   # non-default values, to check they round-trip

        def test_its_defining_property(self):
            view = make_view(round=1)
            ...

The contract checks that the behaviour is registered and documented (a one-line summary and a
``Sources:`` line), that its declared parameters round-trip through a config, that the same
seed gives the same trace, and that a 3-round run on a synthetic scenario completes with the
model's invariants intact. The same kit serves users' own behaviours (``package.module:Class``).
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sim.behaviours.protocols.base import TableContext
from sim.behaviours.registry import build, registry, resolve
from sim.config.schema import Config
from sim.core.goals import Goals
from sim.model.coalition import CoalitionModel
from sim.negotiation.facts import World
from sim.negotiation.offers import Offer
from sim.negotiation.tables import DISPUTED, AllianceState
from sim.negotiation.views import PartyView
from sim.run.summary import summarise
from sim.voters.polls import PollResult
from sim.world.loading import validate


def contract_config(family: str, name: str, params: dict[str, Any] | None = None, *,
                    seed: int = 0, rounds: int = 3) -> Config:
    """A small synthetic scenario (3 parties, 2 allied, 24 constituencies in 4 regions) with the
    behaviour plugged into its slot: both partners' strategy, the alliance's protocol, the
    voters' response rule, or the only support rule."""
    spec = {"name": name, "params": dict(params or {})}
    partner = {"office": 1.0, "policy": 0.1, "rival": 0.5}
    document: dict[str, Any] = {
        "name": f"contract-{family}-{name}",
        "seed": seed,
        "scenario": {"source": "synthetic", "government": ["GOV"],
                     "synthetic": {"n_constituencies": 24, "n_regions": 4,
                                   "electors_mean": 20000}},
        "parties": [
            {"id": "GOV", "ideology": 0.2, "strength": 0.45},
            {"id": "AAA", "ideology": -0.6, "strength": 0.3, "goals": partner},
            {"id": "BBB", "ideology": -0.2, "strength": 0.25, "goals": partner},
        ],
        "alliances": [{"name": "Front", "members": ["AAA", "BBB"], "rivals": ["GOV"]}],
        "calendar": {"rounds": rounds},
        "voters": {"voters_per_agent": 200},
        "polls": {"sample_size": 200},
    }
    if family == "strategy":
        for party in document["parties"][1:]:
            party["strategy"] = spec
    elif family == "protocol":
        document["alliances"][0]["protocol"] = spec
    elif family == "response":
        document["voters"]["response"] = spec
    elif family == "support":
        document["voters"]["support"] = [spec]
    else:
        raise ValueError(f"unknown family {family!r}")
    return validate(document, f"<contract {family} {name}>")


def check_run_invariants(model: Any, outcome: Any, summary: dict[str, Any]) -> None:
    """Assert the invariants every finished run must satisfy."""
    sc = model.scenario
    n_c = sc.n_constituencies
    assert sum(summary["seats_by_party"].values()) == n_c
    assert outcome.standing[np.arange(n_c), outcome.winners].all(), "a winner did not stand"
    agents = np.diff(model.population.offsets)
    per_agent = model.population.voters_per_agent
    assert (outcome.votes.sum(axis=1) <= agents * per_agent).all(), "more votes than voters"
    for state in model.alliances:
        if not state.formed:
            continue
        allocated = set(np.unique(state.assignment).tolist()) - {DISPUTED}
        assert allocated <= set(state.active), "a seat went to a non-member"
        for m in state.left:
            assert not (state.assignment == m).any(), "a leaver was allocated seats"


class BehaviourContract:
    """Inherit this in a behaviour's test class and set ``family``, ``name`` and ``params``."""

    family: ClassVar[str] = ""
    name: ClassVar[str] = ""
    params: ClassVar[dict[str, Any]] = {}

    def build(self, **overrides: Any) -> Any:
        """The behaviour with the class's params (and any overrides)."""
        return build(self.family, self.name, {**self.params, **overrides})

    def run(self, seed: int = 0) -> Any:

        model = CoalitionModel(contract_config(self.family, self.name, self.params, seed=seed))
        outcome = model.run()
        return model, outcome, summarise(model, outcome)

    def test_registered_and_documented(self) -> None:
        cls = resolve(self.family, self.name)
        assert self.name in registry(self.family) or ":" in self.name
        doc = inspect.getdoc(cls) or ""
        assert cls.summary(), f"{self.name} has no one-line docstring"
        assert "Sources:" in doc or "Source:" in doc, f"{self.name} cites no source"

    def test_params_round_trip(self) -> None:
        cls = resolve(self.family, self.name)
        behaviour = self.build()
        expected = {**cls.default_params(), **self.params}
        assert behaviour.get_params() == expected
        again = build(self.family, self.name, behaviour.get_params())
        assert again.get_params() == expected
        config = contract_config(self.family, self.name, self.params)
        resolved = config.to_dict()
        spec = {"strategy": lambda d: d["parties"][1]["strategy"],
                "protocol": lambda d: d["alliances"][0]["protocol"],
                "response": lambda d: d["voters"]["response"],
                "support": lambda d: d["voters"]["support"][0]}[self.family](resolved)
        assert spec["params"] == expected

    def test_same_seed_same_trace(self) -> None:
        model_a, _, summary_a = self.run(seed=3)
        model_b, _, summary_b = self.run(seed=3)
        assert summary_a == summary_b
        pd.testing.assert_frame_equal(pd.DataFrame(model_a.records),
                                      pd.DataFrame(model_b.records))

    def test_three_round_run_keeps_invariants(self) -> None:
        model, outcome, summary = self.run(seed=1)
        assert model.round == 3
        check_run_invariants(model, outcome, summary)

    def test_a_protocol_not_tagged_stochastic_ignores_its_stream(self) -> None:
        if self.family != "protocol" or "stochastic" in resolve(self.family, self.name).tags():
            return
        world = make_world(np.array([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4],
                                     [0.4, 0.2, 0.4]]), np.array([0, 0, 1, 1]))
        proposals = [self.build().propose(make_context(world, [1, 2], seed=seed)).assignment
                     for seed in (1, 2)]
        assert np.array_equal(*proposals), "proposals differ with the stream: tag it stochastic"


# ---------------------------------------------------------------------- hand-built views


def make_view(**overrides: Any) -> PartyView:
    """A party's view for scripted tests: party 1 of 3, 2 regions, 4 constituencies."""
    base: dict[str, Any] = {
        "index": 1, "id": "AAA", "ideology": -0.5, "goals": Goals(), "round": 1, "rounds": 8,
        "partners": (2,), "region_of": np.array([0, 0, 1, 1]),
        "support": np.array([[0.1, 0.4, 0.3, 0.2], [0.1, 0.4, 0.2, 0.3]]),
        "transfer": np.array([0.5, 0.5, 0.5]),
        "forecast": np.array([[0.45, 0.3, 0.25]] * 4),
        "allied_regions": np.array([True, True]),
    }
    base.update(overrides)
    return PartyView(**base)


def make_offer(**overrides: Any) -> Offer:
    """An offer for scripted tests (fields as in :class:`~sim.negotiation.Offer`)."""
    base: dict[str, Any] = {
        "round": 1, "final": False, "seats": 10, "disputed": 0, "fair_seats": 10.0,
        "expected_seats": 5.0, "utility": 0.3, "outside_seats": 3.0, "outside_utility": 0.1,
        "bloc_seats": 9.0, "rival_seats": 11.0, "distance": 0.1, "outside_rival_seats": 13.0,
        "n_constituencies": 20,
    }
    base.update(overrides)
    return Offer(**base)


def make_table(world: World, members: list[int], rivals: tuple[int, ...] = ()) -> AllianceState:
    """A whole-scenario table with every seat initially given to the strongest member."""
    cols = np.asarray(members)
    assignment = cols[world.shares[:, cols].argmax(axis=1)]
    claims = np.zeros((world.n_parties, world.n_constituencies), dtype=bool)
    claims[assignment, np.arange(world.n_constituencies)] = True
    return AllianceState(index=0, name="Front", members=tuple(members), rivals=rivals,
                         active=list(members), assignment=assignment, claims=claims,
                         reserved=np.full(world.n_constituencies, -1))


def make_world(shares: np.ndarray, region_of: np.ndarray | None = None, *,
               ideology: np.ndarray | None = None, noise: float = 0.04) -> World:
    """A world for scripted protocol tests."""
    shares = np.asarray(shares, dtype=float)
    n_c, n_p = shares.shape
    region_of = np.zeros(n_c, dtype=np.int64) if region_of is None else np.asarray(region_of)
    return World(shares=shares, region_of=region_of, n_regions=int(region_of.max()) + 1,
                 ideology=np.linspace(-1, 1, n_p) if ideology is None else ideology,
                 min_share_to_stand=0.02, forecast_noise=noise)


def make_context(world: World, members: list[int], *, round: int = 1, rounds: int = 8,
                 support: np.ndarray | None = None, strategies: dict[int, Any] | None = None,
                 transfer: float = 0.5, seed: int = 0) -> Any:
    """A protocol's :class:`~sim.behaviours.protocols.base.TableContext` built by hand.

    Support defaults to the regional means of the shares (no swing), the forecast to the
    shares themselves.
    """
    if support is None:
        support = np.zeros((world.n_regions, world.n_parties + 1))
        for r in range(world.n_regions):
            support[r, 1:] = world.shares[world.region_of == r].mean(axis=0)
    state = make_table(world, members)
    strategies = strategies or {m: build("strategy", "pragmatic") for m in members}
    views = {m: make_view(index=m, round=round, rounds=rounds, region_of=world.region_of,
                          support=support, forecast=world.shares,
                          transfer=np.full(world.n_parties, transfer)) for m in members}
    return TableContext(world=world, state=state, round=round, rounds=rounds, support=support,
                        forecast=world.shares, transfer=np.full(world.n_parties, transfer),
                        views=views, strategies=strategies, rng=np.random.default_rng(seed))


def make_poll(support: np.ndarray, round: int = 1) -> PollResult:
    """A poll with the given (R, P+1) support and middling transfer and turnout."""
    support = np.asarray(support, dtype=float)
    n_r, n_p1 = support.shape
    return PollResult(round, support, np.full((n_r, n_p1 - 1), 0.5),
                      np.full((n_r, n_p1 - 1), 0.7), 100)
