"""A party's goals and the utility of an outcome under them.

Parties pursue office (their own seats), the defeat of the rival bloc and policy (closeness to
the alliance's common programme): the office-, vote- and policy-seeking motives of Strøm (1990),
A behavioral theory of competitive political parties, AJPS 34(2). Utility is measured in seats
per constituency, so the weights compare across scenarios of any size::

    U = office·own/C + rival·(bloc − rivals)/C − policy·|ideology − programme|
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goals:
    """Non-negative weights of a party's goals in its utility."""

    office: float = 1.0
    policy: float = 0.0
    rival: float = 0.0

    def __post_init__(self) -> None:
        for name in ("office", "policy", "rival"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"goal weight {name!r} must be >= 0, got {getattr(self, name)}")


def utility(goals: Goals, own: float, bloc: float, rivals: float, distance: float,
            n_constituencies: int) -> float:
    """A party's utility (see the module docstring).

    Args:
        goals: the weights.
        own: its expected seats; bloc: its alliance's; rivals: the rival bloc's.
        distance: its ideological distance from the common programme.
        n_constituencies: constituencies at stake.
    """
    return (goals.office * own + goals.rival * (bloc - rivals)) / n_constituencies \
        - goals.policy * distance
