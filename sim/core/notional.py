"""Notional baselines: a party's strength where it stood down for an ally.

In a reference election run under a seat-sharing pact, a party that left a constituency to an
ally has no votes there, and the ally's share holds both parties' voters (the SP in the 38 Uttar
Pradesh seats it left to the BSP in the 2019 Lok Sabha election, and the BSP in the SP's 37;
the Left and the Congress in West Bengal 2016; HAM and RLSP in Bihar 2019). Used as a
baseline, such a result says the party is worth nothing there. :func:`reconstruct` gives each
such party its *notional* share, taken out of the ally's, from auxiliary elections in which both
stood (another Lok Sabha election counted by assembly segment, the previous assembly election).

The rule, for a constituency ``c`` and a *carrier* ``b`` (a party that stood in ``c`` in the
reference, with reference share ``S_b``) with absent allies ``A`` (parties ``a`` with a pair
``(a, b)``, i.e. "``a`` stood down for ``b``", that did not stand in ``c`` in the reference):

1. Each absent ally ``a`` gets a *relative strength* ``rho_a = s_a / s_b``:

   * **local**: from the first auxiliary election (in the configured order) in which both
     ``a`` and ``b`` stood in ``c``: their shares there;
   * **reference-wide** fallback: the ratio of their summed shares (weighted by ``weights``,
     e.g. the valid votes) over the constituencies of the reference where both stood;
   * **auxiliary-wide** fallback: the same ratio in the first auxiliary election in which they
     both stood anywhere.

   With ``require_presence`` (the default) ``a`` is only reconstructed in ``c`` if it stood in
   ``c`` in at least one auxiliary election, so a party is not given a share where it has never
   stood (e.g. a partner that only ever contests a handful of seats). A pair for which none of
   the three ratios exists is recorded in :attr:`NotionalResult.skipped`.

2. The carrier's share is split in proportion to ``1 : rho_a1 : rho_a2 ...``::

       notional_a = S_b * rho_a / (1 + sum(rho))      notional_b = S_b / (1 + sum(rho))

   For one absent ally that is ``S_b * s_a / (s_a + s_b)``: the carrier's share divided as the
   two parties divided their votes where both stood.

An absent party with several allies standing in ``c`` (a friendly fight) is carried by the one
with the largest reference share. Every row still sums to what it summed to before (1 for vote
shares); parties that are not part of a reconstruction keep their shares exactly.

Pure numpy; the caller aligns the auxiliary elections to the reference's constituencies (rows)
and parties (columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import permutations

import numpy as np

__all__ = [
    "Auxiliary",
    "NotionalResult",
    "Reconstruction",
    "alliance_pairs",
    "reconstruct",
]

LOCAL = "local"
REFERENCE_WIDE = "reference-wide"
AUXILIARY_WIDE = "auxiliary-wide"


@dataclass(frozen=True)
class Auxiliary:
    """An auxiliary election, aligned to the reference.

    Attributes:
        name: label used in the record (e.g. a dataset name).
        shares: ``C x P`` vote shares, rows and columns as the reference's; rows of
            constituencies the election lacks may hold anything (their ``stood`` is False).
        stood: ``C x P`` bool: the party had a candidate in the constituency.
    """

    name: str
    shares: np.ndarray
    stood: np.ndarray


@dataclass(frozen=True)
class Reconstruction:
    """One notional share given to an absent party.

    Attributes:
        row: constituency (row index).
        party: the absent party's column.
        carrier: the column of the ally whose share was split.
        source: ``"local"``, ``"reference-wide"`` or ``"auxiliary-wide"``.
        auxiliary: name of the auxiliary election the ratio came from (``""`` for
            reference-wide).
        ratio: the relative strength ``rho`` = absent party / carrier.
        share: the notional share given to the absent party.
    """

    row: int
    party: int
    carrier: int
    source: str
    auxiliary: str
    ratio: float
    share: float


@dataclass(frozen=True)
class NotionalResult:
    """The notional shares and what was done.

    Attributes:
        shares: ``C x P`` shares; rows sum as the reference's did.
        reconstructed: one record per (constituency, absent party) given a share.
        skipped: (row, absent party, carrier) triples that qualified but had no ratio.
    """

    shares: np.ndarray
    reconstructed: tuple[Reconstruction, ...]
    skipped: tuple[tuple[int, int, int], ...]

    @property
    def rows(self) -> np.ndarray:
        """Sorted indices of the constituencies with at least one reconstruction."""
        return np.unique(np.array([r.row for r in self.reconstructed], dtype=np.int64))


def alliance_pairs(alliances: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Every ordered pair ``(a, b)`` of parties in the same alliance: "a may stand down for b".

    Args:
        alliances: groups of party columns.

    Returns:
        The pairs, in the order of the groups.
    """
    return [pair for group in alliances for pair in permutations(group, 2)]


def _pair_ratio(
    num: np.ndarray, den: np.ndarray, both: np.ndarray, weights: np.ndarray
) -> float | None:
    """sum(w * num) / sum(w * den) over ``both``; ``None`` if undefined."""
    if not both.any():
        return None
    d = float(np.dot(weights[both], den[both]))
    return _finite(float(np.dot(weights[both], num[both])) / d) if d > 0 else None


def _finite(ratio: float) -> float | None:
    """The ratio, or ``None`` if it overflowed (a denominator too small to divide by)."""
    return ratio if np.isfinite(ratio) else None


def reconstruct(
    shares: np.ndarray,
    stood: np.ndarray,
    pairs: Sequence[tuple[int, int]],
    auxiliaries: Sequence[Auxiliary],
    *,
    weights: np.ndarray | None = None,
    require_presence: bool = True,
) -> NotionalResult:
    """Notional shares of parties that stood down for an ally (see the module docstring).

    Args:
        shares: ``C x P`` reference shares (rows sum to 1 for vote shares).
        stood: ``C x P`` bool: who stood in the reference.
        pairs: ``(absent, carrier)`` column pairs, "absent stood down for carrier"
            (see :func:`alliance_pairs` for all pairs of named allies).
        auxiliaries: auxiliary elections, in the order they are consulted.
        weights: ``C`` non-negative weights of the wide ratios (e.g. valid votes); default 1.
        require_presence: only reconstruct a party in a constituency where it stood in some
            auxiliary election.

    Returns:
        The :class:`NotionalResult`.

    Raises:
        ValueError: shapes disagree, a pair names a column out of range or a party as its
            own ally, or weights are negative.
    """
    s = np.asarray(shares, dtype=np.float64)
    st = np.asarray(stood, dtype=bool)
    n_c, n_p = s.shape
    if st.shape != s.shape:
        raise ValueError(f"stood has shape {st.shape}, shares {s.shape}")
    for aux in auxiliaries:
        if aux.shares.shape != s.shape or aux.stood.shape != s.shape:
            raise ValueError(f"auxiliary {aux.name!r} is not aligned: {aux.shares.shape}")
    w = np.ones(n_c) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n_c,) or (w < 0).any():
        raise ValueError("weights must be C non-negative numbers")
    for a, b in pairs:
        if not (0 <= a < n_p and 0 <= b < n_p) or a == b:
            raise ValueError(f"bad pair {(a, b)} for {n_p} parties")

    aux_s = [np.asarray(x.shares, dtype=np.float64) for x in auxiliaries]
    aux_st = [np.asarray(x.stood, dtype=bool) for x in auxiliaries]
    seen_any = np.zeros_like(st)
    for x in aux_st:
        seen_any |= x

    wide: dict[tuple[int, int], tuple[str, str, float] | None] = {}

    def wide_ratio(a: int, b: int) -> tuple[str, str, float] | None:
        if (a, b) not in wide:
            found = None
            r = _pair_ratio(s[:, a], s[:, b], st[:, a] & st[:, b], w)
            if r is not None:
                found = (REFERENCE_WIDE, "", r)
            else:
                for aux, xs, xst in zip(auxiliaries, aux_s, aux_st, strict=True):
                    r = _pair_ratio(xs[:, a], xs[:, b], xst[:, a] & xst[:, b], w)
                    if r is not None:
                        found = (AUXILIARY_WIDE, aux.name, r)
                        break
            wide[(a, b)] = found
        return wide[(a, b)]

    carriers_of: dict[int, list[int]] = {}
    for a, b in pairs:
        carriers_of.setdefault(a, [])
        if b not in carriers_of[a]:
            carriers_of[a].append(b)

    out = s.copy()
    records: list[Reconstruction] = []
    skipped: list[tuple[int, int, int]] = []
    for c in range(n_c):
        # absent party -> its carrier in this constituency
        absent: dict[int, list[int]] = {}
        for a, allies in carriers_of.items():
            if st[c, a]:
                continue
            standing = [b for b in allies if st[c, b]]
            if not standing or (require_presence and not seen_any[c, a]):
                continue
            b = max(standing, key=lambda k: (s[c, k], -k))
            absent.setdefault(b, []).append(a)
        for b, group in absent.items():
            rhos: list[tuple[int, str, str, float]] = []
            for a in group:
                found = None
                for aux, xs, xst in zip(auxiliaries, aux_s, aux_st, strict=True):
                    if xst[c, a] and xst[c, b] and xs[c, b] > 0:
                        with np.errstate(over="ignore"):
                            rho = _finite(xs[c, a] / xs[c, b])
                        if rho is not None:
                            found = (LOCAL, aux.name, rho)
                            break
                if found is None:
                    found = wide_ratio(a, b)
                if found is None:
                    skipped.append((c, a, b))
                else:
                    rhos.append((a, *found))
            if not rhos:
                continue
            total = 1.0 + sum(r[3] for r in rhos)
            carried = s[c, b]
            out[c, b] = carried / total
            for a, source, aux_name, rho in rhos:
                out[c, a] = carried * rho / total
                records.append(
                    Reconstruction(c, a, b, source, aux_name, float(rho), float(out[c, a]))
                )
    return NotionalResult(out, tuple(records), tuple(skipped))
