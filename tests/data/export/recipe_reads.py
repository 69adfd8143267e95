"""Checks that the model recipe reads a platform export: every line parses into passages, a question and an answer.

Usage: recipe_reads.py EXPORT.jsonl MIN_PASSAGES
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "models", "training"))
import template  # noqa: E402  (the recipe's own parser of platform records)

path, min_passages = sys.argv[1], int(sys.argv[2])
count = 0
with open(path, encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        system = next(m["content"] for m in record["messages"] if m["role"] == "system")
        passages = template.parse_system(system)
        assert len(passages) >= min_passages, f"{len(passages)} passages in {system!r}"
        prompt, answer, info = template.record_to_sequence(record)
        assert "<|question|>" in prompt and answer.strip(), (prompt, answer)
        count += 1
assert count > 0, "the export is empty"
print(f"the recipe read {count} records")
