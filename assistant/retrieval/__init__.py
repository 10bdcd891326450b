"""Read path, first stages: the loaded index, lexical (BM25) and dense channels, fused retrieval."""
