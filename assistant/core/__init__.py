"""Core: value types, errors, settings and the language primitives (tokens, sentences, language, numbers, dictionary), shared by the write and read paths."""
