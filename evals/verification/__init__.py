"""The verification benchmark: recorded LLM output, its labels, and the scripts that built and fit it."""
