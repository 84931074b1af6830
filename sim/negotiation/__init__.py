"""Seat-sharing talks as plain data and pure functions, shared by every protocol and strategy.

``tables`` (``AllianceState``: one alliance's table, ``DISPUTED``), ``offers`` (``Offer``,
``Response``), ``views`` (``PartyView``: what a strategy sees), ``facts`` (``World``: what
every negotiator knows), ``nominations`` (who stands where; allies), ``evaluation``
(``make_offer``: a proposal through one member's beliefs), ``defection`` (joining the rival).

May import: ``sim.voters`` (poll results), ``sim.core``. No Mesa, no config, no model.
"""
