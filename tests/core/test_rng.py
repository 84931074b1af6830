"""Named random streams (``sim.core.rng``)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from sim.core.rng import Streams


def draws(seed: int, name: str, *keys: int) -> np.ndarray:
    return Streams(seed).generator(name, *keys).random(8)


def test_same_seed_name_and_keys_give_identical_draws() -> None:
    assert np.array_equal(draws(7, "polls", 3, 2), draws(7, "polls", 3, 2))
    assert np.array_equal(draws(0, "election"), draws(0, "election"))


@pytest.mark.parametrize(("other"), [
    (8, "polls", 3, 2),      # another seed
    (7, "voters", 3, 2),     # another name
    (7, "polls", 3, 1),      # another key
    (7, "polls", 2, 3),      # the same keys in another order
    (7, "polls", 3),         # fewer keys
    (7, "polls", 3, 2, 0),   # more keys
])
def test_anything_else_gives_different_draws(other: tuple) -> None:
    assert not np.array_equal(draws(7, "polls", 3, 2), draws(*other))


def test_a_stream_does_not_depend_on_other_streams_being_used() -> None:
    s = Streams(3)
    first = s.generator("negotiation", 1, 0).random(4)
    s.generator("polls", 1).random(1000)  # another phase draws heavily in between
    assert np.array_equal(s.generator("negotiation", 1, 0).random(4), first)


def test_integer_seed_is_stable_and_fits_63_bits() -> None:
    a = Streams(5).integer_seed("mesa")
    assert a == Streams(5).integer_seed("mesa")
    assert a != Streams(6).integer_seed("mesa")
    assert a != Streams(5).integer_seed("mesa", 1)
    assert 0 <= a < 2**63


def test_negative_seed_is_rejected() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        Streams(-1)


def test_streams_do_not_depend_on_python_hash_seed() -> None:
    code = ("from sim.core.rng import Streams; "
            "print(Streams(4).generator('polls', 1).integers(1 << 60))")
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True, timeout=60)
        outputs.add(out.stdout.strip())
    assert len(outputs) == 1
    assert outputs == {str(Streams(4).generator("polls", 1).integers(1 << 60))}
