"""One alliance's negotiating table: who is still at it and who stands where for the alliance."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DISPUTED = -1
"""The assignment of a constituency that several partners still claim."""


@dataclass
class AllianceState:
    """One alliance's table: the whole scenario, or one region when the alliance negotiates
    region by region (``scope = "region"``).

    Arrays are local to the table: position i refers to constituency ``rows[i]``.

    Attributes:
        index: the alliance's index in the scenario.
        rows: global indices of the constituencies at this table.
        region: the region's name for a regional table, else "".
        active: members still negotiating (in the alliance), as party indices.
        left: members who walked out, in order.
        assignment: (n,) party index standing for the alliance in each constituency, or
            ``DISPUTED``.
        claims: (P, n) bool, which constituencies each member claims (used for disputed seats).
        reserved: (n,) beneficiary of a goodwill gesture (party index) or -1.
        fixed: (n,) the partner with a fixed seat count that stands here, or -1 (None: no
            partner's count is fixed; see :mod:`sim.negotiation.fixed`).
        agreed_round: the round all members accepted, or None.
        status: negotiating | agreed | deadline | collapsed.
    """

    index: int
    name: str
    members: tuple[int, ...]
    rivals: tuple[int, ...]
    active: list[int]
    assignment: np.ndarray
    claims: np.ndarray
    reserved: np.ndarray
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    region: str = ""
    left: list[int] = field(default_factory=list)
    agreed_round: int | None = None
    status: str = "negotiating"
    fixed: np.ndarray | None = None  # (n,) partner whose seat count is fixed, standing here
    fixed_members: tuple[int, ...] = ()  # partners whose seat count is fixed (maybe 0 here)

    def __post_init__(self) -> None:
        if self.rows.size == 0:  # a whole-scenario table
            self.rows = np.arange(len(self.assignment))

    @property
    def open(self) -> bool:
        return self.status == "negotiating"

    @property
    def formed(self) -> bool:
        """The alliance fields joint candidates (two or more members remain)."""
        return len(self.active) >= 2

    def disputed_mask(self) -> np.ndarray:
        return self.assignment == DISPUTED


def strongest_member(forecast: np.ndarray, members: list[int]) -> np.ndarray:
    """(C,) the member with the largest forecast share in each constituency."""
    cols = np.asarray(members)
    return cols[forecast[:, cols].argmax(axis=1)]


def claims_from_assignment(assignment: np.ndarray, n_parties: int) -> np.ndarray:
    """(P, C) bool claims where each member claims exactly the seats assigned to it."""
    claims = np.zeros((n_parties, assignment.size), dtype=bool)
    assigned = assignment >= 0
    claims[assignment[assigned], np.flatnonzero(assigned)] = True
    return claims
