"""One module per ``coalsim`` command: ``add_parser(subparsers)`` and its handler."""
