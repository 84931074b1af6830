"""The replay check: a reference election simulated with no alliances and no swing reproduces
its winners (``sim.run.replay``, ``coalsim replay``)."""

from __future__ import annotations

import gzip

import numpy as np

from sim.cli import main
from sim.core.rng import Streams
from sim.run.replay import replay, replay_config
from sim.world.build import build_scenario

# Full scale (one agent per elector) reproduces 293/294 West Bengal 2016 winners in ~20 s; the
# suite replays at 10 electors per agent (~6.6 M agents, ~2 s), which already clears 95%.
SUITE_SCALE = 10


def test_replay_west_bengal_2016_reproduces_95_percent_of_winners():
    result = replay("wb_assembly_2016", SUITE_SCALE)
    assert result.n_constituencies == 294
    assert result.agents > 6_000_000
    assert result.share >= 0.95, result.mismatches.to_string()
    # what is missed is close: every miss was decided by under 3% of the vote
    assert (result.mismatches["actual_margin_pct"] < 3.0).all()


def test_replay_parties_stand_exactly_where_they_stood():
    config = replay_config("wb_assembly_2016", 1000)
    sc = build_scenario(config, Streams(0).generator("scenario"))
    assert "GJM" in sc.party_ids  # won 3 seats, kept separate though under 1% statewide
    assert sc.party_ids[-2:] == ("IND", "OTH")
    assert config.negotiation.min_share_to_stand == 0.0
    assert config.voters.nonpartisan_share == 0.0
    assert all(p.loyalty == 1.0 for p in config.parties)
    assert not config.alliances
    # the share of a party is zero exactly where it fielded no candidate
    shares = np.asarray(sc.shares)
    assert ((shares[:, sc.party_index("BJP")] > 0).sum()) == 291  # BJP stood in 291 ACs


def test_cli_replay_prints_the_figure(capsys):
    code = main(["replay", "lok_sabha_2019", "--voters-per-agent", "200", "--state", "Kerala"])
    out = capsys.readouterr().out
    assert code == 0
    assert "replay lok_sabha_2019: 20 constituencies" in out
    assert "winners reproduced: " in out
    assert "/20 (" in out


def test_cli_replay_bad_input_exits_2(tmp_path, capsys):
    assert main(["replay", "no_such_dataset"]) == 2
    assert "unknown dataset" in capsys.readouterr().err
    assert main(["replay", "lok_sabha_2019", "--voters-per-agent", "0"]) == 2
    bad = tmp_path / "bad.csv.gz"
    with gzip.open(bad, "wt") as handle:
        handle.write("state,constituency_no,constituency_name,candidate,party,votes\n"
                     "Kerala,1,KASARAGOD,A,Indian National Congress,-5\n")
    assert main(["replay", "lok_sabha_2019", "--file", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "line 2" in err and "'votes'" in err
