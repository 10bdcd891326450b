"""The verification benchmark: recorded LLM claims, hand labels, hard negatives, fitted thresholds.

    .venv/bin/python evals/verification/benchmark.py claims     # outputs.jsonl -> claims to label (prints new ones)
    .venv/bin/python evals/verification/benchmark.py build      # claims + labels.tsv + hard negatives -> benchmark.jsonl
    .venv/bin/python evals/verification/benchmark.py fit        # thresholds per embedder on dev; scores on test

``outputs.jsonl`` holds what the models wrote (``generate.py``). Each answer is split into claims
with the project's own ``split_claims`` (after the same marker normalisation the stream applies);
every claim is a benchmark row, labelled by hand in ``labels.tsv``: ``S`` supported by a
sentence of the cited section, ``E`` supported elsewhere (wrong section), ``U`` unsupported or
invented. A claim with no marker counts as citing every section shown (verification looks for its
support in all of them), so for it ``S`` means supported by some sentence shown. Hard negatives are made from supported claims by rule (a number,
date or name changed; a sentence of another section cited; a negation that reverses the meaning)
and are unsupported by construction. Rows carry the e5 cosine between the claim and every
sentence shown, so the tests score verification without loading any model.

Split by document: claims about the collection's test documents go to ``test``; of the seed
chapter's claims, those of every third question (by number) go to ``test`` as well.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.citations import _REFUSAL, _is_connective, split_claims  # noqa: E402
from assistant.core.markers import normalise_markers  # noqa: E402

OUTPUTS = HERE / "outputs.jsonl"
CLAIMS = HERE / "claims.jsonl"
LABELS = HERE / "labels.tsv"
BENCHMARK = HERE / "benchmark.jsonl"
TEST_DOCS = {"teknik-sipil-drainase.pdf", "informatika-klasifikasi.txt"}
LABEL_NAMES = {"S": "supported", "E": "elsewhere", "U": "unsupported"}
EMBEDDERS = ("e5",)


HELD_OUT_PROMPTS = {"multi", "three"}  # answers recorded for dev documents with these prompts: a third go to test


def split_of(record: dict) -> str:
    """``test`` for the collection's test documents and every third seed question; else ``dev``.

    Answers to dev documents' questions recorded with the ``multi`` or ``three`` prompt (issue 16's second round,
    recorded so that nobody changing verification reads a test document) are split by question id:
    those whose id's SHA-1 is 0 modulo 3 go to ``test``. The rule was fixed before any of them was
    labelled or scored."""
    if record.get("doc"):
        if record["doc"] in TEST_DOCS or record.get("split") == "test":
            return "test"
        if record.get("prompt") in HELD_OUT_PROMPTS and _digest(record["qid"]) % 3 == 0:
            return "test"
        return "dev"
    number = int(re.sub(r"\D", "", record["qid"]) or 0)
    return "test" if number % 3 == 0 else "dev"


def answer_claims(record: dict) -> list[dict]:
    """The cited claims of one recorded answer, as benchmark rows without label."""
    allowed = {p["section"] for p in record["passages"]}
    text = normalise_markers(record["raw"], allowed)
    rows: list[dict] = []
    for claim in split_claims(text):
        if any(r["claim"] == claim.text for r in rows):
            continue  # said again in the same answer: one row
        if not claim.text or _REFUSAL.match(claim.text) or (not claim.sections and _is_connective(claim.text)):
            continue
        rows.append({
            "cid": f"{record['qid']}:{record['model']}:{record['prompt']}:{hashlib.sha1(claim.text.encode()).hexdigest()[:6]}",
            "qid": record["qid"], "doc": record.get("doc", ""), "split": split_of(record),
            "model": record["model"], "source": "model", "language": record["language"],
            "question": record["question"], "claim": claim.text, "sections": list(claim.sections),
            "sentences": [[p["section"], s[0]] for p in record["passages"] for s in p["sentences"]],
            "passage_of": [i for i, p in enumerate(record["passages"]) for _ in p["sentences"]],
        })
    return rows


def cmd_claims() -> None:
    """Write claims.jsonl from outputs.jsonl; print the claims that have no label yet."""
    labelled = read_labels()
    rows = [row for record in outputs() for row in answer_claims(record)]
    CLAIMS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    todo = [r for r in rows if r["cid"] not in labelled]
    print(f"{len(rows)} claims, {len(todo)} unlabelled")


def outputs() -> list[dict]:
    """Every recorded answer (outputs.jsonl, outputs-<model>.jsonl)."""
    return [json.loads(line) for path in sorted(HERE.glob("outputs*.jsonl"))
            for line in path.read_text().splitlines() if line.strip()]


def read_labels() -> dict[str, str]:
    """cid -> label letter, from labels.tsv (``cid<TAB>S|E|U<TAB>note``)."""
    if not LABELS.exists():
        return {}
    out = {}
    for line in LABELS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            cid, label = line.split("\t")[:2]
            out[cid] = label.strip()
    return out


# ---- hard negatives ----------------------------------------------------------------------------

_MONTH_SWAP = {"januari": "Juli", "februari": "Agustus", "maret": "September", "april": "Oktober", "mei": "November",
               "juni": "Desember", "juli": "Januari", "agustus": "Februari", "september": "Maret",
               "oktober": "April", "november": "Mei", "desember": "Juni", "january": "July", "february": "August",
               "march": "September", "may": "November", "june": "December", "july": "January",
               "august": "February", "october": "April", "december": "June"}
_NEGATE = [  # (pattern, replacement) that reverse a statement, tried in order
    (r"\b(is|was|are|were|can|could|will|would|has|have|had)\b", r"\1 not"),
    (r"\b(adalah)\b", "bukan"),
    (r"\b(dapat|bisa|akan|telah|sudah|mampu|masih)\b", r"tidak \1"),
    (r"\b(me\w+|di\w+)\b", r"tidak \1"),
]


def _digest(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def change_number(claim: str) -> str | None:
    """The claim with one number or month changed (a false fact of the same shape)."""
    match = re.search(r"\b(\d{1,4})\b", claim)
    if match:
        value = int(match.group(1))
        new = value + 1 if value >= 1000 else value + 3
        return claim[: match.start()] + str(new) + claim[match.end():]
    for word, swap in _MONTH_SWAP.items():
        found = re.search(rf"\b{word}\b", claim, re.I)
        if found:
            return claim[: found.start()] + swap + claim[found.end():]
    return None


def change_name(claim: str, other_names: list[str]) -> str | None:
    """The claim with a capitalised name replaced by a name from another document or section."""
    first = re.match(r"[\W\d]*\w+", claim)
    tokens = [m for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", claim) if first and m.start() >= first.end()]
    candidates = [n for n in other_names if n.lower() not in claim.lower()]
    if not tokens or not candidates:
        return None
    target = tokens[_digest(claim) % len(tokens)]
    name = candidates[_digest(claim[::-1]) % len(candidates)]
    return claim[: target.start()] + name + claim[target.end():]


def negate(claim: str) -> str | None:
    """The claim with its meaning reversed: its negation taken away, or one put in."""
    negation = re.search(r"\b(tidak|bukan|belum|not|never)\s+", claim)
    if negation:
        return claim[: negation.start()] + claim[negation.end():]
    for pattern, replacement in _NEGATE:
        if re.search(pattern, claim):
            return re.sub(pattern, replacement, claim, count=1)
    return None


def hard_negatives(rows: list[dict]) -> list[dict]:
    """Unsupported-by-construction variants of supported claims, plus other sections' sentences."""
    supported = [r for r in rows if r["label"] == "supported"]
    names_by_doc: dict[str, list[str]] = {}
    for row in rows:
        for _, sentence in row["sentences"]:
            # a name: a capitalised word after a lower-case word or a comma (not a sentence's first word)
            names_by_doc.setdefault(row["doc"] or "seed", []).extend(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{4,}\b", sentence))
    from assistant.answering.support import _MARKUP

    out = []
    for row in supported:
        row = {**row, "claim": " ".join(_MARKUP.sub(" ", row["claim"]).split())}  # the model's tags are no fact
        shown = " ".join(t for _, t in row["sentences"]).lower()
        others = [n for doc, names in names_by_doc.items() if doc != (row["doc"] or "seed") for n in names
                  if n.lower() not in shown]
        variants = {"number": change_number(row["claim"]), "name": change_name(row["claim"], sorted(set(others))),
                    "negation": negate(row["claim"])}
        for kind, text in variants.items():
            if text and text != row["claim"]:
                out.append({**row, "cid": f"{row['cid']}:{kind}", "source": f"hard-{kind}", "claim": text,
                            "label": "unsupported"})
        cited = set(row["sections"])
        elsewhere = [(s, t) for s, t in row["sentences"] if s not in cited]
        if elsewhere and cited:  # a sentence of another section, cited under this claim's section
            section, sentence = elsewhere[_digest(row["cid"]) % len(elsewhere)]
            # one stating two or more of a cited sentence's dates and numbers restates its fact (an abstract
            # and its chapter, the English abstract and the Indonesian one): no negative
            if not any(t == sentence for s, t in row["sentences"] if s in cited) and not _restates(sentence, row):
                out.append({**row, "cid": f"{row['cid']}:other-section", "source": "hard-other-section",
                            "claim": sentence, "label": "elsewhere"})
    return out


def _restates(sentence: str, row: dict) -> bool:
    """The sentence shares two or more specific dates or numbers with a sentence of the row's cited sections."""
    from assistant.answering.support import _specific, quantities

    mine = {q for q in quantities(sentence) if _specific(q)}
    return len(mine) >= 2 and any(len(mine & quantities(t)) >= 2 for s, t in row["sentences"] if s in row["sections"])


# ---- similarities --------------------------------------------------------------------------------


def add_similarities(rows: list[dict], embedder_name: str = "e5") -> None:
    """Put the embedder's cosine between each claim and each sentence shown into the rows."""
    import numpy as np

    from assistant.index.embeddings import get_embedder

    # the cosines already in benchmark.jsonl are kept (same claim, same sentences): only new rows are embedded
    known = {}
    for old in (load() if BENCHMARK.exists() else []):
        if embedder_name in old.get("cosine", {}):
            known[(old["claim"], tuple(s for _, s in old["sentences"]))] = old["cosine"][embedder_name]
    todo = [r for r in rows if (r["claim"], tuple(s for _, s in r["sentences"])) not in known]
    texts = sorted({r["claim"] for r in todo} | {s for r in todo for _, s in r["sentences"]})
    embedder = get_embedder(embedder_name) if texts else None
    vectors = dict(zip(texts, embedder.embed_passages(texts))) if texts else {}
    for row in rows:
        cached = known.get((row["claim"], tuple(s for _, s in row["sentences"])))
        if cached is not None:
            row.setdefault("cosine", {})[embedder_name] = list(cached)
            continue
        claim = vectors[row["claim"]]
        row.setdefault("cosine", {})[embedder_name] = [round(float(np.dot(claim, vectors[s])), 4)
                                                       for _, s in row["sentences"]]


def cmd_build() -> None:
    """benchmark.jsonl: labelled model claims, hard negatives, and their cosines."""
    labels = read_labels()
    rows = []
    for line in CLAIMS.read_text().splitlines():
        row = json.loads(line)
        if row["cid"] in labels:
            rows.append({**row, "label": LABEL_NAMES[labels[row["cid"]]]})
    # a hard negative built before stays as it was: a name swapped in is drawn from every document's names, so new
    # rows would otherwise change old rows' negatives (the test part's too)
    before = {r["cid"]: r for r in load()} if BENCHMARK.exists() else {}
    rows += [before.get(r["cid"], r) for r in hard_negatives(rows)]
    for name in EMBEDDERS:
        add_similarities(rows, name)
    BENCHMARK.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{len(rows)} rows -> {BENCHMARK.relative_to(ROOT)}")
    summary(rows)


def summary(rows: list[dict]) -> None:
    """Counts by label, source/model and split."""
    from collections import Counter

    counts = Counter((r["split"], r["model"] if r["source"] == "model" else r["source"], r["label"]) for r in rows)
    for key in sorted(counts):
        print(" ".join(key), counts[key])


# ---- scoring and fitting -------------------------------------------------------------------------


def load(path: Path = BENCHMARK) -> list[dict]:
    """The benchmark rows."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def measured(row: dict, embedder: str | None = "e5") -> list[tuple]:
    """(features, cosine) of every sentence of the claim's cited sections, as verification measures them."""
    from assistant.answering import support

    key = (row["cid"], row["claim"], embedder, tuple(sorted(support.USE.items())))
    if key not in _MEASURED:
        from assistant.answering import citations
        from assistant.generators.base import Passage
        from assistant.core.types import Chunk, Sentence

        by_section: dict = {}
        # one chunk per passage shown (rows of the first rounds: per run of one section's sentences)
        shown = [(section, text, number) for (section, text), number in
                 zip(row["sentences"], row.get("passage_of") or [None] * len(row["sentences"]))]
        runs: list[list] = []
        for i, (section, text, number) in enumerate(shown):
            key = (section, number)
            if runs and runs[-1][0] == key:
                runs[-1][1].append(text)
            else:
                runs.append([key, [text]])
        for i, ((section, _), texts) in enumerate(runs):
            sentences, offset = [], 0
            for text in texts:
                sentences.append(Sentence(text, offset, offset + len(text)))
                offset += len(text) + 1
            chunk = Chunk(f"{section}#{i}", " ".join(texts), "d", 0, "", section, "", section, 0, 0, offset,
                          tuple(sentences))
            by_section.setdefault(section, []).extend((Passage(chunk, 1.0, 1), s) for s in chunk.sentences)
        cosine = dict(zip((s for _, s in row["sentences"]), row["cosine"][embedder])) if embedder else {}
        found: list[tuple] = []
        if not (citations._REFUSAL.match(row["claim"]) or row["claim"].rstrip().endswith("?")):
            sections = tuple(row["sections"]) or tuple(by_section)  # no marker: any section may support it
            original = citations.supported
            try:  # record what supporting() measures, deciding nothing
                citations.supported = lambda feats, score, name="e5": found.append((feats, score)) or False
                citations.supporting(row["claim"], sections, by_section,
                                     (lambda c, texts: [cosine[t] for t in texts]) if embedder else None,
                                     embedder or "none", row["question"])
            finally:
                citations.supported = original
        _MEASURED[key] = found
    return _MEASURED[key]


_MEASURED: dict = {}


def kept(row: dict, embedder: str | None = "e5", thresholds: tuple | None = None) -> bool:
    """Does verification keep the claim under the section it cites? (recorded cosines, no model)
    ``thresholds``: the regions ((overlap, similarity), ...) to try instead of the fitted ones."""
    from assistant.answering import support

    saved = dict(support.THRESHOLDS)
    try:
        if thresholds is not None:
            support.THRESHOLDS[embedder or "none"] = thresholds
        return any(support.supported(f, score, embedder or "none") for f, score in measured(row, embedder))
    finally:
        support.THRESHOLDS.clear()
        support.THRESHOLDS.update(saved)


def score(rows: list[dict], decisions: list[bool]) -> dict[str, float | int | None]:
    """Precision and recall of "kept" (positives: claims supported by the cited section)."""
    tp = sum(d and r["label"] == "supported" for r, d in zip(rows, decisions))
    fp = sum(d and r["label"] != "supported" for r, d in zip(rows, decisions))
    fn = sum(not d and r["label"] == "supported" for r, d in zip(rows, decisions))
    return {"n": len(rows), "kept": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None}


OVERLAPS = [round(0.2 + 0.05 * i, 2) for i in range(15)]  # first region: 0.2 .. 0.9
SIMILARITIES = [round(0.80 + 0.01 * i, 2) for i in range(16)]  # 0.80 .. 0.95
HIGH_OVERLAPS = [0.7, 0.75, 0.8, 0.85, 0.9, 1.0]  # second region: nearly every word in the sentence
CROSS_BONUSES = [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06]  # added to a translation's cosine (claim and sentence in two languages)


def kept_grid(rows: list[dict], embedder: str | None):
    """Kept or not for every row and every pair of regions of the grids and cross-language bonus, as a
    boolean array [row, overlap, similarity, high overlap, its similarity, bonus] (one pass over the
    recorded features)."""
    import numpy as np

    sims = SIMILARITIES if embedder else [-1.0]
    bonuses = CROSS_BONUSES if embedder else [0.0]
    shape = (len(rows), len(OVERLAPS), len(sims), len(bonuses))
    first = np.zeros(shape, bool)
    second = np.zeros((len(rows), len(HIGH_OVERLAPS), len(sims), len(bonuses)), bool)
    quoted = np.zeros(len(rows), bool)
    o1, s1 = np.array(OVERLAPS)[:, None, None], np.array(sims)[None, :, None]
    o2 = np.array(HIGH_OVERLAPS)[:, None, None]
    bonus = np.array(bonuses)[None, None, :]
    for i, row in enumerate(rows):
        for feats, similarity in measured(row, embedder):
            if not _passes_hard_rules(feats):
                continue
            if feats.quotes:
                quoted[i] = True
                continue
            value = 1.0 if similarity is None else similarity + (bonus if feats.cross else 0.0)
            first[i] |= (feats.overlap >= o1) & (value >= s1 - 1e-9)
            second[i] |= (feats.overlap >= o2) & (value >= s1 - 1e-9)
    grid = (quoted[:, None, None, None, None, None] | first[:, :, :, None, None, :]
            | second[:, None, None, :, :, :])
    return grid, sims, bonuses


def _passes_hard_rules(feats) -> bool:
    return (feats.numbers_ok and feats.names_ok and feats.polarity_ok and feats.words_known and feats.answers
            and feats.attached and (feats.quotes or not feats.fragment))


def choose(grid, positive, target_precision: float, sims, bonuses, counts=None):
    """The regions and bonus that keep the most supported claims less ``COST`` for each unsupported one kept on these
    rows (of the equally good ones, the one nearest their per-threshold median). With ``COST`` 0 (the procedure
    before session 17): the highest recall at the target precision, the best F0.5 when out of reach.
    ``counts``: (true positives, kept, positives) per cell, when already summed."""
    import numpy as np

    if counts is None:
        counts = (np.tensordot(positive.astype(np.int32), grid, axes=(0, 0)), grid.sum(0), int(positive.sum()))
    tp, kept_count, positives = counts
    precision = np.where(kept_count > 0, tp / np.maximum(kept_count, 1), 0.0)
    recall = tp / max(positives, 1)
    ok = precision >= target_precision
    if COST:
        best = (tp - COST * (kept_count - tp)).astype(float)
    elif ok.any():
        best = np.where(ok, recall + 1e-6 * precision, -1.0)
    else:
        best = np.where(kept_count > 0, 1.25 * precision * recall / np.maximum(0.25 * precision + recall, 1e-9), 0)
    plateau = np.argwhere(best >= best.max() - 1e-12)
    median = np.median(plateau, axis=0)
    index = tuple(plateau[np.abs(plateau - median).sum(1).argmin()])
    i, j, k, l, b = index
    return ((OVERLAPS[i], sims[j]), (HIGH_OVERLAPS[k], sims[l])), bonuses[b], index


def group_of(row: dict) -> str:
    """Cross-validation group: the document, or the seed question."""
    return row["doc"] or re.sub(r"\D", "", row["qid"]).lstrip("0") or row["qid"]


def cross_validate(rows: list[dict], embedder: str | None, target_precision: float | None = None,
                   grid_etc=None) -> dict:
    """Leave one group out inside ``rows``: fit on the others (to ``target_precision``, else ``TARGET``),
    decide the held-out group's rows."""
    return score(rows, cross_validated_decisions(rows, embedder, target_precision, grid_etc))


def cross_validated_decisions(rows: list[dict], embedder: str | None, target_precision: float | None = None,
                              grid_etc=None) -> list[bool]:
    """Kept or not for each row, decided by the thresholds fitted on the other groups (``cross_validate``)."""
    import numpy as np

    target_precision = target_precision or TARGET
    grid, sims, bonuses = grid_etc or kept_grid(rows, embedder)
    positive = np.array([r["label"] == "supported" for r in rows])
    groups = np.array([group_of(r) for r in rows])
    tp_all = np.tensordot(positive.astype(np.int32), grid, axes=(0, 0))
    kept_all = grid.sum(0)
    decisions = np.zeros(len(rows), bool)
    for group in sorted(set(groups)):
        held = groups == group
        part = grid[held]
        counts = (tp_all - np.tensordot(positive[held].astype(np.int32), part, axes=(0, 0)),
                  kept_all - part.sum(0), int(positive[~held].sum()))
        _, _, index = choose(None, None, target_precision, sims, bonuses, counts)
        decisions[held] = part[(slice(None), *index)]
    return [bool(d) for d in decisions]


# The precision the fit asks of dev: cross-validated inside dev, asking 0.95 gave 0.954 / 0.867 and asking 0.97
# gave 0.962 / 0.850 (0.98: 0.981 / 0.842); dev's precision overstates other documents', so the highest target
# whose cross-validated recall still reaches the 0.85.
TARGET = 0.98
# Session 17: the region is chosen by what it keeps, not by the precision left over. Asking "the highest recall at
# precision >= 0.98" spends on a looser region every false keep a rule takes away (a fold whose training part lost
# one false keep to a rule chose a looser cosine and kept three others), so no rule could raise cross-validated
# precision. Counting each unsupported claim kept as 19 supported ones lost keeps a slice of the region only when
# 0.95 of what it adds is supported (issue 16's target precision). Cross-validated on the 1796 dev rows with session
# 16's rules it gives what the old procedure gave (0.983 / 0.786, the same region in every fold); costs from 5 to 50
# give the same decisions.
COST = 19
RULES = ("context_names", "question", "question_overlap", "attached_claims", "cross", "question_givens", "acronyms",
         "relations", "literal_cross", "asked_words")


def cmd_fit(target_precision: float = TARGET, rules: bool = False, test_part: bool = False) -> None:
    """Per embedder on dev: the two regions (overlap, similarity) and the cross-language bonus with the
    highest recall at the target precision, cross-validated by leaving one document (or seed question)
    out; then, with ``test_part`` (once, at the end of a change: never tune on it), the same on test
    (aggregate numbers only). ``rules``: each rule of ``support.USE``
    switched off in turn, cross-validated (which rules to keep is decided on dev alone)."""
    import numpy as np

    from assistant.answering import support

    rows = load()
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    positive = np.array([r["label"] == "supported" for r in dev])
    if rules:
        saved = dict(support.USE)
        try:
            # every rule of support.USE switched the other way in turn (on -> off, off -> on), and which rows that
            # changes: a rule whose score rests on one or two rows of one document is the weakest
            base = cross_validated_decisions(dev, "e5", target_precision)
            print(f"as used: cv {score(dev, base)}", flush=True)
            for rule in saved:
                support.USE.update(saved)
                support.USE[rule] = not saved[rule]
                decisions = cross_validated_decisions(dev, "e5", target_precision)
                changed = [r for r, a, b in zip(dev, decisions, base) if a != b]
                print(f"{rule} {'on' if support.USE[rule] else 'off'}: cv {score(dev, decisions)}; {len(changed)} rows "
                      f"of {len({group_of(r) for r in changed})} groups change", flush=True)
            support.USE.update({k: False for k in RULES})
            print(f"all of {', '.join(RULES)} off: cv {cross_validate(dev, 'e5', target_precision)}", flush=True)
            support.USE.update(saved)
            share = support.ATTACH_SHARE
            for value in (0.25, 0.4, 0.6):
                support.ATTACH_SHARE = value
                _MEASURED.clear()
                print(f"attach share {value}: cv {cross_validate(dev, 'e5', target_precision)}", flush=True)
            support.ATTACH_SHARE = share
            # the binding rule's windows: the claim's words around a number (window) among the sentence's (reach)
            window, reach = support.BIND_WINDOW, support.BIND_REACH
            support.USE["binding"] = True
            for window_value, reach_value in ((1, 6), (2, 6), (3, 3), (3, 6), (3, 9), (4, 6)):
                support.BIND_WINDOW, support.BIND_REACH = window_value, reach_value
                _MEASURED.clear()
                print(f"binding window {window_value}, reach {reach_value}: cv "
                      f"{cross_validate(dev, 'e5', target_precision)}", flush=True)
            support.BIND_WINDOW, support.BIND_REACH = window, reach
            support.USE.update(saved)
            _MEASURED.clear()
        finally:
            support.USE.update(saved)
        return
    for embedder in (*EMBEDDERS, None):
        name = embedder or "none"
        grid_etc = kept_grid(dev, embedder)
        grid, sims, bonuses = grid_etc
        regions, bonus, _ = choose(grid, positive, target_precision, sims, bonuses)
        cv = cross_validate(dev, embedder, target_precision, grid_etc)
        saved = support.CROSS_BONUS.get(name, 0.0)
        support.CROSS_BONUS[name] = bonus
        try:
            dev_result = score(dev, [kept(r, embedder, regions) for r in dev])
            tested = score(test, [kept(r, embedder, regions) for r in test]) if test_part else "not measured (--test)"
        finally:
            support.CROSS_BONUS[name] = saved
        print(f"{name}: regions {regions}, cross-language bonus {bonus}; dev {dev_result}; "
              f"dev cross-validated {cv}; test {tested}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["claims", "build", "fit", "score"])
    parser.add_argument("--rules", action="store_true", help="fit: cross-validate each rule switched off")
    parser.add_argument("--target", type=float, default=TARGET, help="fit: precision to reach on dev")
    parser.add_argument("--test", action="store_true", help="fit/score: also measure the test part (once, at the end)")
    parser.add_argument("--qids", default="", help="score: only dev rows whose question id starts with one of these "
                        "comma-separated prefixes (a new document's claims, measured before any rule is changed)")
    args = parser.parse_args()
    global COST
    if args.target != TARGET:
        COST = 0  # asking a precision: the procedure before session 17
    if args.command == "claims":
        cmd_claims()
    elif args.command == "build":
        cmd_build()
    elif args.command == "fit":
        cmd_fit(args.target, args.rules, args.test)
    else:
        rows = load()
        prefixes = tuple(p for p in args.qids.split(",") if p)
        for split in ("dev", "test") if args.test else ("dev",):
            part = [r for r in rows if r["split"] == split and (split == "test" or r["qid"].startswith(prefixes or ""))]
            decisions = [kept(r) for r in part]
            print(split, score(part, decisions))
            # the recorded set (issue 16's "no unsupported claim from the recorded set survives"): the models' own
            # claims apart from the rule-made hard negatives, counts only (no test claim is printed)
            for source in sorted({r["source"] for r in part}):
                mine = [(r, d) for r, d in zip(part, decisions) if r["source"] == source]
                print(f"  {source}:", score([r for r, _ in mine], [d for _, d in mine]))


if __name__ == "__main__":
    main()
