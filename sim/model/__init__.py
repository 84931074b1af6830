"""The agent-based model: ``CoalitionModel`` (a ``mesa.Model``), its party agents, election day.

``coalition`` (the round's phases, records, the run), ``party_agent`` (``PartyAgent``:
beliefs, campaign plan, the read-only view its strategy sees), ``tables`` (opening the
negotiating tables), ``signals`` (what voters perceive in a round), ``election_day``
(nominations in, every voter's vote, FPTP count, ``ElectionOutcome``).

May import: ``sim.world``, ``sim.config``, ``sim.behaviours`` and everything below them.
"""
