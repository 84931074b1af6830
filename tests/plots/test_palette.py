"""The palette: CIEDE2000 against published test data, customary colours kept apart for parties
that share a state in the shipped data, clashes resolved, blocs coloured by their leader."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.data.parties import PARTY_COLORS
from sim.data.results import available_datasets, load_results
from sim.plots.colour import ciede2000, delta_e, srgb_to_lab
from sim.plots.palette import (
    MIN_DELTA_E,
    build_palette,
    neighbours_from_shares,
    run_palette,
)

# Sharma, Wu & Dalal (2005), Table 1: (L1, a1, b1), (L2, a2, b2), ΔE00
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.4900, -0.0010), (50.0, -2.4900, 0.0009), 7.1792),
    ((50.0, 2.4900, -0.0010), (50.0, -2.4900, 0.0011), 7.2195),
    ((50.0, -0.0010, 2.4900), (50.0, 0.0009, -2.4900), 4.8045),
    ((50.0, -0.0010, 2.4900), (50.0, 0.0011, -2.4900), 4.7461),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0000),
    ((50.0, 2.5, 0.0), (50.0, 3.2972, 0.0), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]

SHIPPED = ("wb_assembly_2016", "wb_lok_sabha_2019_segments", "lok_sabha_2019", "lok_sabha_2014")


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_sharma_test_data(lab1: tuple[float, ...], lab2: tuple[float, ...],
                                            expected: float) -> None:
    assert float(ciede2000(np.array(lab1), np.array(lab2))) == pytest.approx(expected, abs=1e-4)
    assert float(ciede2000(np.array(lab2), np.array(lab1))) == pytest.approx(expected, abs=1e-4)


def test_srgb_to_lab_reference_points() -> None:
    np.testing.assert_allclose(srgb_to_lab(np.array([1.0, 1.0, 1.0])), [100, 0, 0], atol=0.01)
    np.testing.assert_allclose(srgb_to_lab(np.array([1.0, 0.0, 0.0])), [53.24, 80.09, 67.20],
                               atol=0.05)
    assert delta_e("#000000", "#000000") == 0.0


def _state_parties(dataset: str) -> dict[str, dict[str, float]]:
    shares = load_results(dataset).state_shares()
    return {str(state): {str(p): float(v) for p, v in row.items()}
            for state, row in shares.iterrows()}


def _clashes(dataset: str) -> list[tuple[str, str, str, float]]:
    bad = []
    for state, shares in _state_parties(dataset).items():
        present = sorted(p for p, s in shares.items() if s >= 0.01 and p in PARTY_COLORS)
        for a, b in itertools.combinations(present, 2):
            d = delta_e(PARTY_COLORS[a], PARTY_COLORS[b])
            if d < MIN_DELTA_E:
                bad.append((f"{dataset}: {state}", a, b, round(d, 1)))
    return bad


@pytest.mark.parametrize("dataset", SHIPPED)
def test_customary_colours_of_parties_sharing_a_state_are_distinct(dataset: str) -> None:
    """Every pair of named parties that both reach 1% of a state's vote in a shipped election
    is at least MIN_DELTA_E apart (CPM and DMK in Tamil Nadu, BSP and LJP in Bihar ...)."""
    assert _clashes(dataset) == []


@pytest.mark.slow
def test_customary_colours_are_distinct_in_every_shipped_election() -> None:
    """The whole corpus (every assembly and Lok Sabha file): CPI and SP in Bihar 2015, LJP and
    NPP in Manipur 2017, JMM with AIMIM and with the BJD ..."""
    assert [c for dataset in available_datasets() for c in _clashes(dataset)] == []


@pytest.mark.parametrize("dataset", SHIPPED)
def test_palette_of_a_whole_dataset_keeps_every_neighbour_pair_apart(dataset: str) -> None:
    """Parties without a customary colour too: the palette built over a dataset's parties
    keeps every pair that meets in a state at least MIN_DELTA_E apart."""
    by_state = _state_parties(dataset)
    neighbours = neighbours_from_shares(by_state)
    results = load_results(dataset)
    order = sorted(results.parties, key=lambda p: -float(results.votes[:, results.column(p)]
                                                         .sum()))
    palette = build_palette(order, neighbours=neighbours)
    for p, near in neighbours.items():
        for q in near:
            assert delta_e(palette[p], palette[q]) >= MIN_DELTA_E, (p, q)
    named = [p for p in order if p in PARTY_COLORS]
    assert all(palette[p].lower() == PARTY_COLORS[p].lower() for p in named)


def test_a_clash_moves_the_later_party_only_when_they_meet() -> None:
    # YSRCP (Andhra Pradesh) and VBA (Maharashtra) share a blue: they never meet in a state
    assert delta_e(PARTY_COLORS["YSRCP"], PARTY_COLORS["VBA"]) < MIN_DELTA_E
    apart = build_palette(["YSRCP", "VBA"], neighbours={})
    assert apart["YSRCP"] == PARTY_COLORS["YSRCP"] and apart["VBA"] == PARTY_COLORS["VBA"]
    meet = build_palette(["YSRCP", "VBA"], neighbours={"YSRCP": {"VBA"}, "VBA": {"YSRCP"}})
    assert meet["YSRCP"] == PARTY_COLORS["YSRCP"]
    assert meet["VBA"] != PARTY_COLORS["VBA"]
    assert delta_e(meet["YSRCP"], meet["VBA"]) >= MIN_DELTA_E
    unknown = build_palette(["X1", "X2", "X3"])
    assert len({unknown["X1"], unknown["X2"], unknown["X3"]}) == 3


def test_a_bloc_takes_its_leaders_colour() -> None:
    palette = build_palette(["BJP", "INC", "AITC"], {"NDA": ["BJP"], "INDIA": ["INC", "AITC"]})
    assert palette["NDA"] == PARTY_COLORS["BJP"]
    assert palette["INDIA"] == PARTY_COLORS["INC"]
    assert palette.bloc_of("AITC") == "INDIA" and palette.bloc_of("BSP") == "BSP"


def test_run_palette_is_a_function_of_the_tables() -> None:
    import pandas as pd

    table = pd.DataFrame({"id": ["TN-PC-001", "TN-PC-002"], "region": ["Tamil Nadu"] * 2,
                          "votes:DMK": [500, 400], "votes:CPM": [300, 350],
                          "votes:BJP": [100, 100]})
    summary = {"votes_by_party": {"DMK": 900, "CPM": 650, "BJP": 200}}
    blocs = {"INDIA": ["DMK", "CPM"]}
    first = run_palette(summary, table, blocs, by_state=True)
    again = run_palette(summary, table, blocs, by_state=True)
    assert dict(first.colors) == dict(again.colors)
    assert first["INDIA"] == first["DMK"]
    assert delta_e(first["DMK"], first["CPM"]) >= MIN_DELTA_E
