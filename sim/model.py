"""The coalition model: rounds of campaign → respond → poll → negotiate, then the election.

One Mesa step is one round before the nomination deadline. Party agents are ``mesa.Agent``
objects; voter agents are a :class:`~sim.voters.VoterPopulation` of arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import mesa
import numpy as np

from sim.behaviours.base import build
from sim.behaviours.protocols.base import NegotiationProtocol, TableContext
from sim.behaviours.responses.base import VoterResponse
from sim.config import Config
from sim.defection import defect, rival_offer
from sim.negotiation import (
    DISPUTED,
    AllianceState,
    Offer,
    Response,
    World,
    allies_matrix,
    claims_from_assignment,
    make_offer,
    nominations,
    strongest_member,
)
from sim.outcomes import ElectionOutcome, count_election
from sim.parties import PartyAgent
from sim.rng import Streams
from sim.scenario import Scenario, build_scenario
from sim.voters import CampaignSignals, PollResult, VoterPopulation

SWING_LIMITS = (0.25, 4.0)


class CoalitionModel(mesa.Model):
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
        self.population = VoterPopulation.from_scenario(
            sc,
            self.streams,
            voters_per_agent=config.voters.voters_per_agent,
            nonpartisan_share=config.voters.nonpartisan_share,
            concentration=config.voters.trait_concentration,
        )
        self.response: VoterResponse = build(  # type: ignore[assignment]
            "response", config.voters.response.name, config.voters.response.params
        )
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
        self.alliances = self._open_tables()
        self.protocols: list[NegotiationProtocol] = [
            build("protocol", sc.alliances[t.index].protocol.name,  # type: ignore[misc]
                  sc.alliances[t.index].protocol.params)
            for t in self.alliances
        ]
        self.round = 0
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

    # ------------------------------------------------------------------ setup helpers
    def _open_tables(self) -> list[AllianceState]:
        """One negotiating table per alliance, or per (alliance, region) for ``scope = region``.

        At a regional table sit the members whose reference share in that region reaches the
        alliance's ``presence``; a region with fewer than two such members has no table.
        """
        sc = self.scenario
        tables = []
        for a, alliance in enumerate(sc.alliances):
            if alliance.scope == "whole":
                tables.append(self._open_table(a, np.arange(sc.n_constituencies),
                                               list(alliance.members), ""))
                continue
            regional = self._baseline_regional_shares()
            for r, region in enumerate(sc.regions):
                present = [m for m in alliance.members if regional[r, m] >= alliance.presence]
                rows = np.flatnonzero(sc.region_of == r)
                if len(present) >= 2 and rows.size:
                    tables.append(self._open_table(a, rows, present, region))
        return tables

    def _open_table(self, a: int, rows: np.ndarray, members: list[int],
                    region: str) -> AllianceState:
        sc = self.scenario
        alliance = sc.alliances[a]
        reserved = np.full(sc.n_constituencies, -1, dtype=np.int64)
        for g in sc.goodwill:
            if g.beneficiary in members:
                reserved[list(g.constituencies)] = g.beneficiary
        reserved = reserved[rows]
        initial = strongest_member(np.asarray(sc.shares)[rows], members)
        claims = np.zeros((sc.n_parties, rows.size), dtype=bool)
        claims[initial, np.arange(rows.size)] = True
        return AllianceState(
            index=a, name=alliance.name, members=tuple(members), rivals=alliance.rivals,
            active=list(members), assignment=initial, claims=claims, reserved=reserved,
            rows=rows, region=region,
        )

    def _baseline_regional_shares(self) -> np.ndarray:
        """(R, P) electors-weighted reference shares per region."""
        sc = self.scenario
        weights = np.zeros((sc.n_regions, sc.n_parties))
        np.add.at(weights, sc.region_of, sc.shares * sc.electors[:, None])
        return weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)

    def _baseline_support(self) -> np.ndarray:
        """(R, P+1) support expected from the reference election (public knowledge)."""
        sc = self.scenario
        nonpartisan = self.config.voters.nonpartisan_share
        weights = self._baseline_regional_shares()
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
        self.round += 1
        self.campaign()
        self.respond()
        self.take_poll()
        self.negotiate()
        self._record_round()

    def campaign(self) -> None:
        """Allied parties spend effort on joint movements, region by region."""
        self.agents.do("plan_campaign", self.config.campaign.intensity)

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
    def campaign_signals(self) -> CampaignSignals:
        """What voters perceive this round: exposure to joint movements, conflict, leanings."""
        sc = self.scenario
        n_r, n_p = sc.n_regions, sc.n_parties
        reach = self.config.campaign.reach
        exposure = np.zeros((n_r, n_p + 1))
        conflict = np.zeros((n_r, n_p + 1))
        effort = np.array([agent.effort for agent in self.parties]).T  # (R, P)
        unreached = np.ones(n_r)
        seats_per_region = np.maximum(np.bincount(sc.region_of, minlength=n_r), 1)
        for state in self.alliances:
            if not state.formed:
                continue
            cols = np.asarray(state.active)
            regions = np.unique(sc.region_of[state.rows])
            q = 1.0 - np.exp(-reach * effort[regions][:, cols].sum(axis=1))
            exposure[np.ix_(regions, cols + 1)] = q[:, None]
            unreached[regions] *= 1.0 - q
            disputed = np.bincount(sc.region_of[state.rows],
                                   weights=state.disputed_mask().astype(float),
                                   minlength=n_r) / seats_per_region
            conflict[np.ix_(regions, cols + 1)] = disputed[regions][:, None]
        exposure[:, 0] = 1.0 - unreached
        totals = effort.sum(axis=1, keepdims=True)
        lean = np.where(totals > 0, effort / np.where(totals > 0, totals, 1.0), 0.0)
        latest = self.latest_poll.support[:, 1:]
        previous = self.previous_poll.support[:, 1:] if self.previous_poll else latest
        floor = np.array([0.0] + [p.transfer_floor for p in sc.parties])
        ideology = self.world.ideology
        ally_distance = np.zeros(n_p + 1)
        for agent in self.parties:
            partners = list(self.partners_of(agent.index))
            if partners:
                ally_distance[agent.index + 1] = np.abs(ideology[partners]
                                                        - ideology[agent.index]).mean()
        government = np.concatenate([[False], ~sc.opposition]) if sc.government else \
            np.zeros(n_p + 1, dtype=bool)
        campaigned = effort.sum(axis=1) > 0
        self.rounds_since_campaign = np.where(campaigned, 0, self.rounds_since_campaign + 1)
        return CampaignSignals(self.round, exposure, conflict, lean, latest - previous, floor,
                               ally_distance, government, self.rounds_since_campaign.copy(),
                               self.config.seed)

    # ------------------------------------------------------------------ negotiation
    def _negotiate(self, a: int) -> None:
        state = self.alliances[a]
        protocol = self.protocols[a]
        final = self.round >= self.scenario.rounds
        views = {m: self.parties[m].view() for m in state.active}
        ctx = TableContext(
            world=self.world.local(state.rows), state=state, round=self.round,
            rounds=self.scenario.rounds, support=self.public_support,
            forecast=self.swing_forecast(self.public_support)[state.rows],
            transfer=self.public_transfer,
            views=views, strategies={m: self.parties[m].strategy for m in state.active},
            rng=self.streams.generator("negotiation", self.round, a),
            last_offers={m: self.parties[m].offers[-1] for m in state.active
                         if self.parties[m].offers},
        )
        proposal = protocol.propose(ctx)
        assignment = np.asarray(proposal.assignment, dtype=np.int64).copy()
        state.claims = (proposal.claims.copy() if proposal.claims is not None
                        else claims_from_assignment(assignment, self.scenario.n_parties))
        # goodwill gestures bind every protocol: the beneficiary stands there for the alliance
        reserved = np.isin(state.reserved, state.active)
        assignment[reserved] = state.reserved[reserved]
        state.claims[:, reserved] = False
        state.claims[state.reserved[reserved], np.flatnonzero(reserved)] = True
        self._spare_givers(state, assignment, ctx.forecast)
        offers: dict[int, Offer] = {}
        responses: dict[int, Response] = {}
        for m in state.active:
            agent = self.parties[m]
            offer = make_offer(self.world, views[m], self.alliances, a, assignment,
                               agent.party.goals)
            if agent.strategy.considers_rival_offers:
                offer = replace(offer, rival=rival_offer(self.world, views[m], self.alliances,
                                                         a, agent.party.goals, offer))
            response = agent.strategy.respond(views[m], offer)
            if response is Response.DEFECT and offer.rival is None:
                response = Response.WALK_OUT  # no rival alliance to join: it goes alone
            if final and response is Response.REJECT:
                response = Response.WALK_OUT  # at the deadline, no deal means going it alone
            offers[m], responses[m] = offer, response
            agent.offers.append(offer)
            agent.responses.append(response)
            for variable, value in (
                ("seats_claimed", agent.strategy.claim(views[m], offer)),
                ("seats_offered", offer.seats),
                ("expected_seats", offer.expected_seats),
                ("outside_seats", offer.outside_seats),
                ("fair_seats", offer.fair_seats),
                ("accepted", float(response is Response.ACCEPT)),
            ):
                self._record_party(m, variable, value, region=state.region)
        protocol.observe(ctx, offers, responses)
        leavers = [m for m, r in responses.items()
                   if r in (Response.WALK_OUT, Response.DEFECT)]
        for m in leavers:
            state.active.remove(m)
            state.left.append(m)
            if responses[m] is Response.DEFECT:
                joined = defect(self.alliances, a, m, self.swing_forecast(self.public_support))
                new = self.alliances[joined[0]].index
                self.defections.append({"round": self.round, "party": self.scenario.parties[m].id,
                                        "from": state.name,
                                        "to": self.scenario.alliances[new].name})
                self.parties[m].alliance = new
            self.parties[m].in_alliance = any(m in t.active for t in self.alliances if t.formed)
        if leavers and state.active:
            gone = np.isin(assignment, leavers) | (assignment == DISPUTED)
            gone &= ~state.claims[state.active].any(axis=0)
            assignment[gone] = strongest_member(ctx.forecast, state.active)[gone]
            self._spare_givers(state, assignment, ctx.forecast)
        state.assignment = assignment
        if not state.formed:
            state.status = "collapsed"
        elif not leavers and all(r is Response.ACCEPT for r in responses.values()) \
                and not state.disputed_mask().any():
            state.status = "agreed"
            state.agreed_round = self.round
        elif final:
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

    # ------------------------------------------------------------------ records
    def _record(self, level: str, variable: str, value: float, *, party: str = "",
                region: str = "", bloc: str = "") -> None:
        self.records.append({"round": self.round, "level": level, "region": region,
                             "party": party, "bloc": bloc, "variable": variable,
                             "value": float(value)})

    def _record_party(self, m: int, variable: str, value: float, region: str = "") -> None:
        self._record("party", variable, value, party=self.scenario.parties[m].id,
                     bloc=self.bloc_name(m), region=region)

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
        for r, region in enumerate(sc.regions):
            for alliance in sc.alliances:
                cols = np.asarray(alliance.members) + 1
                n = count[r, cols].sum()
                self._record("region", "mean_transfer",
                             willing[r, cols].sum() / n if n else np.nan,
                             region=region, bloc=alliance.name)
            for bloc, cols in self.blocs().items():
                self._record("region", "poll_support",
                             self.latest_poll.support[r, np.asarray(cols) + 1].sum(),
                             region=region, bloc=bloc)

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

