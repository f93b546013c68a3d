"""Score `readout ner --conll` output with seqeval, an independent conlleval-compatible scorer.

Usage: python bench/conlleval_check.py PREDICTED_FILE
PREDICTED_FILE is what `readout ner --conll eng.testb` prints: every CoNLL line with the
predicted tag appended, so the gold tag is the second-to-last column and the prediction the last.
seqeval's default mode reads IOB like conlleval (an I- tag after O starts a new entity).
"""
import sys

from seqeval.metrics import classification_report, f1_score

gold, pred, g, p = [], [], [], []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if g:
                gold.append(g)
                pred.append(p)
                g, p = [], []
            continue
        g.append(cols[-2])
        p.append(cols[-1])
if g:
    gold.append(g)
    pred.append(p)
print(classification_report(gold, pred, digits=4))
print(f"micro F1 (seqeval, conlleval rules): {f1_score(gold, pred):.4f}")
