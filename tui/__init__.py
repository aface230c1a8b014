"""Second Heart: a terminal companion for leg-circulation habits."""

__version__ = "0.1.0"
