"""Configuration loading, overrides and validation (``sim.config``, ``sim.world.loading``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import TOY, constituency, explicit_doc, make_config, party, synthetic_doc

from sim.config.errors import ConfigError
from sim.config.loading import read_toml
from sim.config.paths import apply_override, parse_override
from sim.world.checks import constituency_ids
from sim.world.loading import load_config, validate
from sim.world.synthetic import synthetic_ids


def base_doc() -> dict[str, Any]:
    return explicit_doc(
        [party("A", -0.5), party("B", 0.5)],
        [constituency("X1", "R", 1000, A=0.6, B=0.4),
         constituency("X2", "R", 1000, A=0.3, B=0.7)],
    )


# ----------------------------------------------------------------------------- valid configs


def test_toy_config_loads_with_every_default_filled() -> None:
    config = load_config(TOY)
    assert config.name == "toy"
    assert [p.id for p in config.parties] == ["RUL", "RGT", "LFT", "CON"]
    # behaviour parameters are stored explicitly, defaults included
    lft = config.parties[2]
    assert lft.strategy.name == "pragmatic"
    assert lft.strategy.params["demand"] == 0.3
    assert "patience" in lft.strategy.params
    con = config.parties[3]
    assert con.strategy.name == "pragmatic" and "demand" in con.strategy.params
    assert config.alliances[0].protocol.name == "campaign_responsive"
    assert config.voters.response.name == "loyal_transfer"
    assert constituency_ids(config)[:3] == ["C001", "C002", "C003"]


def test_resolved_config_round_trips() -> None:
    config = load_config(TOY)
    again = validate(config.to_dict())
    assert again == config
    assert again.digest() == config.digest()


def test_digest_changes_with_any_value() -> None:
    config = load_config(TOY)
    assert load_config(TOY, ["voters.turnout=0.7"]).digest() != config.digest()
    assert load_config(TOY, seed=2).digest() != config.digest()


def test_config_is_frozen() -> None:
    config = load_config(TOY)
    with pytest.raises(Exception, match="frozen"):
        config.seed = 5  # type: ignore[misc]


def test_synthetic_ids() -> None:
    assert synthetic_ids(3) == ["C001", "C002", "C003"]
    assert synthetic_ids(1200)[-1] == "C1200"


def test_explicit_shares_may_omit_parties_and_round_off() -> None:
    doc = base_doc()
    doc["scenario"]["constituencies"].append(constituency("X3", "S", 10, A=0.995))
    config = make_config(doc)
    assert constituency_ids(config) == ["X1", "X2", "X3"]


# ----------------------------------------------------------------------------- overrides


@pytest.mark.parametrize(("text", "key", "value"), [
    ("voters.turnout=0.6", "voters.turnout", 0.6),
    ("calendar.rounds = 3", "calendar.rounds", 3),
    ("name=hello", "name", "hello"),  # not TOML: a bare string
    ('name="two words"', "name", "two words"),
    ("scenario.government=[\"A\", \"B\"]", "scenario.government", ["A", "B"]),
    ("voters.response.params.gain=0", "voters.response.params.gain", 0),
    ("x=true", "x", True),
])
def test_parse_override(text: str, key: str, value: Any) -> None:
    assert parse_override(text) == (key, value)


@pytest.mark.parametrize("text", ["voters.turnout", "=3", "a..b=1", ".a=1"])
def test_parse_override_rejects_malformed(text: str) -> None:
    with pytest.raises(ConfigError, match="--set"):
        parse_override(text)


def test_apply_override_addresses_lists_by_id_name_and_index() -> None:
    doc = base_doc()
    doc["alliances"] = [{"name": "AB", "members": ["A", "B"]}]
    by_id = apply_override(doc, "parties.B.loyalty", 0.5)
    assert by_id["parties"][1]["loyalty"] == 0.5
    by_index = apply_override(doc, "parties.0.goals.policy", 2.0)
    assert by_index["parties"][0]["goals"] == {"policy": 2.0}
    by_name = apply_override(doc, "alliances.AB.protocol", "gamson")
    assert by_name["alliances"][0]["protocol"] == "gamson"
    # the input document is never changed
    assert "loyalty" not in doc["parties"][1]
    assert "goals" not in doc["parties"][0]


def test_apply_override_creates_missing_tables() -> None:
    doc = apply_override({}, "campaign.intensity", 2.0)
    assert doc == {"campaign": {"intensity": 2.0}}


@pytest.mark.parametrize(("key", "message"), [
    ("parties.7.loyalty", "index 7 is out of range"),
    ("parties.-1.loyalty", "out of range"),
    ("parties.ZZZ.loyalty", "no element with id or name 'ZZZ'"),
    ("name.first", "is a value, not a table"),
])
def test_apply_override_errors(key: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        apply_override(base_doc(), key, 1)


def test_load_config_applies_overrides_and_seed() -> None:
    config = load_config(TOY, ["parties.LFT.loyalty=0.5", "calendar.rounds=3"], seed=9)
    assert config.parties[2].loyalty == 0.5
    assert config.parties[3].loyalty == 0.9  # others untouched
    assert config.calendar.rounds == 3
    assert config.seed == 9
    same = load_config(TOY, {"parties.LFT.loyalty": 0.5, "calendar.rounds": 3}, seed=9)
    assert same == config


# ----------------------------------------------------------------------------- bad configs


def _with(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    for key, value in changes.items():
        doc = apply_override(doc, key.replace("__", "."), value)
    return doc


BAD = {
    "unknown key": ({"colour": "red"}, "colour", "unknown key"),
    "unknown nested key": ({"voters__turnuot": 0.5}, "voters.turnuot", "unknown key"),
    "wrong type": ({"calendar__rounds": "eight"}, "calendar.rounds", "integer"),
    "negative electors": ({"scenario__constituencies__0__electors": -5},
                          "scenario.constituencies.0.electors", "greater than or equal to 1"),
    "shares not summing to 1": ({"scenario__constituencies__1__shares": {"A": 0.5, "B": 0.3}},
                                "scenario.constituencies.1.shares", "sum to about 1"),
    "undefined alliance member": ({"alliances": [{"name": "AZ", "members": ["A", "Z"]}]},
                                  "alliances.0.members.1", "undefined party 'Z'"),
    "zero rounds": ({"calendar__rounds": 0}, "calendar.rounds", "greater than or equal to 1"),
    "unknown protocol": ({"alliances": [{"name": "AB", "members": ["A", "B"],
                                         "protocol": "telepathy"}]},
                         "alliances.0.protocol", "unknown protocol 'telepathy'"),
    "unknown strategy": ({"parties__0__strategy": "sulk"}, "parties.0.strategy",
                         "unknown strategy 'sulk'"),
    "unknown response": ({"voters__response": "ignore"}, "voters.response", "unknown response"),
    "unknown behaviour parameter": ({"parties__0__strategy": {"name": "pragmatic",
                                                              "params": {"greed": 1}}},
                                    "parties.0.strategy", "no parameter 'greed'"),
    "behaviour parameter out of range": ({"voters__response": {"name": "loyal_transfer",
                                                               "params": {"gain": 2}}},
                                         "voters.response", "'gain' must be in"),
    "ideology out of range": ({"parties__1__ideology": 1.5}, "parties.1.ideology",
                              "less than or equal to 1"),
    "infinite value": ({"campaign__intensity": float("inf")}, "campaign.intensity", "finite"),
    "not a number": ({"parties__0__ideology": float("nan")}, "parties.0.ideology", ""),
    "duplicate party": ({"parties__1__id": "A"}, "parties", "unique"),
    "party in two alliances": ({"alliances": [{"name": "one", "members": ["A", "B"]},
                                              {"name": "two", "members": ["B", "A"]}]},
                               "alliances.1.members.0", "two alliances"),
    "rival inside alliance": ({"alliances": [{"name": "AB", "members": ["A", "B"],
                                              "rivals": ["A"]}]},
                              "alliances.0.rivals.0", "outside the alliance"),
    "one-member alliance": ({"alliances": [{"name": "A", "members": ["A"]}]},
                            "alliances.0.members", "at least 2"),
    "unknown government": ({"scenario__government": ["Q"]}, "scenario.government.0",
                           "undefined party"),
    "quiet round outside calendar": ({"calendar__quiet_rounds": [5]}, "calendar.quiet_rounds",
                                     "outside 1..2"),
    "goodwill unknown constituency": ({"goodwill": [{"giver": "A", "beneficiary": "B",
                                                     "constituencies": ["Q9"]}]},
                                      "goodwill.0.constituencies.0", "unknown constituency"),
    "goodwill to itself": ({"goodwill": [{"giver": "A", "beneficiary": "A",
                                          "constituencies": ["X1"]}]},
                           "goodwill.0.beneficiary", "itself"),
    "share of undefined party": ({"scenario__constituencies__0__shares": {"A": 0.5, "Q": 0.5}},
                                 "scenario.constituencies.0.shares.Q", "undefined party"),
    "no parties": ({"parties": []}, "parties", "at least 2"),
    "synthetic without strengths": ({"scenario__source": "synthetic"}, "parties.0.strength",
                                    "strength"),
    "mood names an unknown party": ({"scenario__mood": {"shares": {"A": 0.5, "Q": 0.2}}},
                                    "scenario.mood.shares.Q", "not a party of the scenario"),
    "mood shares above 1": ({"scenario__mood": {"shares": {"A": 0.8, "B": 0.5}}},
                            "scenario.mood.shares", "more than 1"),
    "mood for every party not summing to 1": ({"scenario__mood": {"shares": {"A": 0.5,
                                                                            "B": 0.3}}},
                                              "scenario.mood.shares", "sum to about 1"),
    "mood at two levels": ({"scenario__mood": {"shares": {"A": 0.5},
                                               "regions": {"R": {"A": 0.5}}}},
                           "scenario.mood", "exactly one of"),
    "mood in an unknown region": ({"scenario__mood": {"regions": {"Q": {"A": 0.5}}}},
                                  "scenario.mood.regions.Q", "unknown region"),
    "mood by state without results": ({"scenario__mood": {"states": {"Kerala": {"A": 0.5}}}},
                                      "scenario.mood.states", "results scenario"),
    "mood swing unknown": ({"scenario__mood": {"shares": {"A": 0.5}, "swing": "magic"}},
                           "scenario.mood.swing", ""),
    "transfer to an undefined party": ({"transfer": [{"party": "A", "to": "Q",
                                                      "affinity": 0.5}]},
                                       "transfer.0.to", "undefined party"),
    "transfer to itself": ({"transfer": [{"party": "A", "to": "A", "affinity": 0.5}]},
                           "transfer.0.to", "another party"),
    "transfer pair twice": ({"transfer": [{"party": "A", "to": "B", "affinity": 0.5},
                                          {"party": "A", "to": "B", "affinity": 0.6}]},
                            "transfer.1", "twice"),
    "transfer affinity above 1": ({"transfer": [{"party": "A", "to": "B", "affinity": 1.5}]},
                                  "transfer.0.affinity", "less than or equal to 1"),
    "unknown support rule": ({"voters__support": ["magic"]}, "voters.support.0",
                             "unknown support 'magic'"),
    "support rule listed twice": ({"voters__support": ["persuasion", "persuasion"]},
                                  "voters.support", "listed once"),
    "support rule parameter out of range": ({"voters__support": [
        {"name": "persuasion", "params": {"rate": 3}}]}, "voters.support.0", "'rate' must be in"),
}


def test_a_proportional_mood_cannot_give_votes_to_a_party_without_any() -> None:
    doc = explicit_doc(
        [party("A", -0.5), party("B", 0.5), party("C", 0.0)],
        [constituency("X1", "R", 1000, A=0.6, B=0.4), constituency("X2", "R", 1000, A=0.3, B=0.7)],
        scenario={"mood": {"shares": {"C": 0.1}}},
    )
    with pytest.raises(ConfigError, match=r"key 'scenario.mood.shares.C'.*uniform"):
        make_config(doc)
    doc["scenario"]["mood"]["swing"] = "uniform"
    assert make_config(doc).scenario.mood.shares == {"C": 0.1}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_config_is_a_located_one_line_error(case: str) -> None:
    changes, key, message = BAD[case]
    doc = base_doc()
    if set(changes) <= {"colour"}:
        doc.update(changes)
    else:
        doc = _with(doc, **changes)
    with pytest.raises(ConfigError) as info:
        make_config(doc)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("<test>: key ")
    assert f"'{key}'" in text
    assert message in text


def test_synthetic_strengths_must_not_all_be_zero() -> None:
    with pytest.raises(ConfigError, match="must not all be zero"):
        make_config(synthetic_doc({"A": 0.0, "B": 0.0}))


def test_explicit_scenario_needs_constituencies() -> None:
    doc = base_doc()
    doc["scenario"]["constituencies"] = []
    with pytest.raises(ConfigError, match="at least one"):
        make_config(doc)


# ----------------------------------------------------------------------------- reading files


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        read_toml(tmp_path / "nope.toml")


def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="cannot read file"):
        read_toml(folder)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"name = \"\xff\xfe\"\n")
    with pytest.raises(ConfigError, match="cannot read file"):
        read_toml(binary)


def test_invalid_toml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[parties\nid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_config(bad)
    assert "\n" not in str(info.value)
