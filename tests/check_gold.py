"""Check held-out gold files before using them: every catalogue id labelled with a known status, and
every evidence quote an exact substring of its policy.

    python tests/check_gold.py tests/heldout tests/heldout2 tests/heldout3
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "requirements.yaml"
STATUSES = ("met", "partial", "missing", "conflict")


def problems(folder: Path, ids: list[str]) -> list[str]:
    """What is wrong with the gold files in folder/gold; prints each file's status counts."""
    found = []
    for gold_file in sorted((folder / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        text = (folder / gold["document"]).read_text(encoding="utf-8")
        labels = gold["labels"]
        if set(labels) != set(ids):
            found.append(f"{gold_file.name}: ids differ: {sorted(set(ids) ^ set(labels))}")
        for rule_id, label in labels.items():
            if label["status"] not in STATUSES:
                found.append(f"{gold_file.name} {rule_id}: unknown status {label['status']!r}")
            found.extend(f"{gold_file.name} {rule_id}: quote not in the policy: {quote!r}"
                         for quote in label["evidence"] if quote not in text)
        print(gold_file.name, len(text.split()), "words", dict(Counter(l["status"] for l in labels.values())))
    return found


def main(folders: list[str]) -> int:
    ids = [r["id"] for r in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["requirements"]]
    found = [problem for folder in folders for problem in problems(Path(folder), ids)]
    print(*found, sep="\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
