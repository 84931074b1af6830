"""Scenarios built from shipped results (``[scenario] source = "results"``,
``sim.world.results``)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.config.errors import ConfigError
from sim.core.rng import Streams
from sim.core.swing import uniform_swing
from sim.data.ids import state_of_id
from sim.data.results import load_results
from sim.run.summary import seats_by_state
from sim.world.build import build_scenario
from sim.world.loading import validate
from sim.world.results import build_baseline


def doc(baseline: Any = "wb_assembly_2016", parties: list[str] | None = None,
        **results: Any) -> dict[str, Any]:
    ids = parties or ["AITC", "BJP", "CPM", "INC"]
    return {
        "name": "real-test",
        "scenario": {"source": "results", "results": {"baseline": baseline, **results}},
        "parties": [{"id": p, "ideology": round(-0.6 + 0.4 * i, 2)} for i, p in enumerate(ids)],
        "calendar": {"rounds": 1},
        "voters": {"voters_per_agent": 2000},
    }


def scenario_of(document: dict[str, Any]):
    config = validate(document, "<test>")
    return build_scenario(config, Streams(0).generator("scenario"))


def test_west_bengal_assembly_scenario():
    sc = scenario_of(doc())
    assert sc.n_constituencies == 294
    assert sc.party_ids == ("AITC", "BJP", "CPM", "INC", "OTH")  # remainder appended
    assert sc.constituency_ids[71] == "WB-AC-072"
    assert sc.n_regions == 19  # districts
    np.testing.assert_allclose(sc.shares.sum(axis=1), 1.0)
    raw = load_results("wb_assembly_2016", min_state_share=0).shares()
    np.testing.assert_allclose(sc.shares[:, 0], raw["AITC"].to_numpy())
    np.testing.assert_allclose(sc.shares[:, 4], 1 - raw[["AITC", "BJP", "CPM", "INC"]].sum(axis=1))
    res = load_results("wb_assembly_2016")
    np.testing.assert_array_equal(sc.electors, res.constituencies["electors"].to_numpy())
    np.testing.assert_allclose(sc.turnout, res.constituencies["turnout"].to_numpy())


def test_lok_sabha_scenario_has_542_constituencies_in_state_regions():
    sc = scenario_of(doc("lok_sabha_2019", ["BJP", "INC", "AITC", "SP", "BSP"]))
    assert sc.n_constituencies == 542
    assert sc.n_regions == 36
    assert "TN-PC-008" not in sc.constituency_ids  # Vellore is missing from the data
    np.testing.assert_allclose(sc.shares.sum(axis=1), 1.0)
    assert int(sc.electors.sum()) > 900_000_000


def test_state_filter_on_a_lok_sabha_dataset():
    sc = scenario_of(doc("lok_sabha_2019", states=["WEST BENGAL"]))
    assert sc.n_constituencies == 42
    assert all(cid.startswith("WB-PC-") for cid in sc.constituency_ids)
    assert sc.regions == ("West Bengal",)


def test_listed_remainder_and_merge():
    merged = scenario_of(doc(parties=["AITC", "BJP", "CPM", "INC", "OTH"],
                             merge={"CPM": ["CPI", "RSP", "AIFB"]}))
    plain = scenario_of(doc(parties=["AITC", "BJP", "CPM", "INC", "OTH"]))
    assert merged.party_ids == plain.party_ids == ("AITC", "BJP", "CPM", "INC", "OTH")
    raw = load_results("wb_assembly_2016", min_state_share=0).shares()
    left = raw[["CPM", "CPI", "RSP", "AIFB"]].sum(axis=1).to_numpy()
    np.testing.assert_allclose(merged.shares[:, 2], left)
    np.testing.assert_allclose(merged.shares[:, 4] + left, plain.shares[:, 4] + plain.shares[:, 2])


def test_blend_of_two_baselines():
    a = scenario_of(doc("wb_assembly_2016"))
    b = scenario_of(doc("wb_lok_sabha_2019_segments"))
    mix = scenario_of(doc({"wb_assembly_2016": 3.0, "wb_lok_sabha_2019_segments": 1.0}))
    np.testing.assert_allclose(mix.shares, 0.75 * a.shares + 0.25 * b.shares)
    np.testing.assert_allclose(mix.turnout, 0.75 * np.asarray(a.turnout) + 0.25 * b.turnout)
    np.testing.assert_array_equal(mix.electors, a.electors)  # the 2016 roll


def test_swing_by_district_and_new_party():
    base = scenario_of(doc(parties=["AITC", "BJP", "CPM", "INC", "ISF"], new_parties=["ISF"]))
    assert np.asarray(base.shares)[:, 4].max() == 0.0
    swung = scenario_of(doc(
        parties=["AITC", "BJP", "CPM", "INC", "ISF"], new_parties=["ISF"],
        swing=[{"party": "ISF", "add": 0.05, "districts": ["Hooghly"]},
               {"party": "BJP", "multiply": 1.5, "states": ["West Bengal"]}],
    ))
    table = build_baseline(validate(doc(), "<t>")).constituencies
    hooghly = (table["district"] == "HOOGHLY").to_numpy()
    assert hooghly.sum() == 18
    expected = uniform_swing(base.shares, [0, 0, 0, 0, 0.05, 0], hooghly)
    bjp = np.array([1, 1.5, 1, 1, 1, 1])
    expected = expected * bjp / (expected * bjp).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(swung.shares, expected)
    assert (np.asarray(swung.shares)[hooghly, 4] > 0.04).all()
    assert (np.asarray(swung.shares)[~hooghly, 4] == 0).all()


def test_move_share_between_parties_in_one_state():
    base = scenario_of(doc("lok_sabha_2019", ["BJP", "JDU", "INC"]))
    moved = scenario_of(doc("lok_sabha_2019", ["BJP", "JDU", "INC"],
                            swing=[{"party": "JDU", "move": 0.5, "to": "BJP",
                                    "states": ["Bihar"]}]))
    bihar = np.array([cid.startswith("BR-") for cid in base.constituency_ids])
    np.testing.assert_allclose(moved.shares[bihar, 1], 0.5 * base.shares[bihar, 1])
    np.testing.assert_allclose(moved.shares[~bihar], base.shares[~bihar])


@pytest.mark.parametrize(
    ("document", "key", "message"),
    [
        (doc(parties=["AITC", "BJP", "XYZ"]), "parties.2.id", "does not occur"),
        (doc(parties=["AITC", "BJP", "ISF"]), "parties.2.id", "new_parties"),
        (doc("no_such_dataset"), "scenario.results.baseline", "unknown dataset"),
        (doc(states=["Atlantis"]), "scenario.results.states.0", "unknown state"),
        # a state the dataset does not hold (a state merely left out by `states` is skipped)
        (doc(swing=[{"party": "BJP", "add": 0.05, "states": ["Kerala"]}]),
         "scenario.results.swing.0.states.0", "no constituency"),
        (doc(swing=[{"party": "BJP", "add": 0.05, "districts": ["Gotham"]}]),
         "scenario.results.swing.0.districts.0", "unknown district"),
        (doc(swing=[{"party": "ZZZ", "add": 0.05}]), "scenario.results.swing.0.party",
         "not a party"),
        (doc(swing=[{"party": "BJP", "add": 0.05, "multiply": 2.0}]),
         "scenario.results.swing.0", "exactly one"),
        (doc(parties=["AITC", "BJP"],
             swing=[{"party": "AITC", "add": -1.0}, {"party": "BJP", "add": -1.0},
                    {"party": "OTH", "add": -1.0}]),
         "scenario.results.swing.2", "leaves WB-AC-001 with no votes"),
        (doc(merge={"CPM": ["BJP"]}), "scenario.results.merge.CPM.0", "itself"),
        (doc(new_parties=["BJP"]), "scenario.results.new_parties.0", "occurs in the data"),
        (doc({"wb_assembly_2016": 0.5, "lok_sabha_2019": 0.5}), "scenario.results.baseline",
         "one level"),
        ({**doc(), "goodwill": [{"giver": "CPM", "beneficiary": "INC",
                                 "constituencies": ["WB-AC-999"]}]},
         "goodwill.0.constituencies.0", "unknown constituency"),
    ],
)
def test_bad_results_configs_name_the_key(document, key, message):
    with pytest.raises(ConfigError) as err:
        validate(document, "cfg.toml")
    text = str(err.value)
    assert text.startswith("cfg.toml: ")
    assert f"key '{key}'" in text
    assert message in text


def test_goodwill_with_real_ids_is_accepted():
    document = {**doc(), "goodwill": [{"giver": "CPM", "beneficiary": "INC",
                                       "constituencies": ["WB-AC-072"]}]}
    sc = scenario_of(document)
    assert sc.goodwill[0].constituencies == (71,)


# ------------------------------------------------------------------ custom results files

HEADER = "state,constituency_no,constituency_name,district,reserved,candidate,party,votes,electors"
GOOD_ROWS = [
    "West Bengal,1,ALPHA,D1,GEN,A,All India Trinamool Congress,500,1000",
    "West Bengal,1,ALPHA,D1,GEN,B,Bharatiya Janata Party,300,1000",
    "West Bengal,1,ALPHA,D1,GEN,NOTA,NOTA,10,1000",
    "West Bengal,2,BETA,D1,SC,C,Bharatiya Janata Party,450,900",
    "West Bengal,2,BETA,D1,SC,D,Indian National Congress,250,900",
]


def _write(tmp_path: Path, rows: list[str], header: str = HEADER) -> str:
    path = tmp_path / "results.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([header, *rows]) + "\n")
    return str(path)


def _file_doc(path: str, parties: list[str] | None = None) -> dict[str, Any]:
    return doc("lok_sabha_2019", parties or ["AITC", "BJP", "INC"],
               files={"lok_sabha_2019": path})


def test_a_custom_results_file(tmp_path):
    sc = scenario_of(_file_doc(_write(tmp_path, GOOD_ROWS)))
    assert sc.constituency_ids == ("WB-PC-001", "WB-PC-002")
    np.testing.assert_allclose(sc.shares[0], [0.625, 0.375, 0.0, 0.0])
    np.testing.assert_allclose(sc.turnout, [0.81, 0.7 / 0.9])


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        (GOOD_ROWS, HEADER.replace(",votes,", ",ballots,"), "column 'votes'"),
        ([*GOOD_ROWS[:3], GOOD_ROWS[3].replace(",450,", ",4x0,")], HEADER,
         "line 5, column 'votes'"),
        ([*GOOD_ROWS[:3], GOOD_ROWS[3].replace(",450,", ",-450,")], HEADER,
         "line 5, column 'votes'"),
        ([*GOOD_ROWS, "West Bengal,3,GAMMA,D1,GEN,NOTA,NOTA,10,900"], HEADER,
         "at least one candidate"),
    ],
)
def test_a_bad_results_file_is_a_config_error_naming_file_and_line(tmp_path, rows, header,
                                                                   expected):
    path = _write(tmp_path, rows, header)
    with pytest.raises(ConfigError) as err:
        validate(_file_doc(path), "cfg.toml")
    text = str(err.value)
    assert "key 'scenario.results.files.lok_sabha_2019'" in text
    assert path in text
    assert expected in text


def test_party_unknown_to_a_custom_file(tmp_path):
    with pytest.raises(ConfigError, match=r"key 'parties.2.id'.*'SP' does not occur"):
        validate(_file_doc(_write(tmp_path, GOOD_ROWS), ["AITC", "BJP", "SP"]), "cfg.toml")


def test_seats_by_state_table():
    import pandas as pd

    table = pd.DataFrame({"id": ["WB-PC-001", "WB-PC-002", "KL-PC-001", "WB-PC-003"],
                          "winner_bloc": ["INDIA", "NDA", "INDIA", "INDIA"]})
    out = seats_by_state(table)
    assert list(out.columns) == ["state", "INDIA", "NDA", "total"]
    assert out.to_dict("records") == [
        {"state": "West Bengal", "INDIA": 2, "NDA": 1, "total": 3},
        {"state": "Kerala", "INDIA": 1, "NDA": 0, "total": 1},
    ]
    assert state_of_id("UP-PC-063") == "Uttar Pradesh"
