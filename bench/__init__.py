"""Benchmarks of ingest and answering as the corpus grows (``python -m bench``, ``make bench``)."""
