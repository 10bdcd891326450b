"""The index format shared by ingest and the read path: the embedder, the Chroma store and the sentence-vector cache."""
