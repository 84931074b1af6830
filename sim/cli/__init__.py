"""The ``coalsim`` command line (``main``), one module per command in ``commands``.

May import: anything in ``sim`` (it is the top of the house).
"""

from sim.cli.app import main

__all__ = ["main"]
