"""Read path, later stages: the analysed question, evidence selection, the decision, structure answers, citation verification."""
