"""Benchmarks: the pipeline against bare spaCy, run from the repository root (python -m benchmarks.bench)."""
