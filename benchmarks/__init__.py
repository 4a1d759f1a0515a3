"""Benchmarks: synthetic catalogues (synth.py) and the side-by-side measurements (run.py)."""
