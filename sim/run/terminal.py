"""A short plain-text table of a run's outcome, for the terminal."""

from __future__ import annotations

from typing import Any


def format_summary(summary: dict[str, Any]) -> str:
    """Seats and votes by party and bloc, the allocation and the headline measures."""
    seats = summary["seats_by_party"]
    votes = summary["votes_by_party"]
    total_votes = max(sum(votes.values()), 1)
    allocation = summary.get("allocation", {})
    contested = summary.get("contested_by_party", {})
    strike = summary.get("strike_rate_by_party", {})
    forecast = summary.get("forecast_seats", {})
    lines = [f"{'party':<10}{'seats':>7}{'votes %':>9}{'allocated':>11}{'contested':>11}"
             f"{'strike %':>10}{'forecast':>10}"]
    for pid in sorted(seats, key=lambda p: (-seats[p], -votes[p])):
        alloc = allocation.get(pid)
        rate = strike.get(pid)
        expected = forecast.get(pid)
        lines.append(f"{pid:<10}{seats[pid]:>7}{100 * votes[pid] / total_votes:>9.1f}"
                     f"{'' if alloc is None else alloc:>11}{contested.get(pid, ''):>11}"
                     f"{'' if rate is None else f'{100 * rate:.1f}':>10}"
                     f"{'' if expected is None else f'{expected:.1f}':>10}")
    lines.append("")
    lines.append(f"{'bloc':<24}{'seats':>7}")
    blocs = summary["seats_by_alliance"]
    for bloc in sorted(blocs, key=lambda b: -blocs[b]):
        lines.append(f"{bloc:<24}{blocs[bloc]:>7}")
    for margin, value in (summary.get("seat_margins") or {}).items():
        lines.append(f"{'margin ' + margin:<24}{value:>+7d}")
    for expression, value in (summary.get("derived") or {}).items():
        lines.append(f"{expression:<24}{value:>7.4g}")
    lines.append("")
    for name, info in summary.get("alliances", {}).items():
        left = f", walked out: {', '.join(info['walked_out'])}" if info["walked_out"] else ""
        when = info["agreement_round"]
        lines.append(f"alliance {name}: {info['status']}"
                     f"{f' in round {when}' if when else ''}{left}")

    def fmt(key: str, digits: int = 3) -> str:
        value = summary.get(key)
        return "n/a" if value is None else f"{value:.{digits}f}"

    by_alliance = summary.get("friendly_fights_by_alliance", {})
    detail = (f" ({', '.join(f'{k} {v}' for k, v in by_alliance.items())})"
              if len(by_alliance) > 1 else "")
    lines.append(f"friendly fights {summary['friendly_fights']}{detail} · transfer rate "
                 f"{fmt('transfer_rate')} · IOU {fmt('iou_mean', 1)} · ENP votes "
                 f"{fmt('enp_votes', 2)}, seats {fmt('enp_seats', 2)} · turnout {fmt('turnout')}")
    return "\n".join(lines)
