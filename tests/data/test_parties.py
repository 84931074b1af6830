"""Tests of the party-name mapping (sim.data.parties)."""

from __future__ import annotations

import pytest
from matplotlib.colors import is_color_like

from sim.data.parties import (
    CANONICAL_IDS,
    IND,
    NOTA,
    OTH,
    PARTY_COLORS,
    PARTY_NAMES,
    SOURCES,
    STATE_OVERRIDES,
    canonical_party,
    derived_id,
    display_name,
    is_mapped,
)
from sim.data.results import DATASETS, load_results

# party -> spelling per source, from the table at the end of sim/data/india/SOURCES.md
SPELLINGS = {
    "AITC": ("AITC", "All India Trinamool Congress", "ALL INDIA TRINAMOOL CONGRESS"),
    "BJP": ("BJP", "Bharatiya Janata Party", "BHARATIYA JANATA PARTY"),
    "INC": ("INC", "Indian National Congress", "INDIAN NATIONAL CONGRESS"),
    "CPM": ("CPM", "Communist Party of India (Marxist)", "COMMUNIST PARTY OF INDIA (MARXIST)"),
    "SP": ("SP", "Samajwadi Party", "SAMAJWADI PARTY"),
    "JDU": ("JD(U)", "Janata Dal (United)", "JANATA DAL (UNITED)"),
    "RJD": ("RJD", "Rashtriya Janata Dal", "RASHTRIYA JANATA DAL"),
    "SHS": ("SHS", "Shivsena", "SHIVSENA"),
    "NCP": ("NCP", "Nationalist Congress Party", "NATIONALIST CONGRESS PARTY"),
    "AAP": ("AAAP", "Aam Aadmi Party", "AAM AADMI PARTY"),
    IND: ("IND", "Independent", "INDEPENDENT"),
    NOTA: ("NOTA", "NOTA", "NOTA"),
}


@pytest.mark.parametrize("party", sorted(SPELLINGS))
def test_source_spellings(party: str) -> None:
    tcpd, eci, eci_upper = SPELLINGS[party]
    assert canonical_party(tcpd, "tcpd") == party
    assert canonical_party(eci, "eci") == party
    assert canonical_party(eci_upper, "eci_upper") == party
    assert is_mapped(eci, "eci") and is_mapped(eci_upper, "eci_upper")


def test_more_spellings() -> None:
    assert canonical_party("Dravida Munnetra Kazhagam", "eci") == "DMK"
    assert canonical_party("ALL INDIA ANNA DRAVIDA MUNNETRA KAZHAGAM", "eci_upper") == "ADMK"
    assert canonical_party("Yuvajana Sramika Rythu Congress Party", "eci") == "YSRCP"
    assert canonical_party("Telangana Rashtra Samithi", "eci") == "TRS"
    assert canonical_party("Telugu Desam", "eci") == "TDP"
    assert canonical_party("All India Majlis-E-Ittehadul Muslimeen", "eci") == "AIMIM"
    assert canonical_party("NATIONAL PEOPLES PARTY", "eci_upper") == "NPP"
    assert canonical_party("National People's Party", "eci") == "NPP"
    assert canonical_party("GOJAM", "tcpd") == "GJM"
    assert canonical_party("SUCI(C)", "electionlens") == "SUCI"
    assert canonical_party("  BJP ", "electionlens") == "BJP"


def test_cpim_trap() -> None:
    # TCPD 2016: CPIM is a different minor outfit, not CPI(M)
    assert canonical_party("CPIM", "tcpd") != "CPM"
    assert not is_mapped("CPIM", "tcpd")
    assert canonical_party("CPIM", "tcpd") == "CPIM"
    # ElectionLens: CPIM is CPI(M)
    assert canonical_party("CPIM", "electionlens") == "CPM"


def test_state_override_pdp() -> None:
    assert canonical_party("Peoples Democratic Party", "eci", "Jammu & Kashmir") == "JKPDP"
    assert canonical_party("Peoples Democratic Party", "eci", "Kerala") == "PDP"
    assert canonical_party("Jammu & Kashmir Peoples Democratic Party", "eci") == "JKPDP"
    res = load_results("lok_sabha_2019", min_state_share=0.0)
    jk = res.candidates.query("state == 'Jammu & Kashmir' and votes > 30000")
    assert (jk["party_raw"] == "Peoples Democratic Party").any()
    assert "PDP" not in set(jk["party"])


def test_derived_ids() -> None:
    assert derived_id("Communist Party of India (Marxist-Leninist) Red Star") == (
        "COMMUNISTPARTYOFINDIAMARXISTLENINISTREDSTAR"
    )
    assert canonical_party("Jai Hind Party", "eci") == "JAIHINDPARTY"
    assert canonical_party("DSP(P)", "tcpd") == "DSPP"
    assert not is_mapped("Jai Hind Party", "eci")
    # an unmapped spelling never silently becomes a canonical party
    assert derived_id("B.J.P.") == "XBJP"
    assert derived_id("i.n.d") == "XIND"
    assert derived_id("---") == "UNKNOWN"
    with pytest.raises(KeyError):
        canonical_party("BJP", "wikipedia")


def test_tables_are_consistent() -> None:
    assert set(SOURCES) == {info.source for info in DATASETS.values()}
    for table in SOURCES.values():
        assert set(table.values()) <= CANONICAL_IDS
    for overrides in STATE_OVERRIDES.values():
        assert set(overrides.values()) <= CANONICAL_IDS
    assert {IND, NOTA, OTH} <= CANONICAL_IDS
    for pid in CANONICAL_IDS:
        assert pid == pid.upper() and pid.isalnum(), pid
        assert display_name(pid) == PARTY_NAMES[pid]
    assert display_name("SOMETHINGNEW") == "SOMETHINGNEW"
    required = [
        "AITC",
        "BJP",
        "INC",
        "CPM",
        "CPI",
        "RSP",
        "AIFB",
        "SP",
        "BSP",
        "JDU",
        "RJD",
        "DMK",
        "ADMK",
        "SHS",
        "NCP",
        "AAP",
        "YSRCP",
        "BJD",
        "TRS",
        "TDP",
        "JMM",
        "LJP",
        "JDS",
        "IUML",
        "SAD",
        "AIMIM",
        "NPP",
    ]
    assert set(required) <= CANONICAL_IDS
    assert set(PARTY_COLORS) <= CANONICAL_IDS
    assert all(is_color_like(c) for c in PARTY_COLORS.values())
    assert PARTY_COLORS["BJP"] != PARTY_COLORS["INC"] != PARTY_COLORS["AITC"]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_mapping_covers_all_parties_with_one_percent(dataset: str) -> None:
    """Every party with >= 1% of the valid votes in any state maps to a canonical id."""
    res = load_results(dataset, min_state_share=0.0)
    cand = res.candidates[res.candidates["party"] != NOTA]
    by = cand.groupby(["state", "party_raw"]).agg(
        votes=("votes", "sum"), mapped=("mapped", "all"), party=("party", "first")
    )
    by["share"] = by["votes"] / by.groupby(level=0)["votes"].transform("sum")
    big = by[by["share"] >= 0.01]
    assert len(big) > 0
    unmapped = big[~big["mapped"]].index.tolist()
    assert unmapped == []
    assert set(big["party"]) <= CANONICAL_IDS
    # every seat winner too
    assert set(res.winners) <= CANONICAL_IDS
    # and all parties kept at the default threshold
    kept = load_results(dataset).parties
    assert set(kept) <= CANONICAL_IDS
