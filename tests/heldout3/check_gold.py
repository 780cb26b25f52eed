"""Check held-out gold files: every catalogue id labelled, evidence quotes are exact substrings."""
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
ids = [r["id"] for r in yaml.safe_load((HERE / "../../../shared/spec/requirements.yaml").read_text())["requirements"]]
ok = True
for g in sorted((HERE / "gold").glob("*.yaml")):
    gold = yaml.safe_load(g.read_text())
    text = (HERE / gold["document"]).read_text()
    words = len(text.split())
    labels = gold["labels"]
    if set(labels) != set(ids):
        ok = False
        print(g.name, "ids differ:", set(ids) ^ set(labels))
    for rid, lab in labels.items():
        if lab["status"] not in ("met", "partial", "missing", "conflict"):
            ok = False; print(g.name, rid, "bad status")
        if lab["status"] != "missing" and rid != "DOC-TERMINOLOGY" and not lab["evidence"]:
            print(g.name, rid, "no evidence for", lab["status"])
        for q in lab["evidence"]:
            if q not in text:
                ok = False
                print(g.name, rid, "NOT FOUND:", repr(q))
    from collections import Counter
    print(g.name, words, "words", dict(Counter(l["status"] for l in labels.values())))
sys.exit(0 if ok else 1)
