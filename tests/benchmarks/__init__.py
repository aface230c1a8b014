"""Benchmarks for Second Heart: ``make bench`` (``python -m tests.benchmarks``).

Not collected by ``make test`` (pyproject's ``addopts`` ignores this folder).
Every figure is compared with a floor measured in the same run, so the table
means the same on a fast laptop and on a slow CI box.
"""
