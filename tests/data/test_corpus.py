"""Tests over the whole shipped corpus: registry, loader, party harmonisation, SOURCES figures."""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.data.catalog import FACTS_FILE
from sim.data.datasets import ASSEMBLY_SEATS, DATASETS, dataset_name
from sim.data.parties import CANONICAL_IDS, ELECTION_OVERRIDES, IND, NOTA, canonical_party
from sim.data.results import ElectionResults, load_results

INDIA = Path(str(resources.files("sim.data").joinpath("india")))
CORPUS = sorted(n for n, i in DATASETS.items() if i.kind != "lok_sabha")
ASSEMBLY = sorted(n for n, i in DATASETS.items() if i.kind == "assembly")
SEGMENTS = sorted(n for n, i in DATASETS.items() if i.kind == "lok_sabha_segments")


@cache
def full(name: str) -> ElectionResults:
    """A dataset with every party kept (cached for the module)."""
    return load_results(name, min_state_share=0.0)


# --- registry ------------------------------------------------------------------------------


def test_registry_names_every_shipped_file() -> None:
    shipped = {
        str(p.relative_to(INDIA)) for p in INDIA.rglob("*.csv.gz") if p.parent != INDIA
    } | {p.name for p in INDIA.glob("*.csv.gz") if p.name != FACTS_FILE}
    assert {i.file for i in DATASETS.values()} == shipped
    assert len(ASSEMBLY) == 83 and len(SEGMENTS) == 91 and len(DATASETS) == 176
    for name, info in DATASETS.items():
        assert info.name == name and info.kind in ("assembly", "lok_sabha", "lok_sabha_segments")
        if info.kind == "lok_sabha":
            assert info.state is None and name == f"lok_sabha_{info.year}"
            continue
        code = info.file.split("/")[-1][:2] if "/" in info.file else "WB"
        assert name == dataset_name(code, info.year, info.kind)
        assert info.state in info.covers
        if info.kind == "lok_sabha_segments":
            borrowed = [DATASETS[d] for d in info.electors_from]
            assert [b.kind for b in borrowed] == ["assembly"] * len(borrowed)
            assert set(info.covers) == {s for b in borrowed for s in b.covers} & set(info.covers)
        else:
            assert DATASETS[info.pcs_from].kind == "lok_sabha_segments"
    assert dataset_name("TS", 2014, "assembly") == "tg_assembly_2014" == dataset_name(
        "tg", 2014, "assembly"
    )
    # electors from the assembly election nearest in time (ties: the earlier one)
    assert DATASETS["up_lok_sabha_2019_segments"].electors_from == ("up_assembly_2017",)
    assert DATASETS["up_lok_sabha_2014_segments"].electors_from == ("up_assembly_2012",)
    assert DATASETS["wb_lok_sabha_2014_segments"].electors_from == ("wb_assembly_2016",)
    assert DATASETS["wb_lok_sabha_2019_segments"].electors_from == ("wb_assembly_2016",)
    assert DATASETS["ap_lok_sabha_2014_segments"].electors_from == (
        "ap_assembly_2014",
        "tg_assembly_2014",
    )


# --- loading -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS)
def test_every_file_loads_with_shared_ids(name: str) -> None:
    res = full(name)
    info = DATASETS[name]
    c = res.constituencies
    assert c["id"].is_unique and res.n_constituencies == len(res.winners)
    assert all(re.fullmatch(r"[A-Z]{2}-AC-\d{3}", i) for i in c["id"])
    assert set(c["state"]) <= set(info.covers)
    for code, n in c.groupby("state_code")["number"].max().items():
        assert n <= ASSEMBLY_SEATS[code]
    shares = res.shares()
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert (res.margin >= 0).all()
    # every AC has its PC (2008 delimitation: an AC lies in exactly one PC)
    assert (c["pc_id"].str.fullmatch(r"[A-Z]{2}-PC-\d{3}")).all()


@pytest.mark.parametrize("name", SEGMENTS)
def test_segments_share_ids_and_electors_with_assembly(name: str) -> None:
    seg = full(name).constituencies.set_index("id")
    info = DATASETS[name]
    ref = pd.concat([full(d).constituencies.set_index("id") for d in info.electors_from])
    common = seg.index.intersection(ref.index)
    # a segment file and its state's nearest assembly election name the same places
    assert len(common) >= min(len(seg), len(ref)) - 3
    for i in common:
        a, b = seg.at[i, "name"].upper(), ref.at[i, "name"].upper()
        key = [re.sub(r"[^A-Z]", "", x) for x in (a, b)]
        assert key[1].startswith(key[0]) or SequenceMatcher(None, *key).ratio() >= 0.5, (i, a, b)
    assert (seg.loc[common, "electors"] == ref.loc[common, "electors"]).all()
    assert (seg.loc[common, "reserved"] == ref.loc[common, "reserved"]).all()
    assert seg.loc[seg.index.difference(ref.index), "electors"].isna().all()
    # the PC of each AC agrees with the assembly file's
    assert (seg.loc[common, "pc_id"] == ref.loc[common, "pc_id"]).all()


def test_undivided_andhra_pradesh_is_split_by_name() -> None:
    ap09 = full("ap_assembly_2009").constituencies.set_index("id")
    assert set(ap09["state"]) == {"Andhra Pradesh", "Telangana"}
    assert (ap09["state"] == "Telangana").sum() == 119
    assert ap09.at["TG-AC-001", "name"] == "SIRPUR" and ap09.at["AP-AC-001", "name"] == (
        "ICHCHAPURAM"
    )
    assert ap09.at["AP-AC-001", "source_number"] == 120
    for later in ("tg_assembly_2014", "ap_assembly_2014"):
        c = full(later).constituencies.set_index("id")
        common = c.index.intersection(ap09.index)
        assert len(common) >= len(c) - 2
        same = [
            SequenceMatcher(None, ap09.at[i, "name"], c.at[i, "name"]).ratio() >= 0.6
            for i in common
        ]
        assert np.mean(same) > 0.97
    seg = full("ap_lok_sabha_2014_segments").constituencies
    assert seg.groupby("state")["pc_id"].nunique().to_dict() == {
        "Andhra Pradesh": 25,
        "Telangana": 17,
    }
    assert set(seg["pc_id"]) == set(
        load_results("lok_sabha_2014").constituencies.query(
            "state in ['Andhra Pradesh', 'Telangana']"
        )["id"]
    )


def test_known_gaps_load() -> None:
    # Mizoram 2018: no electors
    assert full("mz_assembly_2018").constituencies["electors"].isna().all()
    # Jammu & Kashmir: 87 ACs, the migrants' segments 88-90 left out
    for name in ("jk_assembly_2014", "jk_lok_sabha_2019_segments"):
        assert full(name).n_constituencies == 87
    # Sikkim: Sangha is not counted by segment
    assert [full(f"sk_lok_sabha_{y}_segments").n_constituencies for y in (2009, 2014, 2019)] == [
        31
    ] * 3
    assert full("sk_assembly_2019").n_constituencies == 32
    assert set(full("sk_assembly_2019").constituencies["reserved"]) == {"BL", "GEN", "SC"}
    # Tamil Nadu 2019: Vellore polled later
    tn = set(full("tn_lok_sabha_2019_segments").ids)
    assert len(tn) == 228 and not {f"TN-AC-{k:03d}" for k in range(43, 49)} & tn
    # unopposed winners (Arunachal 2009): no votes, share 1 for the winner
    ar = full("ar_assembly_2009")
    assert ar.unopposed.sum() == 3
    s = ar.shares().to_numpy()[ar.unopposed]
    assert (s.max(axis=1) == 1.0).all()


# --- party harmonisation -------------------------------------------------------------------


@cache
def _state_spellings(name: str) -> pd.DataFrame:
    """Per (state, spelling): votes, share of the state's valid vote, id, mapped, won a seat."""
    res = full(name)
    cand = res.candidates[res.candidates["party"] != NOTA]
    by = cand.groupby(["state", "party_raw"]).agg(
        votes=("votes", "sum"), mapped=("mapped", "all"), party=("party", "first")
    )
    by["share"] = by["votes"] / by.groupby(level=0)["votes"].transform("sum")
    top = cand.sort_values(["id", "votes"], ascending=[True, False]).drop_duplicates("id")
    won = set(zip(top["state"], top["party_raw"], strict=True))
    by["won"] = [k in won for k in by.index]
    return by


def test_every_significant_spelling_is_mapped() -> None:
    """(a) Every spelling with >= 0.5% of a state's valid vote, or a seat, has a canonical id."""
    unmapped = []
    for name in sorted(DATASETS):
        by = _state_spellings(name)
        big = by[(by["share"] >= 0.005) | by["won"]]
        unmapped += [(name, *k) for k in big.index[~big["mapped"]]]
        assert set(big["party"]) <= CANONICAL_IDS, name
    assert unmapped == []


def test_no_merged_rivals() -> None:
    """A wrong merge shows as two candidates of one id in a constituency: none with 5% each."""
    for name in sorted(DATASETS):
        res = full(name)
        cand = res.candidates[~res.candidates["party"].isin([IND, NOTA])]
        share = cand["votes"] / cand.groupby("id")["votes"].transform("sum")
        big = cand[share >= 0.05]
        assert not big.duplicated(["id", "party"]).any(), name


def test_same_spelling_same_id_in_both_kinds() -> None:
    """(b) A spelling of a state's assembly files and its segment files means one party."""
    ids: dict[tuple[str, str], set[str]] = defaultdict(set)
    scoped = {k[2] for table in ELECTION_OVERRIDES.values() for k in table}
    for name in CORPUS:
        by = _state_spellings(name)
        for (state, raw), row in by[by["share"] >= 0.005].iterrows():
            if raw not in scoped:
                ids[(state, raw)].add(row["party"])
    assert {k: v for k, v in ids.items() if len(v) > 1} == {}


# parties that were among a state's top parties (>= 5% of its vote) in one kind of election and
# did not stand at all in the other (checked against the candidates, see each reason)
ONE_KIND_ONLY = {
    ("Arunachal Pradesh", "JDU"),  # 2019 assembly only; no Lok Sabha candidate
    ("Arunachal Pradesh", "AC"),  # Arunachal Congress: Lok Sabha 2009 only
    ("Chhattisgarh", "JCCJ"),  # founded 2016, stood in the 2018 assembly election only
    ("Manipur", "MSCP"),  # Manipur State Congress Party: assembly 2012 only
    ("Meghalaya", "PDF"),  # founded 2017: assembly 2018 only
    ("Mizoram", "MPC"),  # backed a joint candidate for the single Lok Sabha seat
    ("Mizoram", "ZNP"),
    ("Nagaland", "BJP"),  # supported the NDPP/NPF for the single Lok Sabha seat
    ("Nagaland", "RJD"),
    ("Nagaland", "NCP"),
    ("Punjab", "PPOP"),  # People's Party of Punjab, 2011-16: assembly 2012 only
    ("Tripura", "INPT"),  # no Lok Sabha candidate
}


def test_top_parties_have_one_id_in_both_kinds() -> None:
    """(b) A state's top party of one kind is found under the same id in the other kind."""
    top: dict[tuple[str, str], set[str]] = defaultdict(set)
    stood: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name in CORPUS:
        res, kind = full(name), DATASETS[name].kind
        sh = res.state_shares()
        for state in sh.index:
            top[(state, kind)] |= {
                p for p, v in sh.loc[state].items() if v >= 0.05 and p not in ("IND", "OTH")
            }
        for state, g in res.candidates.groupby("state"):
            stood[(state, kind)] |= set(g["party"])
    missing = set()
    for (state, kind), parties in top.items():
        other = "assembly" if kind == "lok_sabha_segments" else "lok_sabha_segments"
        missing |= {(state, p) for p in parties - stood[(state, other)]}
    assert missing == ONE_KIND_ONLY


# PCs where the segment file and the ECI file disagree for reasons other than spellings
KNOWN_SOURCE_ERRORS = {
    # ElectionLens attaches Ramanathapuram's DMK and INC votes to the CPI and SDPI candidates
    (2014, "TN-PC-035"),
    # ElectionLens labels Mangaldoi's UPPL candidate an independent
    (2019, "AS-PC-008"),
    # Anantnag: many BJP votes were cast in the migrants' segment, which is left out
    (2019, "JK-PC-003"),
}


@pytest.mark.parametrize("year", [2014, 2019])
def test_segments_agree_with_eci_results(year: int) -> None:
    """(b) The same election in ElectionLens (segments) and ECI spellings: same party ids."""
    ls = full(f"lok_sabha_{year}")
    cand = ls.candidates[ls.candidates["party"] != NOTA]
    eci = cand.groupby(["id", "party"])["votes"].sum()
    eci = eci / eci.groupby(level=0).transform("sum")
    disagree = set()
    for name in SEGMENTS:
        if DATASETS[name].year != year:
            continue
        res = full(name)
        c = res.candidates[res.candidates["party"] != NOTA].merge(
            res.constituencies[["id", "pc_id"]], on="id"
        )
        seg = c.groupby(["pc_id", "party"])["votes"].sum()
        seg = seg / seg.groupby(level=0).transform("sum")
        for pc in seg.index.get_level_values(0).unique():
            a, b = seg.loc[pc], eci.loc[pc]
            for x, y in ((a, b), (b, a)):
                for party, share in x.items():
                    if party != IND and share >= 0.05 and y.get(party, 0.0) < 0.025:
                        disagree.add((year, pc))
    assert disagree == {k for k in KNOWN_SOURCE_ERRORS if k[0] == year}


def test_cpim_is_cpm_exactly_where_cpm_is_absent() -> None:
    for name in CORPUS:
        res = full(name)
        raw = set(res.candidates["party_raw"])
        if "CPIM" not in raw:
            continue
        cpim = set(res.candidates.loc[res.candidates["party_raw"] == "CPIM", "party"])
        expected = {"CPIM"} if "CPM" in raw else {"CPM"}
        assert cpim == expected, name


def test_alliance_partners_have_their_own_ids() -> None:
    wanted = {
        "br_assembly_2020": {"HAM", "VIP", "RLSP", "CPIML", "CPI", "CPM"},
        "br_lok_sabha_2019_segments": {"HAM", "VIP", "RLSP"},
        "tn_assembly_2016": {"VCK", "MDMK", "IUML", "KMDK"},
        "tn_assembly_2021": {"VCK", "IUML"},
        "up_assembly_2017": {"ADS", "SBSP", "RLD", "NISHAD"},
        "mh_assembly_2019": {"SWP"},
        "jh_assembly_2019": {"AJSU"},
        "as_assembly_2021": {"BPF", "UPPL", "AIUDF"},
        "kl_assembly_2011": {"IUML", "KCM"},
        "wb_assembly_2021": {"ISF"},
        "hr_assembly_2019": {"JJP"},
    }
    for name, parties in wanted.items():
        assert parties <= set(full(name).candidates["party"]), name
    assert canonical_party("JD(U)", "tcpd") == "JDU" and canonical_party("AAAP", "tcpd") == "AAP"
    assert canonical_party("MUL", "tcpd", "Kerala") == "IUML" == canonical_party("IUML", "tcpd")
    assert canonical_party("RSSCMJP", "tcpd", "West Bengal") == "ISF"
    assert canonical_party("KEC(M)", "tcpd") == "KCM" == canonical_party("KEC(M)", "electionlens")
    assert canonical_party("CPI(ML)(L)", "electionlens") == "CPIML"
    assert canonical_party("ADMK", "tcpd") == "ADMK" == canonical_party("AIADMK", "tcpd")
    assert canonical_party("CPIM", "tcpd", "Bihar", 2020) == "CPM"
    assert canonical_party("CPIM", "tcpd", "West Bengal", 2016) == "CPIM"
    assert canonical_party("CPIM", "electionlens", "Uttar Pradesh", 2014) == "CPIM"
    assert canonical_party("Welfare Party Of India", "tcpd") == "WPOI"  # case-insensitive
    assert canonical_party("Kamatapur People\u2019s Party (United)", "tcpd") == "KPPU"


# --- SOURCES.md figures --------------------------------------------------------------------


def _sources_tables() -> tuple[list[list[str]], list[list[str]]]:
    text = (INDIA / "SOURCES.md").read_text(encoding="utf-8")
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| `assembly/") or line.startswith("| `ls_segments/")
    ]
    return [r for r in rows if len(r) == 7], [r for r in rows if len(r) == 4]


def _dataset_of(file: str) -> str:
    kind = "assembly" if file.startswith("assembly/") else "lok_sabha_segments"
    code, year = Path(file).name.removesuffix(".csv.gz").split("_")
    return dataset_name(code, int(year), kind)


def test_assembly_figures_match_sources_table() -> None:
    """(c) Constituencies, rows, electors and seat tallies of every assembly file."""
    table, _ = _sources_tables()
    assert len(table) == 83
    for file, _state, year, n, rows, electors, seats in table:
        name = _dataset_of(file.strip("`"))
        res = full(name)
        assert DATASETS[name].year == int(year)
        assert res.n_constituencies == int(re.match(r"\d+", n).group()), name
        assert len(res.candidates) == int(rows), name
        assert int(res.constituencies["electors"].sum()) == int(electors.replace(",", "")), name
        # the table counts seats by the file's spelling; the loader by canonical id
        cand = res.candidates[res.candidates["party"] != NOTA]
        top = cand.sort_values(["id", "votes"], ascending=[True, False]).drop_duplicates("id")
        by_raw = top.groupby("party_raw").size()
        for item in seats.split(", "):
            raw, k = item.rsplit(" ", 1)
            assert by_raw.get(raw, 0) == int(k), (name, raw)
        by_id = top.groupby("party").size().to_dict()
        assert res.seats_won() == dict(sorted(by_id.items(), key=lambda kv: (-kv[1], kv[0])))
        assert set(res.winners) == set(top["party"]) and list(top["id"]) == res.ids


def test_segment_figures_match_sources_table() -> None:
    _, table = _sources_tables()
    assert len(table) == 91
    for file, pcs, segments, rows in table:
        name = _dataset_of(file.strip("`"))
        res = full(name)
        info = DATASETS[name]
        raw = pd.read_csv(INDIA / info.file, dtype=str, usecols=["ac_no"])["ac_no"].astype(int)
        left_out = raw.isin(info.excluded)
        assert len(res.candidates) + int(left_out.sum()) == int(rows), name
        assert res.n_constituencies + raw[left_out].nunique() == int(segments), name
        assert res.constituencies["pc_id"].nunique() == int(pcs), name
