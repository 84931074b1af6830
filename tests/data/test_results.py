"""Tests of the results loader against the validation figures of sim/data/india/SOURCES.md."""

from __future__ import annotations

import gzip
import re
import time
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.data import results as results_mod
from sim.data.errors import DataError
from sim.data.results import (
    ElectionResults,
    available_datasets,
    constituency_id,
    known_party_ids,
    load_results,
    normalise_state,
    state_code,
)

ALL = ("wb_assembly_2016", "lok_sabha_2019", "lok_sabha_2014", "wb_lok_sabha_2019_segments")


@pytest.fixture(scope="module")
def loaded() -> dict[str, ElectionResults]:
    return {d: load_results(d) for d in ALL}


def test_available_datasets() -> None:
    assert set(ALL) <= set(available_datasets())  # plus the corpus: tests/data/test_corpus.py
    assert available_datasets() == sorted(available_datasets())
    with pytest.raises(KeyError, match="unknown dataset"):
        load_results("lok_sabha_1952")
    with pytest.raises(ValueError, match="min_state_share"):
        load_results("lok_sabha_2019", min_state_share=1.5)


@pytest.mark.parametrize(
    ("dataset", "n"),
    [
        ("wb_assembly_2016", 294),
        ("lok_sabha_2019", 542),
        ("lok_sabha_2014", 543),
        ("wb_lok_sabha_2019_segments", 294),
    ],
)
def test_constituency_counts(loaded: dict[str, ElectionResults], dataset: str, n: int) -> None:
    res = loaded[dataset]
    c = res.constituencies
    assert res.n_constituencies == n == len(c) == res.votes.shape[0]
    assert len(res.winners) == n == len(res.margin)
    assert c["id"].is_unique
    assert res.votes.shape[1] == len(res.parties)
    assert res.votes.dtype == np.int64
    level = "AC" if dataset.startswith("wb_") else "PC"
    assert all(re.fullmatch(rf"[A-Z]{{2}}-{level}-\d{{3}}", i) for i in c["id"])
    # sorted by (state, number)
    assert list(zip(c["state"], c["number"], strict=True)) == sorted(
        zip(c["state"], c["number"], strict=True)
    )
    assert (
        c["id"]
        == [constituency_id(s, level, k) for s, k in zip(c["state_code"], c["number"], strict=True)]
    ).all()


def test_vellore_missing_2019(loaded: dict[str, ElectionResults]) -> None:
    ids = set(loaded["lok_sabha_2019"].ids)
    assert "TN-PC-008" not in ids
    assert "TN-PC-007" in ids and "TN-PC-009" in ids
    assert "TN-PC-008" in set(loaded["lok_sabha_2014"].ids)
    tn = loaded["lok_sabha_2019"].constituencies.query("state == 'Tamil Nadu'")
    assert len(tn) == 38


def test_states_and_codes(loaded: dict[str, ElectionResults]) -> None:
    c19 = loaded["lok_sabha_2019"].constituencies
    c14 = loaded["lok_sabha_2014"].constituencies
    counts = {"Uttar Pradesh": 80, "West Bengal": 42, "Andhra Pradesh": 25, "Telangana": 17}
    for state, k in counts.items():
        assert (c19["state"] == state).sum() == k
        assert (c14["state"] == state).sum() == k
    assert c19["state"].nunique() == c14["state"].nunique() == 36
    # same ids for the same PC in both elections (2008 delimitation)
    assert set(c14["id"]) - set(c19["id"]) == {"TN-PC-008"}
    assert state_code("Orissa") == "OD" == state_code("Odisha")
    assert normalise_state("WEST BENGAL") == "West Bengal"
    assert normalise_state("Andaman & Nicobar") == "Andaman & Nicobar Islands"
    with pytest.raises(KeyError):
        normalise_state("Atlantis")


def test_andhra_split_2014(loaded: dict[str, ElectionResults]) -> None:
    c14 = loaded["lok_sabha_2014"].constituencies.set_index("id")
    c19 = loaded["lok_sabha_2019"].constituencies.set_index("id")
    assert c14.at["TG-PC-001", "name"] == "ADILABAD"
    assert c14.at["TG-PC-017", "name"] == "KHAMMAM"
    assert c14.at["AP-PC-001", "source_number"] == 18
    assert c14.at["AP-PC-025", "name"] == "CHITTOOR"
    for pid in c14.index[c14["state_code"].isin(["AP", "TG"])]:
        a, b = c14.at[pid, "name"], c19.at[pid, "name"]
        assert a[:3] == b[:3] or {a, b} == {"ARUKU", "ARAKU"}, (pid, a, b)


@pytest.mark.parametrize(
    ("dataset", "expected", "exact"),
    [
        (
            "wb_assembly_2016",
            {
                "AITC": 211,
                "INC": 44,
                "CPM": 26,
                "BJP": 3,
                "GJM": 3,
                "RSP": 3,
                "AIFB": 2,
                "CPI": 1,
                "IND": 1,
            },
            True,
        ),
        (
            "lok_sabha_2019",
            {
                "BJP": 303,
                "INC": 52,
                "DMK": 23,
                "AITC": 22,
                "YSRCP": 22,
                "SHS": 18,
                "JDU": 16,
                "BJD": 12,
                "BSP": 10,
                "TRS": 9,
                "LJP": 6,
                "NCP": 5,
                "SP": 5,
                "IND": 4,
                "CPM": 3,
            },
            False,
        ),
        (
            "lok_sabha_2014",
            {"BJP": 282, "INC": 44, "ADMK": 37, "AITC": 34, "BJD": 20, "SHS": 18},
            False,
        ),
        ("wb_lok_sabha_2019_segments", {"AITC": 164, "BJP": 121, "INC": 9}, True),
    ],
)
def test_seats_won(
    loaded: dict[str, ElectionResults], dataset: str, expected: dict[str, int], exact: bool
) -> None:
    seats = loaded[dataset].seats_won()
    assert sum(seats.values()) == loaded[dataset].n_constituencies
    if exact:
        assert seats == expected
    else:
        assert {p: seats.get(p, 0) for p in expected} == expected
    assert list(seats.values()) == sorted(seats.values(), reverse=True)


@pytest.mark.parametrize(
    ("dataset", "total", "nota", "electors", "candidates"),
    [
        ("wb_assembly_2016", 54_697_791, 831_848, 65_939_006, 1_961),
        ("lok_sabha_2019", 613_138_127, 6_514_558, 910_512_091, 8_026),
        ("lok_sabha_2014", 553_801_801, None, None, 8_251),
    ],
)
def test_totals(
    loaded: dict[str, ElectionResults],
    dataset: str,
    total: int,
    nota: int | None,
    electors: int | None,
    candidates: int,
) -> None:
    res = loaded[dataset]
    c = res.constituencies
    assert int(c["votes_total"].sum()) == total
    assert int(res.votes.sum()) == total
    if nota is not None:
        assert int(res.votes[:, res.column("NOTA")].sum()) == nota
    if electors is None:
        assert c["electors"].isna().all() and c["turnout"].isna().all()
    else:
        assert int(c["electors"].sum()) == electors
        assert c["electors"].notna().all()
        assert ((c["turnout"] > 0.05) & (c["turnout"] < 1.0)).all()
    cand = res.candidates
    assert int((cand["party"] != "NOTA").sum()) == candidates
    assert int(cand["votes"].sum()) == total


def test_reserved_counts(loaded: dict[str, ElectionResults]) -> None:
    r16 = loaded["wb_assembly_2016"].constituencies["reserved"].value_counts().to_dict()
    assert r16 == {"GEN": 210, "SC": 68, "ST": 16}
    r19 = loaded["lok_sabha_2019"].constituencies["reserved"].value_counts().to_dict()
    assert r19 == {"GEN": 411, "SC": 84, "ST": 47}
    assert not loaded["lok_sabha_2019"].constituencies["name"].str.contains(r"\(SC\)").any()


def test_wb_ids_agree_between_assembly_and_segments(loaded: dict[str, ElectionResults]) -> None:
    a = loaded["wb_assembly_2016"].constituencies
    s = loaded["wb_lok_sabha_2019_segments"].constituencies
    assert list(a["id"]) == list(s["id"]) == [f"WB-AC-{k:03d}" for k in range(1, 295)]
    # same places (spellings differ: NAODA/Nowda, JAQYNAGAR/Jaynagar, INDUS/Indas ...)
    for x, y in zip(a["name"], s["name"], strict=True):
        ratio = SequenceMatcher(None, x.replace(" ", ""), y.upper().replace(" ", "")).ratio()
        assert ratio >= 0.6, (x, y)
    # segment file: electors/reserved borrowed from 2016 by AC number
    assert (a["electors"].to_numpy() == s["electors"].to_numpy()).all()
    assert (a["reserved"] == s["reserved"]).all()
    # PCs of ACs: 42 PCs of 7 ACs each, same for both files
    assert (a["pc_id"] == s["pc_id"]).all()
    assert s["pc_id"].value_counts().eq(7).all() and s["pc_id"].nunique() == 42
    # 2019 segment votes are EVM-only, on the 2016 roll: plausible but not above 100%
    assert s["turnout"].between(0.5, 1.0).all()


def test_votes_matrix_consistency(loaded: dict[str, ElectionResults]) -> None:
    for res in loaded.values():
        cand = res.candidates
        assert res.parties[-3:] == ("IND", "OTH", "NOTA")
        head = res.parties[:-3]
        totals = res.votes[:, : len(head)].sum(axis=0)
        assert list(totals) == sorted(totals, reverse=True)
        row_sum = cand.groupby("id")["votes"].sum().reindex(res.ids).to_numpy()
        assert (res.votes.sum(axis=1) == row_sum).all()
        assert (res.constituencies["votes_total"].to_numpy() == row_sum).all()
        # IND column = largest independent candidate, not the sum of independents
        ind = cand[cand["party"] == "IND"]
        best = ind.groupby("id")["votes"].max().reindex(res.ids).fillna(0).astype(np.int64)
        assert (res.votes[:, res.column("IND")] == best.to_numpy()).all()
        summed = ind.groupby("id")["votes"].sum().reindex(res.ids).fillna(0)
        assert (summed.to_numpy() >= best.to_numpy()).all()
        if res.dataset == "lok_sabha_2019":
            assert (summed.to_numpy() > best.to_numpy()).sum() > 300
        with pytest.raises(ValueError, match="read-only"):
            res.votes[0, 0] = 1


def test_shares(loaded: dict[str, ElectionResults]) -> None:
    for res in loaded.values():
        sh = res.shares()
        assert "NOTA" not in sh.columns
        assert list(sh.index) == res.ids
        np.testing.assert_allclose(sh.sum(axis=1).to_numpy(), 1.0, rtol=0, atol=1e-12)
        assert (sh.to_numpy() >= 0).all()
        ss = res.state_shares()
        np.testing.assert_allclose(ss.sum(axis=1).to_numpy(), 1.0, rtol=0, atol=1e-12)
    wb = loaded["wb_assembly_2016"].state_shares().loc["West Bengal"]
    assert wb["AITC"] == pytest.approx(0.456, abs=0.002)


def test_winners_and_margins(loaded: dict[str, ElectionResults]) -> None:
    for res in loaded.values():
        cand = res.candidates[res.candidates["party"] != "NOTA"]
        top2 = cand.groupby("id")["votes"].apply(lambda s: sorted(s, reverse=True)[:2])
        top2 = top2.reindex(res.ids)
        expected = np.array([t[0] - (t[1] if len(t) > 1 else 0) for t in top2])
        assert (res.margin == expected).all()
        assert (res.margin > 0).all()
        idx = cand.groupby("id")["votes"].idxmax().reindex(res.ids)
        assert list(cand.loc[idx, "party"]) == list(res.winners)
    assert int(loaded["wb_assembly_2016"].margin.min()) == 280
    wm = loaded["lok_sabha_2019"].winner_map()
    assert wm["UP-PC-063"] == "BJP"  # Maharajganj, from the second source


def test_grouping_rule() -> None:
    full = load_results("wb_assembly_2016", min_state_share=0.0)
    default = load_results("wb_assembly_2016")
    assert full.grouped == ()
    assert "GJM" in full.parties and "GJM" in default.grouped
    assert set(default.parties) == {
        "AITC",
        "CPM",
        "INC",
        "BJP",
        "AIFB",
        "RSP",
        "CPI",
        "IND",
        "OTH",
        "NOTA",
    }
    # no vote is lost by grouping
    assert full.votes.sum() == default.votes.sum()
    assert (full.votes.sum(axis=1) == default.votes.sum(axis=1)).all()
    # raw winners are independent of grouping; the grouped matrix distorts 3 GJM seats
    assert full.winners == default.winners
    cols = [i for i, p in enumerate(default.parties) if p != "NOTA"]
    argmax = [default.parties[cols[j]] for j in default.votes[:, cols].argmax(axis=1)]
    diff = [
        (i, a, w) for i, a, w in zip(default.ids, argmax, default.winners, strict=True) if a != w
    ]
    assert [(a, w) for _, a, w in diff] == [("OTH", "GJM")] * 3
    # without grouping, the arg-max over candidate columns replays every seat
    for dataset in ALL:
        res = load_results(dataset, min_state_share=0.0)
        cols = [i for i, p in enumerate(res.parties) if p not in ("NOTA", "OTH")]
        argmax = [res.parties[cols[j]] for j in res.votes[:, cols].argmax(axis=1)]
        assert argmax == list(res.winners), dataset
    # a kept party reaches the threshold in some state; a grouped one in none
    res = load_results("lok_sabha_2019", min_state_share=0.05)
    raw = res.candidates[res.candidates["party"] != "NOTA"]
    by = raw.groupby(["state", "party"])["votes"].sum()
    share = (by / by.groupby(level=0).transform("sum")).groupby(level=1).max()
    for p in res.parties[:-3]:
        assert share[p] >= 0.05
    for p in res.grouped:
        assert share[p] < 0.05
    assert len(res.parties) < len(load_results("lok_sabha_2019").parties)


def test_known_party_ids() -> None:
    ids16 = known_party_ids("wb_assembly_2016")
    assert {"AITC", "CPM", "GJM", "IND", "OTH", "NOTA", "CPIM"} <= ids16
    seg = known_party_ids("wb_lok_sabha_2019_segments")
    assert "CPM" in seg and "CPIM" not in seg and "SUCI" in seg
    assert {"BJP", "JKPDP", "PDP"} <= known_party_ids("lok_sabha_2019")


def test_cache_returns_independent_frames() -> None:
    a = load_results("lok_sabha_2019")
    a.constituencies.loc[0, "name"] = "CHANGED"
    b = load_results("lok_sabha_2019")
    assert b.constituencies.loc[0, "name"] != "CHANGED"
    assert b.votes is a.votes  # shared, read-only


def test_load_speed() -> None:
    results_mod._load_cached.cache_clear()
    results_mod._parse.cache_clear()
    t0 = time.perf_counter()
    load_results("lok_sabha_2019")
    assert time.perf_counter() - t0 < 1.0
    t0 = time.perf_counter()
    load_results("lok_sabha_2019")
    assert time.perf_counter() - t0 < 0.05


def test_custom_path_plain_csv(tmp_path: Path) -> None:
    src = resources.files("sim.data") / "india" / "wb_assembly_2016.csv.gz"
    plain = tmp_path / "copy.csv"
    plain.write_bytes(gzip.decompress(src.read_bytes()))
    a = load_results("wb_assembly_2016", path=plain)
    b = load_results("wb_assembly_2016")
    assert a.source_file == str(plain)
    assert a.parties == b.parties and a.winners == b.winners
    assert (a.votes == b.votes).all()
    pd.testing.assert_frame_equal(a.constituencies, b.constituencies)


# --- broken input --------------------------------------------------------------------------

HEADER = "state,constituency_no,constituency_name,district,reserved,candidate,party,votes,electors"
GOOD = [
    "West Bengal,1,ALPHA,D,GEN,A ONE,AITC,500,1000",
    "West Bengal,1,ALPHA,D,GEN,B ONE,BJP,300,1000",
    "West Bengal,1,ALPHA,D,GEN,None of the Above,NOTA,10,1000",
    "West Bengal,2,BETA,D,SC,A TWO,AITC,200,900",
    "West Bengal,2,BETA,D,SC,B TWO,IND,250,900",
    "West Bengal,2,BETA,D,SC,C TWO,IND,100,900",
]


def _write(tmp_path: Path, name: str, header: str, rows: list[str]) -> Path:
    p = tmp_path / name
    p.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return p


def _assert_error(
    path: Path, line: int | None, column: str | None, dataset: str = "wb_assembly_2016"
) -> str:
    with pytest.raises(DataError) as info:
        load_results(dataset, path=path)
    msg = str(info.value)
    assert path.name in msg
    assert "\n" not in msg
    if line is not None:
        assert f"line {line}" in msg
        assert info.value.line == line
    if column is not None:
        assert repr(column) in msg
        assert info.value.column == column
    assert "expected" in msg
    return msg


def test_good_small_file(tmp_path: Path) -> None:
    res = load_results("wb_assembly_2016", path=_write(tmp_path, "ok.csv", HEADER, GOOD))
    assert res.ids == ["WB-AC-001", "WB-AC-002"]
    assert res.winners == ("AITC", "IND")
    assert list(res.margin) == [200, 50]
    assert res.votes[1, res.column("IND")] == 250
    assert res.votes[1, res.column("OTH")] == 100
    assert list(res.constituencies["electors"]) == [1000, 900]
    trailing = tmp_path / "trailing.csv"
    trailing.write_text((tmp_path / "ok.csv").read_text() + "\n\n", encoding="utf-8")
    assert (load_results("wb_assembly_2016", path=trailing).votes == res.votes).all()
    gz = tmp_path / "ok.csv.gz"
    gz.write_bytes(gzip.compress((tmp_path / "ok.csv").read_bytes()))
    assert (load_results("wb_assembly_2016", path=gz).votes == res.votes).all()


def test_error_missing_column(tmp_path: Path) -> None:
    header = HEADER.replace(",votes", "")
    rows = [",".join(r.split(",")[:7] + r.split(",")[8:]) for r in GOOD]
    _assert_error(_write(tmp_path, "nocol.csv", header, rows), 1, "votes")


def test_error_non_numeric_votes(tmp_path: Path) -> None:
    rows = list(GOOD)
    rows[3] = rows[3].replace(",200,", ",2OO,")
    msg = _assert_error(_write(tmp_path, "text_votes.csv", HEADER, rows), 5, "votes")
    assert "2OO" in msg


def test_error_negative_votes(tmp_path: Path) -> None:
    rows = list(GOOD)
    rows[1] = rows[1].replace(",300,", ",-300,")
    msg = _assert_error(_write(tmp_path, "neg_votes.csv", HEADER, rows), 3, "votes")
    assert "non-negative" in msg


def test_error_only_nota(tmp_path: Path) -> None:
    rows = [*GOOD, "West Bengal,3,GAMMA,D,GEN,None of the Above,NOTA,7,800"]
    msg = _assert_error(_write(tmp_path, "only_nota.csv", HEADER, rows), 8, "party")
    assert "candidate" in msg


def test_error_bad_electors(tmp_path: Path) -> None:
    rows = list(GOOD)
    rows[0] = rows[0].replace(",1000", ",lots")
    _assert_error(_write(tmp_path, "el_text.csv", HEADER, rows), 2, "electors")
    rows = list(GOOD)
    rows[4] = rows[4].replace(",900", ",-900")
    _assert_error(_write(tmp_path, "el_neg.csv", HEADER, rows), 6, "electors")
    rows = list(GOOD)
    rows[5] = rows[5].replace(",900", ",901")
    _assert_error(_write(tmp_path, "el_mixed.csv", HEADER, rows), 7, "electors")


def test_error_other_fields(tmp_path: Path) -> None:
    rows = list(GOOD)
    rows[2] = rows[2].replace("West Bengal", "Narnia")
    _assert_error(_write(tmp_path, "state.csv", HEADER, rows), 4, "state")
    rows = list(GOOD)
    rows[1] = rows[1].replace(",1,ALPHA", ",x,ALPHA")
    _assert_error(_write(tmp_path, "number.csv", HEADER, rows), 3, "constituency_no")
    rows = list(GOOD)
    rows[4] = rows[4].replace(",IND,", ",,")
    _assert_error(_write(tmp_path, "party.csv", HEADER, rows), 6, "party")
    rows = [*GOOD[:3], "", *GOOD[3:]]
    _assert_error(_write(tmp_path, "blank.csv", HEADER, rows), 5, "state")
    rows = list(GOOD)
    rows[1] = rows[1].replace(",ALPHA,", ",ALFA,")
    _assert_error(_write(tmp_path, "name.csv", HEADER, rows), 3, "constituency_name")
    rows = list(GOOD)
    rows[0] = rows[0].replace(",500,", ",12345678901234567890,")
    _assert_error(_write(tmp_path, "huge.csv", HEADER, rows), 2, "votes")
    rows = list(GOOD)
    rows[3] = rows[3].replace(",SC,", ",OBC,")
    _assert_error(_write(tmp_path, "reserved.csv", HEADER, rows), 5, "reserved")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    _assert_error(empty, 1, None)
    _assert_error(tmp_path / "absent.csv", None, None)


def test_error_segments_layout(tmp_path: Path) -> None:
    header = "state,pc_no,pc_name,ac_no,ac_name,candidate,party,votes"
    rows = [
        "West Bengal,3,JALPAIGURI,1,Mekliganj,A,BJP,10",
        "West Bengal,3,JALPAIGURI,1,Mekliganj,B,AITC,x",
    ]
    _assert_error(
        _write(tmp_path, "seg.csv", header, rows), 3, "votes", "wb_lok_sabha_2019_segments"
    )
    _assert_error(
        _write(tmp_path, "seg2.csv", header.replace("ac_no", "ac"), rows),
        1,
        "ac_no",
        "wb_lok_sabha_2019_segments",
    )
    ok = load_results(
        "wb_lok_sabha_2019_segments", path=_write(tmp_path, "seg3.csv", header, rows[:1])
    )
    assert ok.ids == ["WB-AC-001"] and ok.constituencies["pc_id"].tolist() == ["WB-PC-003"]
    assert ok.constituencies["electors"].tolist() == [202689]
