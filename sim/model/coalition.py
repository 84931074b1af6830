"""The coalition model: rounds of campaign → respond → poll → negotiate, then the election.

One Mesa step is one round before the nomination deadline (Mesa's own ``steps`` counter is the
round). Party agents are ``mesa.Agent`` objects; voter agents are a
:class:`~sim.voters.population.VoterPopulation` of arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from sim.behaviours.protocols.base import NegotiationProtocol, TableContext
from sim.behaviours.registry import build
from sim.behaviours.responses.base import VoterResponse
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.core.rng import Streams
from sim.model.election_day import ElectionOutcome, count_election
from sim.model.electorate import draw_population
from sim.model.party_agent import PartyAgent, PartyHost
from sim.model.signals import campaign_signals
from sim.model.tables import baseline_regional_shares, open_tables
from sim.negotiation.defection import defect, rival_offer
from sim.negotiation.evaluation import make_offer
from sim.negotiation.facts import World
from sim.negotiation.fixed import bind_fixed, choose_fixed
from sim.negotiation.nominations import allies_matrix, nominations
from sim.negotiation.offers import Offer, Response
from sim.negotiation.tables import (
    DISPUTED,
    AllianceState,
    claims_from_assignment,
    strongest_member,
)
from sim.negotiation.views import PartyView
from sim.voters.polls import PollResult
from sim.voters.signals import CampaignSignals
from sim.world.build import build_scenario
from sim.world.scenario import Scenario

SWING_LIMITS = (0.25, 4.0)


class CoalitionModel(PartyHost):
    """Parties negotiate seat sharing over rounds while voters respond to joint campaigns.

    Args:
        config: a validated configuration.
        scenario: an already built scenario (default: built from ``config``).
    """

    def __init__(self, config: Config, scenario: Scenario | None = None) -> None:
        self.streams = Streams(config.seed)
        super().__init__(seed=self.streams.integer_seed("mesa"))
        self.config = config
        self.scenario = scenario or build_scenario(config, self.streams.generator("scenario"))
        sc = self.scenario
        self.population = draw_population(
            sc,
            self.streams,
            voters_per_agent=config.voters.voters_per_agent,
            nonpartisan_share=config.voters.nonpartisan_share,
            concentration=config.voters.trait_concentration,
        )
        self.response = build(VoterResponse, config.voters.response.name,
                              config.voters.response.params)
        self.world = World(
            shares=np.asarray(sc.shares),
            region_of=np.asarray(sc.region_of),
            n_regions=sc.n_regions,
            ideology=np.array([p.ideology for p in sc.parties]),
            min_share_to_stand=config.negotiation.min_share_to_stand,
            forecast_noise=config.negotiation.forecast_noise,
            goodwill=tuple((g.giver, g.beneficiary, g.constituencies) for g in sc.goodwill),
        )
        alliance_of = sc.alliance_of
        self.parties = [PartyAgent(self, p, i, int(alliance_of[i])) for i, p in
                        enumerate(sc.parties)]
        self.alliances = open_tables(sc)
        self._fix_seats()
        self.protocols = [build(NegotiationProtocol, sc.alliances[t.index].protocol.name,
                                sc.alliances[t.index].protocol.params)
                          for t in self.alliances]
        self._tallies: dict[str, np.ndarray] | None = None
        self.rounds_since_campaign = np.zeros(sc.n_regions, dtype=np.int64)
        self.defections: list[dict[str, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.baseline_support = self._baseline_support()
        self.public_support = self.baseline_support.copy()
        self.public_transfer = np.array([p.initial_transfer for p in sc.parties])
        self.previous_poll: PollResult | None = None
        self.latest_poll: PollResult | None = None
        self.take_poll()

    def _fix_seats(self) -> None:
        """Mark each table's fixed seats (``alliances.N.fixed_seats``), chosen once from the
        reference election (:func:`sim.negotiation.fixed.choose_fixed`)."""
        sc = self.scenario
        shares = np.asarray(sc.shares)
        for a, alliance in enumerate(sc.alliances):
            tables = [t for t in self.alliances if t.index == a]
            for m, count in alliance.fixed_seats:
                gestures = [c for g in sc.goodwill if g.giver == m for c in g.constituencies]
                try:
                    rows = choose_fixed(shares, [(t.rows, t.members) for t in tables], m,
                                        count, np.array(gestures, dtype=np.int64))
                except ValueError as exc:
                    raise ConfigError(f"alliances.{a}.fixed_seats.{sc.parties[m].id}: "
                                      f"{exc}") from None
                for t in tables:
                    if m not in t.members:
                        continue
                    if t.fixed is None:
                        t.fixed = np.full(t.rows.size, -1, dtype=np.int64)
                    t.fixed[np.isin(t.rows, rows)] = m
                    t.fixed_members = (*t.fixed_members, m)

    @property
    def round(self) -> int:
        """The current round: Mesa's step counter (0 before the first round)."""
        return self.steps

    # ------------------------------------------------------------------ beliefs
    def _baseline_support(self) -> np.ndarray:
        """(R, P+1) support expected from the reference election (public knowledge)."""
        sc = self.scenario
        nonpartisan = self.config.voters.nonpartisan_share
        weights = baseline_regional_shares(sc)
        return np.hstack([np.full((sc.n_regions, 1), nonpartisan), (1 - nonpartisan) * weights])

    def swing_forecast(self, support: np.ndarray) -> np.ndarray:
        """(C, P) vote shares forecast from baseline shares and the regional swing in ``support``.

        Proportional swing: share[c, p] × support[r, p] / baseline[r, p], renormalised.
        """
        base = self.baseline_support[:, 1:]
        with np.errstate(invalid="ignore", divide="ignore"):
            swing = np.where(base > 0, support[:, 1:] / base, 1.0)
        swing = np.clip(np.nan_to_num(swing, nan=1.0), *SWING_LIMITS)
        raw = np.asarray(self.scenario.shares) * swing[self.scenario.region_of]
        return raw / np.maximum(raw.sum(axis=1, keepdims=True), 1e-12)

    # ------------------------------------------------------------------ the round
    def step(self) -> None:
        """One round: campaign, respond, poll, negotiate."""
        self.campaign()
        self.respond()
        self.take_poll()
        self.negotiate()
        self._record_round()

    def campaign(self) -> None:
        """Allied parties spend effort on joint movements, region by region."""
        self.agents.do("plan_campaign", self.config.campaign.intensity)
        campaigned = self._effort().sum(axis=1) > 0
        self.rounds_since_campaign = np.where(campaigned, 0, self.rounds_since_campaign + 1)

    def respond(self) -> None:
        """Voter agents update transfer willingness and turnout (array rules per constituency)."""
        signals = self.campaign_signals()
        # the fused kernel returns the round's tallies on the way; other rules return None
        self._tallies = self.population.respond(self.response, signals, self.round,
                                                self.streams)

    def take_poll(self) -> None:
        """Poll every region; update the public and every party's beliefs (smoothed)."""
        poll = self.population.poll(self.round, self.config.polls.sample_size,
                                    self.scenario.n_regions, self.streams)
        smoothing = self.config.polls.smoothing
        if self.round == 0:
            self.public_support = poll.support.copy()
        else:
            self.public_support = smoothing * poll.support + (1 - smoothing) * self.public_support
        polled = poll.party_transfer()
        self.public_transfer = np.where(
            np.isnan(polled), self.public_transfer,
            polled if self.round == 0 else
            smoothing * polled + (1 - smoothing) * self.public_transfer)
        self.agents.do("learn", poll, smoothing)
        self.previous_poll, self.latest_poll = self.latest_poll, poll

    def negotiate(self) -> None:
        """Each open alliance's table: a proposal, every member's response, walk-outs."""
        for a, state in enumerate(self.alliances):
            if state.open:
                self._negotiate(a)

    # ------------------------------------------------------------------ signals
    def _effort(self) -> np.ndarray:
        """(R, P) each party's campaign effort this round."""
        return np.array([agent.effort for agent in self.parties]).T

    def campaign_signals(self) -> CampaignSignals:
        """What voters perceive this round (read-only: it changes no state)."""
        assert self.latest_poll is not None  # taken when the model is built
        return campaign_signals(
            self.scenario, self.alliances, self._effort(), reach=self.config.campaign.reach,
            round_no=self.round, latest_poll=self.latest_poll, previous_poll=self.previous_poll,
            partners=[list(self.partners_of(agent.index)) for agent in self.parties],
            rounds_since_campaign=self.rounds_since_campaign, seed=self.config.seed)

    # ------------------------------------------------------------------ negotiation
    def _negotiate(self, a: int) -> None:
        """One round at table ``a``: propose, hear every member, let leavers go, settle."""
        state, protocol = self.alliances[a], self.protocols[a]
        ctx = self._table_context(a)
        assignment = self._proposal(state, protocol, ctx)
        offers, responses = self._responses(a, assignment, ctx.views)
        protocol.observe(ctx, offers, responses)
        leavers = [m for m, r in responses.items() if r in (Response.WALK_OUT, Response.DEFECT)]
        for m in leavers:
            self._leave(a, m, defects=responses[m] is Response.DEFECT)
        if leavers and state.active:
            self._reassign_leavers_seats(state, assignment, leavers, ctx.forecast)
        state.assignment = assignment
        self._settle(state, leavers, responses)

    def _table_context(self, a: int) -> TableContext:
        """What the protocol sees at table ``a`` this round."""
        state = self.alliances[a]
        return TableContext(
            world=self.world.local(state.rows), state=state, round=self.round,
            rounds=self.scenario.rounds, support=self.public_support,
            forecast=self.swing_forecast(self.public_support)[state.rows],
            transfer=self.public_transfer,
            views={m: self.parties[m].view() for m in state.active},
            strategies={m: self.parties[m].strategy for m in state.active},
            rng=self.streams.generator("negotiation", self.round, a),
            last_offers={m: self.parties[m].offers[-1] for m in state.active
                         if self.parties[m].offers},
        )

    def _proposal(self, state: AllianceState, protocol: NegotiationProtocol,
                  ctx: TableContext) -> np.ndarray:
        """The protocol's allocation, bound by goodwill gestures (every protocol honours them:
        the beneficiary stands there for the alliance); sets the table's claims."""
        proposal = protocol.propose(ctx)
        assignment = np.asarray(proposal.assignment, dtype=np.int64).copy()
        state.claims = (proposal.claims.copy() if proposal.claims is not None
                        else claims_from_assignment(assignment, self.scenario.n_parties))
        reserved = np.isin(state.reserved, state.active)
        assignment[reserved] = state.reserved[reserved]
        state.claims[:, reserved] = False
        state.claims[state.reserved[reserved], np.flatnonzero(reserved)] = True
        bind_fixed(state, assignment, ctx.forecast)
        self._spare_givers(state, assignment, ctx.forecast)
        return assignment

    def _responses(self, a: int, assignment: np.ndarray, views: dict[int, PartyView]
                   ) -> tuple[dict[int, Offer], dict[int, Response]]:
        """Every member judges the proposal through its own beliefs (``views``) and answers."""
        state = self.alliances[a]
        final = self.round >= self.scenario.rounds
        offers: dict[int, Offer] = {}
        responses: dict[int, Response] = {}
        for m in state.active:
            agent = self.parties[m]
            view = views[m]
            offer = make_offer(self.world, view, self.alliances, a, assignment, agent.party.goals)
            if "considers_rival_offers" in agent.strategy.tags():
                offer = replace(offer, rival=rival_offer(self.world, view, self.alliances, a,
                                                         agent.party.goals, offer))
            response = agent.strategy.respond(view, offer)
            if response is Response.DEFECT and offer.rival is None:
                response = Response.WALK_OUT  # no rival alliance to join: it goes alone
            if final and response is Response.REJECT:
                response = Response.WALK_OUT  # at the deadline, no deal means going it alone
            offers[m], responses[m] = offer, response
            agent.offers.append(offer)
            agent.responses.append(response)
            for variable, value in (
                ("seats_claimed", agent.strategy.claim(view, offer)),
                ("seats_offered", offer.seats),
                ("expected_seats", offer.expected_seats),
                ("outside_seats", offer.outside_seats),
                ("fair_seats", offer.fair_seats),
                ("accepted", float(response is Response.ACCEPT)),
            ):
                self._record_party(m, variable, value, region=state.region)
        return offers, responses

    def _leave(self, a: int, m: int, *, defects: bool) -> None:
        """Party ``m`` leaves table ``a``: it walks out, or defects to the rival alliance."""
        state = self.alliances[a]
        state.active.remove(m)
        state.left.append(m)
        if defects:
            joined = defect(self.alliances, a, m, self.swing_forecast(self.public_support))
            new = self.alliances[joined[0]].index
            self.defections.append({"round": self.round, "party": self.scenario.parties[m].id,
                                    "from": state.name, "to": self.scenario.alliances[new].name})
            self.parties[m].alliance = new
        self.parties[m].in_alliance = any(m in t.active for t in self.alliances if t.formed)

    def _reassign_leavers_seats(self, state: AllianceState, assignment: np.ndarray,
                                leavers: list[int], forecast: np.ndarray) -> None:
        """Seats of members who left (and disputes nobody still claims) go to the strongest
        remaining member."""
        gone = np.isin(assignment, leavers) | (assignment == DISPUTED)
        gone &= ~state.claims[state.active].any(axis=0)
        assignment[gone] = strongest_member(forecast, state.active)[gone]
        bind_fixed(state, assignment, forecast)
        self._spare_givers(state, assignment, forecast)

    def _settle(self, state: AllianceState, leavers: list[int],
                responses: dict[int, Response]) -> None:
        """The table's status after the round: collapsed, agreed, at the deadline, or open."""
        if not state.formed:
            state.status = "collapsed"
        elif not leavers and all(r is Response.ACCEPT for r in responses.values()) \
                and not state.disputed_mask().any():
            state.status = "agreed"
            state.agreed_round = self.round
        elif self.round >= self.scenario.rounds:
            state.status = "deadline"

    def _spare_givers(self, state: AllianceState, assignment: np.ndarray,
                      forecast: np.ndarray) -> None:
        """A goodwill giver never stands in its gesture seats (see ``nominations``), so a seat
        allocated to it there (its beneficiary is not at the table) goes to the strongest other
        partner instead of leaving the alliance without a candidate."""
        for g in self.scenario.goodwill:
            others = [m for m in state.active if m != g.giver]
            hit = np.flatnonzero(np.isin(state.rows, g.constituencies)
                                 & (assignment == g.giver))
            if others and hit.size:
                assignment[hit] = strongest_member(forecast[hit], others)
                state.claims[:, hit] = False
                state.claims[assignment[hit], hit] = True

    # ------------------------------------------------------------------ alliances
    def partners_of(self, m: int) -> set[int]:
        """Parties allied with ``m`` at any formed table (any region)."""
        return {o for t in self.alliances if t.formed and m in t.active for o in t.active} - {m}

    def allied_regions(self, m: int) -> np.ndarray:
        """(R,) bool: regions where ``m`` sits at a formed table."""
        mask = np.zeros(self.scenario.n_regions, dtype=bool)
        for t in self.alliances:
            if t.formed and m in t.active:
                mask[np.unique(self.scenario.region_of[t.rows])] = True
        return mask

    def bloc_name(self, m: int) -> str:
        """The alliance a party belongs to at the start, or its own id."""
        a = self.parties[m].alliance
        return self.scenario.alliances[a].name if a >= 0 else self.scenario.parties[m].id

    def blocs(self) -> dict[str, list[int]]:
        """Blocs by name: each alliance with its members (a party that walked out still counts
        with its alliance; one that defected counts with the alliance it joined), then
        unallied parties."""
        out: dict[str, list[int]] = {a.name: [] for a in self.scenario.alliances}
        for m, agent in enumerate(self.parties):
            if agent.alliance >= 0:
                out[self.scenario.alliances[agent.alliance].name].append(m)
            else:
                out[agent.party.id] = [m]
        return out

    # ------------------------------------------------------------------ records
    def _record(self, level: str, variable: str, value: float, *, party: str = "",
                region: str = "", bloc: str = "") -> None:
        self.records.append({"round": self.round, "level": level, "region": region,
                             "party": party, "bloc": bloc, "variable": variable,
                             "value": float(value)})

    def _record_party(self, m: int, variable: str, value: float, region: str = "") -> None:
        self._record("party", variable, value, party=self.scenario.parties[m].id,
                     bloc=self.bloc_name(m), region=region)

    def _record_round(self) -> None:
        sc = self.scenario
        electors_by_region = np.bincount(sc.region_of, weights=sc.electors, minlength=sc.n_regions)
        for agent in self.parties:
            belief = float(np.average(agent.support[:, agent.index + 1],
                                      weights=electors_by_region))
            self._record_party(agent.index, "believed_support", belief)
            self._record_party(agent.index, "campaign_effort", agent.effort.sum())
            self._record_party(agent.index, "in_alliance", float(agent.in_alliance))
        tallies = self._tallies if self._tallies is not None else self.population.tallies()
        self._tallies = None
        count = np.zeros((sc.n_regions, sc.n_parties + 1))
        willing = np.zeros_like(count)
        np.add.at(count, sc.region_of, tallies["count"])
        np.add.at(willing, sc.region_of, tallies["transfer_sum"])
        assert self.latest_poll is not None
        for r, region in enumerate(sc.regions):
            for alliance in sc.alliances:
                cols = np.asarray(alliance.members) + 1
                n = count[r, cols].sum()
                self._record("region", "mean_transfer",
                             willing[r, cols].sum() / n if n else np.nan,
                             region=region, bloc=alliance.name)
            for bloc, members in self.blocs().items():
                self._record("region", "poll_support",
                             self.latest_poll.support[r, np.asarray(members) + 1].sum(),
                             region=region, bloc=bloc)

    # ------------------------------------------------------------------ the whole run
    def run(self, progress: Callable[[int], None] | None = None) -> ElectionOutcome:
        """Play every round to the nomination deadline, then hold the election."""
        while self.round < self.scenario.rounds:
            self.step()
            if progress:
                progress(self.round)
        for state in self.alliances:
            if state.open:
                state.status = "deadline"
        return self.election()

    def election(self) -> ElectionOutcome:
        """Nominate, let every voter agent vote, and count first-past-the-post."""
        standing = nominations(self.world, self.alliances)
        allies = allies_matrix(self.scenario.n_constituencies, self.scenario.n_parties,
                               self.alliances)
        return count_election(self.scenario, self.population, standing, allies,
                              self.config.voters.defection_share, self.streams)
