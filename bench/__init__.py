"""Benchmarks of the casework service: run `.venv/bin/python bench/run.py`; not part of the tests."""
