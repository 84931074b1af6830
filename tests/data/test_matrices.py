"""Tests of the aligned arrays (sim.data.matrices) and a real notional baseline (UP 2019)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.notional import Auxiliary, alliance_pairs, reconstruct
from sim.data.matrices import align, state_shares
from sim.data.results import load_results


def test_align_rows_columns_and_stood() -> None:
    res = load_results("wb_assembly_2016", min_state_share=0.0)
    ids = ["WB-AC-002", "WB-AC-001", "XX-AC-999"]
    a = align(res, ids, ["AITC", "BJP", "CPM", "IND", "OTH", "NOPARTY"])
    assert a.ids == tuple(ids) and list(a.present) == [True, True, False]
    assert (a.shares[2] == 0).all() and not a.stood[2].any() and a.valid[2] == 0
    assert (a.shares[:, -1] == 0).all() and not a.stood[:, -1].any()
    full = res.shares()
    for i, cid in enumerate(ids[:2]):
        np.testing.assert_allclose(
            a.shares[i, :5], full.loc[cid, ["AITC", "BJP", "CPM", "IND", "OTH"]]
        )
    cand = res.candidates
    stood_cpm = set(cand.loc[cand["party"] == "CPM", "id"])
    assert a.stood[1, 2] == ("WB-AC-001" in stood_cpm)
    assert (a.shares.sum(axis=1)[:2] <= 1 + 1e-12).all()
    # unopposed winners have the whole vote
    ar = load_results("ar_assembly_2009", min_state_share=0.0)
    b = align(ar, ar.ids[:3], ["INC", "BJP"])
    assert (b.shares[:, 0] == 1.0).all() and b.stood[:, 0].all()
    s = state_shares(res, ["AITC", "BJP", "NOTA", "NOPARTY"], ["West Bengal"])
    assert s[0] == pytest.approx(res.state_shares().loc["West Bengal", "AITC"])
    assert s[2] == 0 and s[3] == 0


def test_up_2019_notional_sp_bsp() -> None:
    """SP and BSP stood down for each other in 2019: notional shares from 2017 and LS 2014."""
    ref = load_results("up_lok_sabha_2019_segments", min_state_share=0.0)
    parties = [p for p in ref.parties if p != "NOTA"]
    r = align(ref, ref.ids, parties)
    aux = []
    for name in ("up_assembly_2017", "up_lok_sabha_2014_segments"):
        a = align(load_results(name, min_state_share=0.0), ref.ids, parties)
        aux.append(Auxiliary(name, a.shares, a.stood))
    sp, bsp = parties.index("SP"), parties.index("BSP")
    out = reconstruct(r.shares, r.stood, alliance_pairs([[sp, bsp]]), aux, weights=r.valid)
    # every segment where one of the two stood for both: all but RLD's 3 PCs and Amethi,
    # Rae Bareli (neither stood): 403 - 15 - 10
    assert len(out.rows) == 378 and out.skipped == ()
    np.testing.assert_allclose(out.shares.sum(axis=1), r.shares.sum(axis=1))
    w = r.valid / r.valid.sum()
    actual = w @ r.shares
    notional = w @ out.shares
    assert notional[sp] + notional[bsp] == pytest.approx(actual[sp] + actual[bsp])
    assert 0.19 < notional[sp] < 0.21 and 0.17 < notional[bsp] < 0.19
    others = [j for j in range(len(parties)) if j not in (sp, bsp)]
    np.testing.assert_array_equal(out.shares[:, others], r.shares[:, others])
