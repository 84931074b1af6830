"""Where the program meets the file system: atomic writes and provenance.

``atomic`` (a file appears complete or not at all), ``provenance`` (package and library
versions, the git commit, timestamps).

May import: the standard library, pandas (Parquet). Nothing else of ``sim``
(but ``sim._version``).
"""
