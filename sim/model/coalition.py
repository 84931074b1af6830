"""The coalition model: rounds of campaign → respond → shift support → poll → negotiate, then
the election.

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
from sim.behaviours.support.base import SupportRule, combined_hazards
from sim.config.errors import ConfigError
from sim.config.schema import Config
from sim.core.forecast import flow_swing
from sim.core.rng import Streams
from sim.core.transfers import affinity_matrix
from sim.engine.switch import switch_tables
from sim.model.election_day import ElectionOutcome, count_election
from sim.model.electorate import draw_population
from sim.model.party_agent import PartyAgent, PartyHost
from sim.model.signals import campaign_signals
from sim.model.tables import baseline_regional_shares, open_tables
from sim.negotiation.defection import defect, rival_offer
from sim.negotiation.evaluation import make_offer
from sim.negotiation.facts import World
from sim.negotiation.fixed import bind_fixed, choose_fixed
from sim.negotiation.forecasting import ForecastSetting, SeatForecaster, shrunk_swing
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
from sim.voters.signals import CampaignSignals, SupportSignals
from sim.world.build import build_scenario
from sim.world.scenario import Scenario


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
        self.support_rules = [build(SupportRule, spec.name, spec.params)
                              for spec in config.voters.support]
        self.poll_smoothing = config.polls.smoothing
        ids = list(sc.party_ids)
        self.affinity = affinity_matrix(
            np.array([p.ideology for p in sc.parties]), config.voters.transfer_sharpness,
            {(ids.index(t.party), ids.index(t.to)): t.affinity for t in config.transfer})
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
        self.forecast_setting = self._forecast_setting()
        self._forecasters: dict[int, SeatForecaster] = {}
        self._forecast_noise: tuple[int, np.ndarray] | None = None
        self.forecasts: dict[str, float] = {}
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

    def _forecast_setting(self) -> ForecastSetting:
        """What every party knows for its seat forecasts (the reference election, the rules)."""
        sc = self.scenario
        turnout = np.asarray(sc.turnout, dtype=np.float64)
        electors = np.asarray(sc.electors, dtype=np.float64)
        by_region = (np.bincount(sc.region_of, weights=turnout * electors, minlength=sc.n_regions)
                     / np.maximum(np.bincount(sc.region_of, weights=electors,
                                              minlength=sc.n_regions), 1e-12))
        return ForecastSetting(
            shares=np.asarray(sc.shares), region_of=np.asarray(sc.region_of),
            baseline=self.baseline_support,
            turnout_ratio=turnout / np.maximum(by_region[sc.region_of], 1e-12),
            agents=np.diff(self.population.offsets).astype(np.float64),
            ideology=np.array([p.ideology for p in sc.parties]), affinity=self.affinity,
            defection=self.config.voters.defection_share,
            local_noise=self.config.negotiation.local_noise,
            loyalty=np.array([p.loyalty for p in sc.parties]),
            transfer=np.array([p.initial_transfer for p in sc.parties]))

    def forecaster_for(self, agent: PartyAgent) -> SeatForecaster | None:
        """The party's seat forecaster for this round, from its smoothed polls (made once per
        round; the seats' error scenarios, from the ``forecast-noise`` stream, are shared)."""
        stamp = (self.round, len(agent.polls))
        cached = self._forecasters.get(agent.index)
        if cached is not None and cached.stamp == stamp:
            return cached
        if self._forecast_noise is None or self._forecast_noise[0] != self.round:
            sc = self.scenario
            rng = self.streams.generator("forecast-noise", self.round)
            shape = (self.forecast_setting.draws, sc.n_constituencies, sc.n_parties)
            self._forecast_noise = (self.round, rng.standard_normal(shape))
        forecaster = SeatForecaster(self.forecast_setting, agent.belief(),
                                    self._forecast_noise[1], stamp=stamp)
        self._forecasters[agent.index] = forecaster
        return forecaster

    def swing_forecast(self, support: np.ndarray, respondents: float | None = None
                       ) -> np.ndarray:
        """(C, P) vote shares forecast from baseline shares and the regional change in
        ``support`` (R, P+1), carried to constituencies as flows between parties
        (:func:`sim.core.forecast.flow_swing`); with ``respondents`` (the poll's effective
        sample) each regional change is first shrunk by its sampling error
        (:func:`sim.negotiation.forecasting.shrunk_swing`)."""
        st = self.forecast_setting
        after = np.asarray(support, dtype=np.float64)
        if respondents is not None:
            swing, _ = shrunk_swing(after, st.baseline, respondents)
            after = st.baseline * swing
        after = after / np.maximum(after.sum(axis=1, keepdims=True), 1e-12)
        nonpartisan = st.baseline[st.region_of, :1]
        before = np.hstack([nonpartisan, (1.0 - nonpartisan) * st.shares])
        parties = flow_swing(before, st.baseline, after, st.region_of)[:, 1:]
        return parties / np.maximum(parties.sum(axis=1, keepdims=True), 1e-12)

    # ------------------------------------------------------------------ the round
    def step(self) -> None:
        """One round: campaign, respond, shift support, poll, negotiate."""
        self.campaign()
        self.respond()
        self.shift_support()
        self.take_poll()
        self.negotiate()
        self._record_round()

    def campaign(self) -> None:
        """Every party spends its effort, region by region: allied parties on joint movements
        where they sit at a formed table, every party alone elsewhere."""
        self.agents.do("plan_campaign", self.config.campaign.intensity)
        campaigned = self._joint_effort().sum(axis=1) > 0
        self.rounds_since_campaign = np.where(campaigned, 0, self.rounds_since_campaign + 1)

    def respond(self) -> None:
        """Voter agents update transfer willingness and turnout (array rules per constituency)."""
        signals = self.campaign_signals()
        # the fused kernel returns the round's tallies on the way; other rules return None
        self._tallies = self.population.respond(self.response, signals, self.round,
                                                self.streams)

    def shift_support(self) -> None:
        """The support rules move voters' party identification (one pass over every agent),
        and every constituency's agents are put back in party order."""
        counted = self._tallies if self._tallies is not None else self.population.tallies()
        hazards = combined_hazards(self.support_rules, self.support_signals(counted))
        self._tallies = self.population.shift_support(switch_tables(hazards), self.round,
                                                      self.streams, counted)

    def take_poll(self) -> None:
        """The public poll and every party's own poll of every region (each its own sample);
        update the public's and each party's beliefs (smoothed)."""
        n_regions, sample = self.scenario.n_regions, self.config.polls.sample_size
        poll = self.population.poll(self.round, sample, n_regions, self.streams)
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
        for agent in self.parties:
            agent.learn(self.population.poll(self.round, sample, n_regions, self.streams,
                                             pollster=agent.index + 1), smoothing)
        self.previous_poll, self.latest_poll = self.latest_poll, poll

    def negotiate(self) -> None:
        """Each open alliance's table: a proposal, every member's response, walk-outs."""
        for a, state in enumerate(self.alliances):
            if state.open:
                self._negotiate(a)

    # ------------------------------------------------------------------ signals
    def _effort(self) -> np.ndarray:
        """(R, P) each party's campaign effort this round (alone or in joint movements)."""
        return np.array([agent.effort for agent in self.parties]).T

    def _joint_effort(self) -> np.ndarray:
        """(R, P) the part of it spent on joint movements."""
        return np.array([agent.effort * agent.joint for agent in self.parties]).T

    def support_signals(self, counted: dict[str, np.ndarray]) -> SupportSignals:
        """What can move party identification this round (read-only)."""
        sc = self.scenario
        count = np.zeros((sc.n_regions, sc.n_parties + 1))
        np.add.at(count, sc.region_of, counted["count"])
        composition = count / np.maximum(count.sum(axis=1, keepdims=True), 1e-12)
        partners = np.zeros((sc.n_regions, sc.n_parties, sc.n_parties), dtype=bool)
        for state in self.alliances:
            if state.formed:
                regions = np.unique(sc.region_of[state.rows])
                members = np.asarray(state.active)
                partners[np.ix_(regions, members, members)] = True
        diagonal = np.arange(sc.n_parties)
        partners[:, diagonal, diagonal] = False
        government = np.zeros(sc.n_parties, dtype=bool)
        government[list(sc.government)] = True
        return SupportSignals(
            round=self.round, effort=self._effort(), reach=self.config.campaign.reach,
            partners=partners, ideology=np.array([p.ideology for p in sc.parties]),
            loyalty=np.array([p.loyalty for p in sc.parties]), government=government,
            composition=composition, baseline=self.baseline_support)

    def campaign_signals(self) -> CampaignSignals:
        """What voters perceive this round (read-only: it changes no state)."""
        assert self.latest_poll is not None  # taken when the model is built
        return campaign_signals(
            self.scenario, self.alliances, self._joint_effort(),
            reach=self.config.campaign.reach,
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
        tallies = self._tallies if self._tallies is not None else self.population.tallies()
        self._tallies = None
        agents = tallies["count"].sum(axis=0)
        for agent in self.parties:
            belief = float(np.average(agent.support[:, agent.index + 1],
                                      weights=electors_by_region))
            self._record_party(agent.index, "believed_support", belief)
            self._record_party(agent.index, "support", agents[agent.index + 1] / agents.sum())
            self._record_party(agent.index, "campaign_effort", agent.effort.sum())
            self._record_party(agent.index, "joint_effort", (agent.effort * agent.joint).sum())
            self._record_party(agent.index, "in_alliance", float(agent.in_alliance))
        self._record("scenario", "nonpartisan_support", agents[0] / agents.sum())
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
        self.forecast_final_seats()
        return self.election()

    def forecast_final_seats(self) -> dict[str, float]:
        """Each party's forecast of its own seats under the final nominations, from its last
        beliefs (recorded as ``forecast_seats``; compare with the seats it wins)."""
        sc = self.scenario
        standing = nominations(self.world, self.alliances)
        allies = allies_matrix(sc.n_constituencies, sc.n_parties, self.alliances)
        rows = np.arange(sc.n_constituencies)
        routes = None  # the plan's choice tables: the same for every party
        for agent in self.parties:
            forecaster = self.forecaster_for(agent)
            assert forecaster is not None
            routes = routes or forecaster.routes(rows, standing, allies)
            seats = float(forecaster.seats(rows, standing, allies, routes)[agent.index])
            self.forecasts[agent.party.id] = seats
            self._record_party(agent.index, "forecast_seats", seats)
        return self.forecasts

    def election(self) -> ElectionOutcome:
        """Nominate, let every voter agent vote, and count first-past-the-post."""
        standing = nominations(self.world, self.alliances)
        allies = allies_matrix(self.scenario.n_constituencies, self.scenario.n_parties,
                               self.alliances)
        return count_election(self.scenario, self.population, standing, allies,
                              self.config.voters.defection_share, self.streams,
                              affinity=self.affinity)
