"""The config schema: every key of a run configuration, its type, range and default.

A validated :class:`Config` is frozen, with every default filled. Checks here need no data
file: schema, ranges, cross-references between parties, alliances and calendar. Checks that
need data (a results scenario's datasets, constituencies, party spellings; goodwill seats) are
made where the scenario is built (:mod:`sim.world.checks`).

Pydantic is used because it turns a nested schema into precise, located error messages and
frozen, typed objects with far less code than hand-written checks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from sim.behaviours.registry import BehaviourError, build
from sim.config.errors import require

SHARE_TOLERANCE = 0.02
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_()\-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


class BehaviourSpec(_Strict):
    """A behaviour named in a config: registered name or ``package.module:Class``, and params."""

    name: str
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"name": value}
        return value


def _behaviour_checker(family: str) -> Callable[[BehaviourSpec], BehaviourSpec]:
    def check(spec: BehaviourSpec) -> BehaviourSpec:
        try:
            behaviour = build(family, spec.name, spec.params)
        except BehaviourError as exc:
            raise ValueError(str(exc)) from None
        # store every parameter explicitly so the resolved config is complete
        return BehaviourSpec(name=spec.name, params=behaviour.get_params())

    return check


StrategySpec = Annotated[BehaviourSpec, AfterValidator(_behaviour_checker("strategy"))]
ProtocolSpec = Annotated[BehaviourSpec, AfterValidator(_behaviour_checker("protocol"))]
ResponseSpec = Annotated[BehaviourSpec, AfterValidator(_behaviour_checker("response"))]
SupportSpec = Annotated[BehaviourSpec, AfterValidator(_behaviour_checker("support"))]


def _default(name: str) -> Any:
    return Field(default=name, validate_default=True)


class GoalsConfig(_Strict):
    """Weights of a party's goals in its utility (see :mod:`sim.core.goals`)."""

    office: NonNegative = 1.0
    policy: NonNegative = 0.0
    rival: NonNegative = 0.0


class PartyConfig(_Strict):
    """One party: identity, ideology, goals, behaviour and its supporters' traits."""

    id: str = Field(pattern=ID_PATTERN, max_length=24)
    name: str = ""
    ideology: float = Field(ge=-1.0, le=1.0)
    strength: NonNegative | None = None
    goals: GoalsConfig = GoalsConfig()
    strategy: StrategySpec = _default("pragmatic")
    campaign_budget: NonNegative = 1.0
    loyalty: Fraction = 0.9
    initial_transfer: Fraction = 0.5
    transfer_floor: Fraction = 0.2


class AllianceConfig(_Strict):
    """A pre-electoral alliance that its members try to form."""

    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=2)
    rivals: list[str] = Field(default_factory=list)
    protocol: ProtocolSpec = _default("campaign_responsive")
    scope: Literal["whole", "region"] = "whole"
    presence: Fraction = 0.02
    fixed_seats: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)


class GoodwillConfig(_Strict):
    """A goodwill gesture: ``giver`` fields no candidate in ``constituencies`` (a partner's
    leader stands there), whether or not the alliance is agreed."""

    giver: str
    beneficiary: str
    constituencies: list[str] = Field(min_length=1)


class SyntheticConfig(_Strict):
    """A seeded synthetic geography: regions, strongholds and swing seats."""

    n_constituencies: int = Field(default=60, ge=1, le=100_000)
    n_regions: int = Field(default=6, ge=1)
    electors_mean: int = Field(default=100_000, ge=1)
    electors_spread: float = Field(default=0.2, ge=0.0, lt=1.0)
    stronghold: NonNegative = 0.5
    local_noise: NonNegative = 0.15


class ConstituencyConfig(_Strict):
    """One constituency given explicitly: its electors and each party's baseline vote share."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = ""
    region: str = Field(min_length=1)
    electors: int = Field(ge=1)
    shares: dict[str, NonNegative]

    @field_validator("shares")
    @classmethod
    def _sum_to_one(cls, shares: dict[str, float]) -> dict[str, float]:
        total = sum(shares.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(
                f"shares must sum to about 1 (±{SHARE_TOLERANCE}), they sum to {total:.4f}"
            )
        return shares


class SwingConfig(_Strict):
    """One adjustment of a results baseline (formulas in :mod:`sim.core.swing`), applied in the
    constituencies that match every non-empty filter (all of them if none is given)."""

    party: str
    add: float | None = Field(default=None, ge=-1.0, le=1.0)
    multiply: NonNegative | None = None
    move: Fraction | None = None
    to: str | None = None
    states: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)
    constituencies: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> SwingConfig:
        kinds = [k for k in ("add", "multiply", "move") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a swing needs exactly one of add (share points, e.g. 0.05), "
                             f"multiply (a factor, e.g. 1.2) or move (with to); got {kinds}")
        if (self.move is None) != (self.to is None):
            raise ValueError("'to' (the receiving party) goes with 'move' and only with it")
        return self


class ResultsConfig(_Strict):
    """A scenario built from shipped constituency results (see :mod:`sim.world.results`)."""

    baseline: str | dict[str, NonNegative]
    states: list[str] = Field(default_factory=list)
    regions: Literal["auto", "state", "district", "pc"] = "auto"
    remainder: str = Field(default="OTH", pattern=ID_PATTERN, max_length=24)
    merge: dict[str, list[str]] = Field(default_factory=dict)
    new_parties: list[str] = Field(default_factory=list)
    files: dict[str, str] = Field(default_factory=dict)
    swing: list[SwingConfig] = Field(default_factory=list)


Shares = dict[str, Fraction]


class MoodConfig(_Strict):
    """Target vote shares that anchor a scenario (an opinion poll's, or a real election's):
    the baseline shares are swung to match them before the voters are drawn (formulas in
    :mod:`sim.core.mood`). Give ``shares`` for the whole scenario, or per region (``regions``,
    by region name) or per state (``states``, results scenarios); a group's parties not named
    share what the named ones leave, in proportion to their baseline."""

    shares: Shares = Field(default_factory=dict)
    regions: dict[str, Shares] = Field(default_factory=dict)
    states: dict[str, Shares] = Field(default_factory=dict)
    swing: Literal["proportional", "uniform"] = "proportional"

    @model_validator(mode="after")
    def _one_level(self) -> MoodConfig:
        given = [k for k in ("shares", "regions", "states") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("a mood needs exactly one of shares (the whole scenario), regions "
                             f"or states (tables of shares by party id); got {given or 'none'}")
        return self

    def groups(self) -> list[tuple[str, str | None, dict[str, float]]]:
        """(config key, region or state name or None for the whole scenario, shares)."""
        if self.shares:
            return [("scenario.mood.shares", None, dict(self.shares))]
        level = "regions" if self.regions else "states"
        return [(f"scenario.mood.{level}.{name}", name, dict(shares))
                for name, shares in getattr(self, level).items()]


class ScenarioConfig(_Strict):
    """Where the constituencies and baseline strengths come from."""

    source: Literal["synthetic", "explicit", "results"] = "synthetic"
    synthetic: SyntheticConfig = Field(default_factory=SyntheticConfig)
    constituencies: list[ConstituencyConfig] = Field(default_factory=list)
    results: ResultsConfig | None = None
    government: list[str] = Field(default_factory=list)
    mood: MoodConfig | None = None


class CalendarConfig(_Strict):
    """Rounds of campaigning and negotiation before the nomination deadline."""

    rounds: int = Field(default=8, ge=1, le=1000)
    quiet_rounds: list[int] = Field(default_factory=list)


class CampaignConfig(_Strict):
    """How joint movements reach voters."""

    intensity: NonNegative = 1.0
    reach: NonNegative = 0.5


DEFAULT_SUPPORT = ("persuasion", "anti_incumbency")


class VotersConfig(_Strict):
    """The voter-agent population, its response rule and the rules that move its support."""

    voters_per_agent: int = Field(default=20, ge=1)
    nonpartisan_share: Fraction = 0.15
    turnout: Fraction = 0.75
    trait_concentration: float = Field(default=12.0, gt=0.0)
    defection_share: Fraction = 0.4
    transfer_sharpness: float = Field(default=0.5, ge=0.0, le=20.0)
    response: ResponseSpec = _default("loyal_transfer")
    support: list[SupportSpec] = Field(default=list(DEFAULT_SUPPORT), validate_default=True)

    @field_validator("support")
    @classmethod
    def _distinct(cls, rules: list[BehaviourSpec]) -> list[BehaviourSpec]:
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"each support rule may be listed once, got {names}")
        return rules


class TransferConfig(_Strict):
    """How willingly supporters of ``party`` vote for the ally ``to`` when their own party does
    not stand: a factor in [0, 1] on their transfer willingness (replacing the one the
    parties' ideological distance gives)."""

    party: str
    to: str
    affinity: Fraction


class PollsConfig(_Strict):
    """Opinion polls: the only view parties have of the public."""

    sample_size: int = Field(default=800, ge=10)
    smoothing: float = Field(default=0.5, gt=0.0, le=1.0)


class NegotiationConfig(_Strict):
    """Shared settings of seat-sharing talks."""

    forecast_noise: float = Field(default=0.04, gt=0.0)
    local_noise: float = Field(default=0.01, ge=0.0, le=1.0)
    min_share_to_stand: Fraction = 0.02


class Config(_Strict):
    """A complete, validated run configuration (every default filled)."""

    name: str = Field(default="run", min_length=1)
    description: str = ""
    seed: int = Field(default=0, ge=0)
    scenario: ScenarioConfig = Field(default_factory=ScenarioConfig)
    parties: list[PartyConfig] = Field(min_length=2)
    alliances: list[AllianceConfig] = Field(default_factory=list)
    goodwill: list[GoodwillConfig] = Field(default_factory=list)
    transfer: list[TransferConfig] = Field(default_factory=list)
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    campaign: CampaignConfig = Field(default_factory=CampaignConfig)
    voters: VotersConfig = Field(default_factory=VotersConfig)
    polls: PollsConfig = Field(default_factory=PollsConfig)
    negotiation: NegotiationConfig = Field(default_factory=NegotiationConfig)

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        ids = [p.id for p in self.parties]
        require(len(set(ids)) == len(ids), "parties", f"party ids must be unique, got {ids}")
        known = set(ids)
        seen: dict[str, str] = {}
        for i, alliance in enumerate(self.alliances):
            for j, member in enumerate(alliance.members):
                require(member in known, f"alliances.{i}.members.{j}",
                        f"alliance {alliance.name!r} names undefined party {member!r}; "
                        f"defined parties: {', '.join(ids)}")
                require(member not in seen, f"alliances.{i}.members.{j}",
                        f"party {member!r} is in two alliances ({seen.get(member)!r} and "
                        f"{alliance.name!r})")
                seen[member] = alliance.name
            require(len(set(alliance.members)) == len(alliance.members),
                    f"alliances.{i}.members", "alliance members must be distinct")
            for party in alliance.fixed_seats:
                require(party in alliance.members, f"alliances.{i}.fixed_seats.{party}",
                        f"{party!r} is not a member of {alliance.name!r} "
                        f"({', '.join(alliance.members)})")
            for j, rival in enumerate(alliance.rivals):
                require(rival in known and rival not in alliance.members,
                        f"alliances.{i}.rivals.{j}",
                        f"rival {rival!r} must be a defined party outside the alliance")
        names = [a.name for a in self.alliances]
        require(len(set(names)) == len(names), "alliances", "alliance names must be unique")
        for j, gov in enumerate(self.scenario.government):
            require(gov in known, f"scenario.government.{j}", f"undefined party {gov!r}")
        for r in self.calendar.quiet_rounds:
            require(1 <= r <= self.calendar.rounds, "calendar.quiet_rounds",
                    f"quiet round {r} is outside 1..{self.calendar.rounds}")
        self._check_scenario(known)
        self._check_transfers(known)
        self._check_mood(known)
        for i, gesture in enumerate(self.goodwill):
            for key in ("giver", "beneficiary"):
                require(getattr(gesture, key) in known, f"goodwill.{i}.{key}",
                        f"undefined party {getattr(gesture, key)!r}")
            require(gesture.giver != gesture.beneficiary, f"goodwill.{i}.beneficiary",
                    f"a party cannot stand down in favour of itself ({gesture.giver!r})")
        return self

    def _check_scenario(self, known: set[str]) -> None:
        if self.scenario.source == "explicit":
            require(len(self.scenario.constituencies) > 0, "scenario.constituencies",
                    "an explicit scenario needs at least one [[scenario.constituencies]]")
            cids = [c.id for c in self.scenario.constituencies]
            require(len(set(cids)) == len(cids), "scenario.constituencies",
                    "constituency ids must be unique")
            for i, c in enumerate(self.scenario.constituencies):
                for party in c.shares:
                    require(party in known, f"scenario.constituencies.{i}.shares.{party}",
                            f"undefined party {party!r}")
        elif self.scenario.source == "results":
            require(self.scenario.results is not None, "scenario.results",
                    "a results scenario needs a [scenario.results] table with a baseline")
        else:
            for i, party_config in enumerate(self.parties):
                require(party_config.strength is not None, f"parties.{i}.strength",
                        "a synthetic scenario needs every party's national strength "
                        "(a vote share, e.g. 0.3)")
            total = sum(p.strength or 0.0 for p in self.parties)
            require(total > 0, "parties", "party strengths must not all be zero")

    def scenario_party_ids(self) -> list[str]:
        """The scenario's parties: the listed ones, and a results scenario's remainder."""
        ids = [p.id for p in self.parties]
        results = self.scenario.results
        if self.scenario.source == "results" and results is not None \
                and results.remainder not in ids:
            ids.append(results.remainder)
        return ids

    def _check_transfers(self, known: set[str]) -> None:
        scenario = set(self.scenario_party_ids())
        pairs: set[tuple[str, str]] = set()
        for i, entry in enumerate(self.transfer):
            for key in ("party", "to"):
                require(getattr(entry, key) in scenario, f"transfer.{i}.{key}",
                        f"undefined party {getattr(entry, key)!r}")
            require(entry.party != entry.to, f"transfer.{i}.to",
                    "a transfer goes from one party's supporters to another party")
            require((entry.party, entry.to) not in pairs, f"transfer.{i}",
                    f"the pair {entry.party} -> {entry.to} is given twice")
            pairs.add((entry.party, entry.to))

    def _check_mood(self, known: set[str]) -> None:
        mood = self.scenario.mood
        if mood is None:
            return
        scenario = self.scenario_party_ids()
        require(not mood.states or self.scenario.source == "results", "scenario.mood.states",
                "shares by state need a results scenario; use regions or shares")
        for loc, _, shares in mood.groups():
            for pid in shares:
                require(pid in scenario, f"{loc}.{pid}",
                        f"{pid!r} is not a party of the scenario ({', '.join(scenario)}); use "
                        "canonical ids and put every other party's share under the remainder")
            total = sum(shares.values())
            require(total <= 1.0 + SHARE_TOLERANCE, loc,
                    f"the shares sum to {total:.4f}, more than 1")
            if set(shares) == set(scenario):
                require(abs(total - 1.0) <= SHARE_TOLERANCE, loc,
                        f"shares for every party must sum to about 1 (±{SHARE_TOLERANCE}), "
                        f"they sum to {total:.4f}")

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON/TOML-serialisable dict of every value (defaults included)."""
        return _drop_none(self.model_dump(mode="json"))

    def digest(self) -> str:
        """A stable hash of the resolved configuration."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


