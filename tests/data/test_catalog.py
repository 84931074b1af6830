"""Tests of the corpus catalogue (sim.data.catalog)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from sim.data import catalog as catalog_mod
from sim.data.catalog import (
    catalog,
    compute_facts,
    election_pairs,
    find_dataset,
    format_catalog,
    write_facts,
)
from sim.data.datasets import DATASETS
from sim.data.errors import DataError
from sim.data.results import load_results


def test_shipped_facts_are_current(tmp_path: Path) -> None:
    """The shipped facts are what python -m sim.data.catalog writes now, byte for byte."""
    written = write_facts(tmp_path / "facts.csv.gz")
    assert written.read_bytes() == catalog_mod._facts_path().read_bytes()
    assert gzip.decompress(written.read_bytes()).startswith(b"dataset,state,constituencies")
    shipped = catalog_mod._facts()
    assert len(shipped) == 171 + 3 * 2 + 2 * 36  # undivided AP: 2 states; Lok Sabha: 36
    assert set(shipped.columns) == {
        "dataset",
        "state",
        "constituencies",
        "electors",
        "missing",
        "parties",
    }
    up = shipped[shipped["dataset"] == "up_assembly_2017"].iloc[0]
    assert set(up["parties"].split()) == set(load_results("up_assembly_2017").parties) - {
        "IND",
        "OTH",
        "NOTA",
    }
    assert compute_facts(["tn_assembly_2016"])["missing"].tolist() == ["50 134 174"]


def test_catalog_columns_and_figures() -> None:
    cat = catalog().set_index("dataset")
    assert set(cat.index) == set(DATASETS)
    assert {
        "kind",
        "state",
        "state_code",
        "year",
        "level",
        "constituencies",
        "electors",
        "parties_over_1pct",
        "file",
    } <= set(cat.columns)
    up = cat.loc["up_assembly_2017"]
    assert (up["state"], up["state_code"], up["year"], up["kind"], up["level"]) == (
        "Uttar Pradesh",
        "UP",
        2017,
        "assembly",
        "AC",
    )
    assert up["constituencies"] == 403 == up["seats"]
    assert up["electors"] == 141_664_587
    assert up["file"] == "assembly/UP_2017.csv.gz"
    res = load_results("up_assembly_2017")
    assert up["parties_over_1pct"] == len(res.parties) - 3  # the kept party columns
    assert pd.isna(cat.loc["mz_assembly_2018", "electors"])
    assert pd.isna(cat.loc["lok_sabha_2014", "electors"])
    assert cat.loc["lok_sabha_2019", "state"] == "India"
    assert cat.loc["lok_sabha_2019", "constituencies"] == 542
    assert cat.loc["ap_assembly_2009", "seats"] == 294
    assert cat.loc["tn_assembly_2016", "constituencies"] == 231
    assert "Aravakurichi" in cat.loc["tn_assembly_2016", "note"]
    assert cat["kind"].value_counts().to_dict() == {
        "lok_sabha_segments": 91,
        "assembly": 83,
        "lok_sabha": 2,
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("Uttar Pradesh", 2017), "up_assembly_2017"),
        (("up", 2017), "up_assembly_2017"),
        (("BIHAR", 2015), "br_assembly_2015"),
        (("wb", 2016), "wb_assembly_2016"),
        (("West Bengal", 2021), "wb_assembly_2021"),
        (("Orissa", 2019), "od_assembly_2019"),
        (("TS", 2018), "tg_assembly_2018"),
        (("tg", 2014), "tg_assembly_2014"),
        (("Telangana", 2009), "ap_assembly_2009"),
        (("delhi", 2020), "dl_assembly_2020"),
        (("UP", 2019, "lok_sabha_segments"), "up_lok_sabha_2019_segments"),
        (("Telangana", 2014, "lok_sabha_segments"), "ap_lok_sabha_2014_segments"),
        (("wb", 2019, "lok_sabha_segments"), "wb_lok_sabha_2019_segments"),
        (("India", 2019, "lok_sabha"), "lok_sabha_2019"),
        (("Kerala", 2014, "lok_sabha"), "lok_sabha_2014"),
    ],
)
def test_find_dataset(args: tuple, expected: str) -> None:
    assert find_dataset(*args) == expected


def test_find_dataset_errors() -> None:
    with pytest.raises(DataError) as info:
        find_dataset("Utar Pradesh", 2017)
    assert info.value.column == "state" and "'Uttar Pradesh'" in str(info.value)
    with pytest.raises(DataError) as info:
        find_dataset("Uttar Pradesh", 2019)
    assert info.value.column == "year" and "2012, 2017" in str(info.value)
    assert info.value.got == 2019
    with pytest.raises(DataError, match="lok_sabha_segments"):
        find_dataset("Bihar", 2015, kind="vidhan_sabha")
    with pytest.raises(DataError, match="only 'lok_sabha'"):
        find_dataset("India", 2019)
    with pytest.raises(DataError, match="2009, 2014, 2019"):
        find_dataset("Goa", 2010, kind="lok_sabha_segments")


def test_election_pairs() -> None:
    pairs = election_pairs()
    assert len(pairs) == 53  # 83 assembly elections in 31 states, plus Telangana's 2009 rows
    assert (pairs["target_year"] > pairs["baseline_year"]).all()
    br = pairs[pairs["state"] == "Bihar"]
    assert list(zip(br["baseline"], br["target"], strict=True)) == [
        ("br_assembly_2010", "br_assembly_2015"),
        ("br_assembly_2015", "br_assembly_2020"),
    ]
    assert not br["ids_differ"].any() and (br["n_common"] == 243).all()
    wb = pairs[pairs["state"] == "West Bengal"]
    assert list(wb["baseline"]) == ["wb_assembly_2011", "wb_assembly_2016"]
    ap = pairs.set_index(["state", "target"])
    first_ap = ap.loc[("Andhra Pradesh", "ap_assembly_2014")]
    first_tg = ap.loc[("Telangana", "tg_assembly_2014")]
    for row in (first_ap, first_tg):
        assert row["baseline"] == "ap_assembly_2009" and row["territory_changed"]
        assert "undivided" in row["note"]
    assert first_tg["n_baseline"] == 119 == first_tg["n_common"]
    # ids differ where one file lacks constituencies the other has
    tn = ap.loc[("Tamil Nadu", "tn_assembly_2016")]
    assert tn["ids_differ"] and tn["n_baseline"] == 233 and tn["n_target"] == 231
    assert tn["n_common"] == 231  # 234 less AC 50 (2011) and ACs 134, 174 (2016)
    assert ap.loc[("Andhra Pradesh", "ap_assembly_2019"), "ids_differ"]
    # the ids of the pair really are those of the loaded files
    a = set(load_results("tn_assembly_2011").ids)
    b = set(load_results("tn_assembly_2016").ids)
    assert len(a & b) == 231
    ls = election_pairs("lok_sabha")
    assert list(zip(ls["baseline"], ls["target"], strict=True)) == [
        ("lok_sabha_2014", "lok_sabha_2019")
    ]
    seg = election_pairs("lok_sabha_segments")
    assert len(seg[seg["state"] == "Uttar Pradesh"]) == 2
    with pytest.raises(DataError):
        election_pairs("panchayat")


def test_format_catalog() -> None:
    text = format_catalog()
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["dataset", "kind", "state"]
    assert len(lines) == 1 + 176 + 1
    assert lines[-1].startswith("176 datasets (83 assembly, 2 lok_sabha, 91 lok_sabha_segments)")
    row = next(x for x in lines if x.startswith("up_assembly_2017 "))
    assert "Uttar Pradesh" in row and "403/403" in row and "141.7M" in row
    only = format_catalog("lok_sabha").splitlines()
    assert len(only) == 4 and "India" in only[1]
    with pytest.raises(DataError):
        format_catalog("nonsense")
