"""Notional baseline of a pact election: how many constituencies, and the parties' shares.

    .venv/bin/python benchmarks/notional_check.py [--reference up_lok_sabha_2019_segments]
        [--aux up_assembly_2017 up_lok_sabha_2014_segments] [--allies SP BSP]
        [--compare up_assembly_2017]

Runs :func:`sim.core.notional.reconstruct` on the reference election with every pair of the
named allies (``--allies`` may be repeated for several alliances), consulting the auxiliary
elections in the order given, and prints the number of constituencies reconstructed, where
the ratios came from, and each ally's statewide share (weighted by the reference's valid votes)
as it stood, notionally, and in the ``--compare`` election.
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from sim.core.notional import Auxiliary, alliance_pairs, reconstruct
from sim.data.matrices import align, state_shares
from sim.data.results import load_results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default="up_lok_sabha_2019_segments")
    parser.add_argument(
        "--aux", nargs="+", default=["up_assembly_2017", "up_lok_sabha_2014_segments"]
    )
    parser.add_argument("--allies", nargs="+", action="append")
    parser.add_argument("--compare", default="up_assembly_2017")
    args = parser.parse_args()
    alliances = args.allies or [["SP", "BSP"]]
    ref = load_results(args.reference, min_state_share=0.0)
    parties = [p for p in ref.parties if p != "NOTA"]
    r = align(ref, ref.ids, parties)
    auxes = []
    for name in args.aux:
        a = align(load_results(name, min_state_share=0.0), ref.ids, parties)
        auxes.append(Auxiliary(name, a.shares, a.stood))
    col = {p: i for i, p in enumerate(parties)}
    pairs = alliance_pairs([[col[p] for p in group] for group in alliances])
    out = reconstruct(r.shares, r.stood, pairs, auxes, weights=r.valid)
    print(
        f"{args.reference}: {len(out.rows)} of {len(ref.ids)} constituencies reconstructed "
        f"({len(out.reconstructed)} notional shares, {len(out.skipped)} without a ratio)"
    )
    sources = Counter(
        (parties[x.party], parties[x.carrier], x.source, x.auxiliary) for x in out.reconstructed
    )
    for (absent, carrier, source, aux), n in sorted(sources.items()):
        print(f"  {absent:>6} from {carrier:<6} {n:>4}  {source} {aux}")
    w = r.valid / r.valid.sum()
    named = [p for group in alliances for p in group]
    cmp = state_shares(
        load_results(args.compare, min_state_share=0.0),
        named,
        sorted(set(ref.constituencies["state"])),
    )
    print(f"{'party':<6} {'as it stood':>12} {'notional':>9} {args.compare:>20}")
    for k, p in enumerate(named):
        stood, notional = (100 * float(w @ x[:, col[p]]) for x in (r.shares, out.shares))
        print(f"{p:<6} {stood:>11.1f}% {notional:>8.1f}% {100 * cmp[k]:>19.1f}%")
    assert np.allclose(out.shares.sum(axis=1), r.shares.sum(axis=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
