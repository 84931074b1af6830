"""The voter engine: fused per-agent kernels over the compact population arrays.

Each kernel is one module holding the numba kernel and its pure-numpy twin side by side, so the
two can be read (and are tested, bit for bit) together: ``loyal_transfer`` (the default
response rule), ``vote`` (election day), ``tallies`` (exact aggregates) and ``traits`` (drawing
the population). Shared machinery: ``settings`` (engine choice, threads, the work pool),
``counters`` (counter-based random streams), ``spans`` (work items and runs of one party),
``fixed_point`` (the trait encodings), ``memo`` (the samplers already built in this process)
and ``jit`` (numba with its on-disk cache, or a no-op without it).

May import: numpy, scipy, numba, and ``sim.engine`` itself. Nothing else of ``sim``.
"""
