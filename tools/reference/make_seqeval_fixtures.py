"""Entity-level figures from seqeval itself, for SeqevalParityTest.

Writes src/test/resources/fixtures/seqeval/seqeval.json: cases of gold and predicted tag
sequences (BIO and IOBES, every malformed case and random sequences), and for each the
entities seqeval reads (default mode: get_entities; strict mode: seqeval.scheme.Entities)
and classification_report's figures per type and micro in both modes. tp/fp/fn per type
are the sizes of seqeval's entity sets (intersection, predicted only, gold only).

    /work/venv-ref/bin/python tools/reference/make_seqeval_fixtures.py
"""
import json
import random
import warnings
from pathlib import Path

import seqeval
from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, IOBES, Entities

warnings.filterwarnings("ignore")
OUT = Path(__file__).resolve().parents[2] / "src/test/resources/fixtures/seqeval/seqeval.json"
TYPES = ["COMPANY", "DATE", "TOTAL"]


def default_entities(seqs):
    return [[[t, s, e + 1] for t, s, e in get_entities(list(seq))] for seq in seqs]


def strict_entities(seqs, scheme):
    ents = Entities([list(s) for s in seqs], scheme)
    return [[[e.tag, e.start, e.end] for e in sent] for sent in ents.entities]


def counts(gold, pred):
    """tp, fp, fn per type from per-sequence entity lists."""
    g = {(i, t, s, e) for i, sent in enumerate(gold) for t, s, e in sent}
    p = {(i, t, s, e) for i, sent in enumerate(pred) for t, s, e in sent}
    out = {}
    for t in sorted({x[1] for x in g | p}):
        gt = {x for x in g if x[1] == t}
        pt = {x for x in p if x[1] == t}
        out[t] = {"tp": len(gt & pt), "fp": len(pt - gt), "fn": len(gt - pt)}
    return out


def report(y_true, y_pred, **kw):
    r = classification_report(y_true, y_pred, output_dict=True, zero_division=0, **kw)
    out = {}
    for k, v in r.items():
        if k in ("macro avg", "weighted avg"):
            continue
        out["micro" if k == "micro avg" else k] = {
            "precision": float(v["precision"]), "recall": float(v["recall"]),
            "f1": float(v["f1-score"]), "support": int(v["support"])}
    return out


def case(name, scheme, y_true, y_pred):
    sch = IOB2 if scheme == "bio" else IOBES
    gd, pd = default_entities(y_true), default_entities(y_pred)
    gs, ps = strict_entities(y_true, sch), strict_entities(y_pred, sch)
    return {
        "name": name, "scheme": scheme, "gold": y_true, "pred": y_pred,
        "default": {"gold_entities": gd, "pred_entities": pd, "counts": counts(gd, pd),
                    "report": report(y_true, y_pred)},
        "strict": {"gold_entities": gs, "pred_entities": ps, "counts": counts(gs, ps),
                   "report": report(y_true, y_pred, mode="strict", scheme=sch)},
    }


def rand_seq(rng, prefixes, n):
    out = []
    for _ in range(n):
        p = rng.choice(prefixes + ["O", "O"])
        out.append("O" if p == "O" else p + "-" + rng.choice(TYPES))
    return out


def main():
    cases = []
    bio_gold = [["B-COMPANY", "I-COMPANY", "O", "B-DATE", "O", "B-TOTAL", "I-TOTAL", "I-TOTAL"]]
    cases.append(case("bio well formed", "bio", bio_gold, bio_gold))
    cases.append(case("bio I- without B- (after O, at the start)", "bio",
                      [["B-COMPANY", "I-COMPANY", "O", "B-DATE"]], [["I-COMPANY", "I-COMPANY", "O", "I-DATE"]]))
    cases.append(case("bio type change inside a span", "bio",
                      [["B-TOTAL", "I-TOTAL", "I-TOTAL", "O"]], [["B-TOTAL", "I-DATE", "I-TOTAL", "O"]]))
    cases.append(case("bio B- B- splits a span", "bio",
                      [["B-TOTAL", "I-TOTAL", "O"]], [["B-TOTAL", "B-TOTAL", "O"]]))
    cases.append(case("bio several sequences, entity at the end of one", "bio",
                      [["O", "B-DATE"], ["I-DATE", "O"], ["B-COMPANY"]],
                      [["O", "B-DATE"], ["B-DATE", "O"], ["I-COMPANY"]]))
    iobes_gold = [["S-DATE", "O", "B-COMPANY", "I-COMPANY", "E-COMPANY", "B-TOTAL", "E-TOTAL"]]
    cases.append(case("iobes well formed", "iobes", iobes_gold, iobes_gold))
    cases.append(case("iobes S- inside a run", "iobes",
                      [["B-TOTAL", "I-TOTAL", "E-TOTAL", "O"]], [["B-TOTAL", "S-TOTAL", "E-TOTAL", "O"]]))
    cases.append(case("iobes E- without B-", "iobes",
                      [["B-DATE", "E-DATE", "O", "S-TOTAL"]], [["O", "E-DATE", "E-TOTAL", "S-TOTAL"]]))
    cases.append(case("iobes I- without B- and unfinished B-", "iobes",
                      [["B-COMPANY", "I-COMPANY", "E-COMPANY", "O"]], [["I-COMPANY", "I-COMPANY", "E-COMPANY", "B-DATE"]]))
    cases.append(case("iobes type change inside a span", "iobes",
                      [["B-COMPANY", "I-COMPANY", "E-COMPANY"]], [["B-COMPANY", "I-DATE", "E-COMPANY"]]))
    cases.append(case("iobes B- then B-, E- then I-", "iobes",
                      [["B-TOTAL", "E-TOTAL", "O", "O"]], [["B-TOTAL", "B-TOTAL", "E-TOTAL", "I-TOTAL"]]))
    # a receipt of an IOBES folder whose tags are B- and I- only is read as IOBES, not as BIO
    cases.append(case("iobes receipt of B- and I- tags only", "iobes",
                      [["B-COMPANY", "I-COMPANY"], ["S-DATE"]], [["B-COMPANY", "E-COMPANY"], ["S-DATE"]]))
    cases.append(case("iobes receipts of I- tags only", "iobes",
                      [["I-TOTAL", "I-TOTAL"], ["O", "S-DATE"]], [["B-TOTAL", "E-TOTAL"], ["O", "S-DATE"]]))
    cases.append(case("iobes predictions of B- only", "iobes", [["O", "O"]], [["B-COMPANY", "O"]]))
    rng = random.Random(14)
    for k in range(40):
        scheme = "bio" if k % 2 == 0 else "iobes"
        prefixes = ["B", "I"] if scheme == "bio" else ["B", "I", "E", "S"]
        y_true, y_pred = [], []
        for _ in range(rng.randint(1, 5)):
            n = rng.randint(1, 14)
            y_true.append(rand_seq(rng, prefixes, n))
            y_pred.append(rand_seq(rng, prefixes, n))
        cases.append(case("random %s %d" % (scheme, k), scheme, y_true, y_pred))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"seqeval": seqeval.__version__ if hasattr(seqeval, "__version__") else "1.2.2",
                               "cases": cases}, indent=1) + "\n")
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
