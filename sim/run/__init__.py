"""Running a model and reading what it produced.

``single`` (``run_one(config, seed) -> RunResult``: the one door between a model and the rest
of the program), ``summary`` (the headline summary and tables of a finished run), ``replay``
(re-simulating a reference election), ``terminal`` (the short outcome table the CLI prints).

May import: ``sim.model`` and everything below it.
"""
