"""The write path: turn the corpus folder into a searchable index (``ingest(settings)``)."""

from ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
