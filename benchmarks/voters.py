"""Voter engine vs idiomatic Mesa, the memory-bandwidth floor, and bytes per agent.

    .venv/bin/python benchmarks/voters.py [--sizes 1e4 1e5 1e6] [--rounds 3] [--big 1e8]
                                          [--threads N] [--seed 1]

For each size, the synthetic toy scenario (configs/toy.toml, 60 constituencies) is scaled to
that many voter agents (one elector each). The engine (``CoalitionModel``: the default
``loyal_transfer`` response and the vote, fused numba kernels) and the Mesa reference
(``benchmarks/mesa_reference.py``: one ``mesa.Agent`` per voter, ``AgentSet.shuffle_do``) start
from the same voters, see the same campaign signals each round (the engine model's) and vote on
the same ballots. Printed per size:

* ns per agent-round of each (respond = one round of the response rule, with the round's
  tallies for the records; vote = the election), and the ratio Mesa / engine;
* the engine's respond time as a multiple of a streaming pass over the same bytes per agent
  (read the party byte, read and write transfer and turnout: 9 bytes) on the same threads;
* statistical agreement: each party's vote share and its supporters' mean transfer
  willingness, engine vs Mesa, as z-scores (sampling error of both runs);
* memory: bytes per agent held by the engine's population and by the Mesa agents (resident
  set growth).

``--big`` adds one engine-only size (default 10^8 agents) for the steady-state memory per
agent: the peak resident set during rounds and the election, less the resident set before the
population existed. Ratios are measured in one run on one machine; they are not timed tests.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for folder in (str(ROOT), str(Path(__file__).resolve().parent)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

from mesa_reference import ReferenceModel  # noqa: E402

from sim.engine import settings, spans  # noqa: E402
from sim.engine.jit import njit  # noqa: E402
from sim.model.coalition import CoalitionModel  # noqa: E402
from sim.negotiation.nominations import allies_matrix, nominations  # noqa: E402
from sim.voters.ballots import build_ballots  # noqa: E402
from sim.world.loading import load_config  # noqa: E402

TOY = ROOT / "configs" / "toy.toml"
N_CONSTITUENCIES = 60


# ---------------------------------------------------------------------------- measuring
def status(field: str) -> int:
    """A /proc/self/status field in bytes (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def reset_peak() -> None:
    """Reset the peak resident set (VmHWM) to the current one (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


@njit(nogil=True)  # not cached: this file also runs as __main__
def _stream_kernel(j0, j1, party, transfer, turnout, item_lo, item_hi):
    raw = party.view(np.uint8)
    for j in range(j0, j1):
        lo = item_lo[j]
        hi = item_hi[j]
        pp = raw[lo:hi]
        tr = transfer[lo:hi]
        to = turnout[lo:hi]
        for i in range(hi - lo):
            b = np.uint16(pp[i])
            tr[i] = tr[i] + b
            to[i] = to[i] + b


def stream_pass(population: Any, repeats: int = 5) -> float:
    """ns per agent of the fastest streaming pass over the bytes a round touches (on copies,
    with the engine's work items and threads)."""
    party = population.party.copy()
    transfer = population.transfer.copy()
    turnout = population.turnout.copy()
    items = spans.work_items(population.offsets)
    best = np.inf
    for _ in range(repeats + 1):
        t = time.perf_counter()
        spans.run_items(_stream_kernel, items, party, transfer, turnout, items.lo, items.hi)
        best = min(best, time.perf_counter() - t)
    return best / population.size * 1e9


def config_for(n: int, seed: int) -> Any:
    return load_config(TOY, ["voters.voters_per_agent=1",
                             f"scenario.synthetic.n_constituencies={N_CONSTITUENCIES}",
                             f"scenario.synthetic.electors_mean={max(1, n // N_CONSTITUENCIES)}"],
                       seed=seed)


def ballots_of(model: CoalitionModel) -> list[Any]:
    sc = model.scenario
    standing = nominations(model.world, model.alliances)
    allies = allies_matrix(sc.n_constituencies, sc.n_parties, model.alliances)
    ideology = np.array([p.ideology for p in sc.parties])
    return build_ballots(standing, allies, ideology, np.asarray(sc.shares))


def next_signals(model: CoalitionModel) -> Any:
    """Advance the engine model to its next round's campaign signals."""
    model.steps += 1  # the round is Mesa's step counter
    model.campaign()
    return model.campaign_signals()


def after_respond(model: CoalitionModel) -> None:
    model.take_poll()
    model.negotiate()


def zscores(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """z-scores of the differences between two multinomial share vectors (counts)."""
    na, nb = a.sum(), b.sum()
    pa, pb = a / na, b / nb
    pooled = (a + b) / (na + nb)
    se = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    return np.where(se > 0, (pa - pb) / np.where(se > 0, se, 1), 0.0)


# ---------------------------------------------------------------------------- one size
class Snapshot:
    """The voters' state at one moment, shaped as the Mesa reference reads a population."""

    def __init__(self, pop: Any) -> None:
        self.offsets = pop.offsets.copy()
        self.region_of = np.asarray(pop.region_of).copy()
        self.party = pop.party.copy()
        self.loyalty = pop.loyalty.copy()
        self.transfer = pop.transfer.copy()
        self.turnout = pop.turnout.copy()
        self.n_parties = pop.n_parties
        self.n_constituencies = pop.n_constituencies
        self.size = pop.size


def compare(n: int, rounds: int, seed: int, with_mesa: bool = True) -> dict[str, Any]:
    """Engine rounds and election first (recording the signals and ballots), then the Mesa
    reference from the same initial voters on the recorded signals and ballots."""
    gc.collect()
    config = config_for(n, seed)
    rss0 = status("VmRSS")
    t = time.perf_counter()
    model = CoalitionModel(config)
    init = time.perf_counter() - t
    pop = model.population
    n = pop.size
    out: dict[str, Any] = {"agents": n, "init_ns": init / n * 1e9,
                           "population_bytes": pop.nbytes / n}
    initial = Snapshot(pop) if with_mesa else None
    reset_peak()
    engine_s = 0.0
    recorded = []
    for _ in range(rounds):
        signals = next_signals(model)
        recorded.append(signals)
        t = time.perf_counter()
        model._tallies = pop.respond(model.response, signals, model.round, model.streams)
        engine_s += time.perf_counter() - t
        after_respond(model)
    ballots = ballots_of(model)
    defection = config.voters.defection_share
    t = time.perf_counter()
    votes, transfer = pop.vote(ballots, defection, model.streams)
    vote_s = time.perf_counter() - t
    out.update(respond_ns=engine_s / (n * rounds) * 1e9, vote_ns=vote_s / n * 1e9)
    out["steady_bytes"] = (status("VmHWM") - rss0) / n
    out["floor_ns"] = stream_pass(pop)
    if not with_mesa:
        return out
    gc.collect()
    rss1 = status("VmRSS")
    t = time.perf_counter()
    reference = ReferenceModel(initial, seed=seed, **model.response.get_params())
    out["mesa_init_ns"] = (time.perf_counter() - t) / n * 1e9
    out["mesa_bytes"] = (status("VmRSS") - rss1) / n
    t = time.perf_counter()
    for signals in recorded:
        reference.respond(signals)
    out["mesa_respond_ns"] = (time.perf_counter() - t) / (n * rounds) * 1e9
    t = time.perf_counter()
    mesa_votes, mesa_transfer = reference.vote(ballots, defection)
    out["mesa_vote_ns"] = (time.perf_counter() - t) / n * 1e9
    # agreement: vote shares (counts of agent votes) and mean transfer willingness by party
    out["vote_z"] = zscores(votes.sum(axis=0), mesa_votes.sum(axis=0))
    out["shares"] = (votes.sum(axis=0) / votes.sum(), mesa_votes.sum(axis=0) / mesa_votes.sum())
    tallies = pop.tallies()
    count = tallies["count"].sum(axis=0)
    engine_w = tallies["transfer_sum"].sum(axis=0) / np.maximum(count, 1)
    mesa_count, mesa_w = reference.transfer_by_party()
    spread = np.array([np.std(pop.transfer[pop.party == p - 1] / 65535.0) if count[p] else 0.0
                       for p in range(count.size)])
    se = spread * np.sqrt(1 / np.maximum(count, 1) + 1 / np.maximum(mesa_count, 1))
    ok = (count > 0) & (se > 0)
    out["transfer_z"] = np.where(ok, (engine_w - np.nan_to_num(mesa_w)) / np.where(ok, se, 1), 0)
    out["transfer_rate"] = (transfer[:, 1].sum() / max(transfer[:, 0].sum(), 1),
                            mesa_transfer[:, 1].sum() / max(mesa_transfer[:, 0].sum(), 1))
    del reference
    gc.collect()
    return out


def warm_up() -> None:
    """Load (or compile) every kernel before timing."""
    model = CoalitionModel(config_for(20_000, 0))
    model.run()
    model.population.tallies()
    stream_pass(model.population, repeats=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=float, default=1e8,
                        help="engine-only size for steady-state memory (0: skip)")
    parser.add_argument("--threads", type=int, default=None,
                        help="engine threads (default: COALSIM_THREADS or every core)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.threads:
        settings.set_threads(args.threads)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{status('MemTotal') or '?'}; python {platform.python_version()}; "
          f"engine {settings.engine()}, {settings.threads()} thread(s)")
    warm_up()
    print(f"{'agents':>10} {'engine ns/agent-round':>22} {'Mesa ns/agent-round':>20} "
          f"{'ratio':>7} {'floor ns':>9} {'× floor':>8} {'max|z| votes':>13} "
          f"{'max|z| transfer':>16}")
    print(f"{'':>10} {'respond':>10} {'vote':>11} {'respond':>9} {'vote':>10} "
          f"{'resp/vote':>7}")
    results = []
    for size in args.sizes:
        r = compare(int(size), args.rounds, args.seed)
        results.append(r)
        ratio_respond = r["mesa_respond_ns"] / r["respond_ns"]
        ratio_vote = r["mesa_vote_ns"] / r["vote_ns"]
        print(f"{r['agents']:>10,} {r['respond_ns']:>10.2f} {r['vote_ns']:>11.2f} "
              f"{r['mesa_respond_ns']:>9.0f} {r['mesa_vote_ns']:>10.0f} "
              f"{ratio_respond:>6.0f}×/{ratio_vote:.0f}× {r['floor_ns']:>7.3f} "
              f"{r['respond_ns'] / r['floor_ns']:>7.1f}× "
              f"{np.abs(r['vote_z']).max():>12.2f} {np.abs(r['transfer_z']).max():>15.2f}")
    print()
    for r in results:
        engine, mesa = r["shares"]
        print(f"{r['agents']:>10,} agents: vote shares engine {np.round(engine, 4).tolist()} "
              f"Mesa {np.round(mesa, 4).tolist()}; transfer rate engine "
              f"{r['transfer_rate'][0]:.4f} Mesa {r['transfer_rate'][1]:.4f}")
        print(f"{'':>10} memory per agent: engine {r['population_bytes']:.0f} bytes "
              f"(population), Mesa {r['mesa_bytes']:.0f} bytes; init engine "
              f"{r['init_ns']:.1f} ns/agent, Mesa {r['mesa_init_ns']:.0f} ns/agent")
    agree = all(np.abs(r["vote_z"]).max() < 4 and np.abs(r["transfer_z"]).max() < 4
                for r in results)
    print(f"\nagreement (every |z| < 4): {'yes' if agree else 'NO'}")
    if args.big:
        big = compare(int(args.big), args.rounds, args.seed, with_mesa=False)
        print(f"\nengine only, {big['agents']:,} agents: respond {big['respond_ns']:.2f} "
              f"ns/agent-round ({big['respond_ns'] / big['floor_ns']:.1f}× the streaming "
              f"floor of {big['floor_ns']:.3f} ns), vote {big['vote_ns']:.2f} ns/agent, "
              f"init {big['init_ns']:.1f} ns/agent; memory {big['population_bytes']:.0f} "
              f"bytes/agent held, {big['steady_bytes']:.2f} bytes/agent peak in steady state "
              f"(rounds + election, resident set over the pre-population baseline)")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
