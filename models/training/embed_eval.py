#!/usr/bin/env python3
"""Dense retrieval with a support-embed folder against BM25 (and their reciprocal rank fusion) on an eval set.

Ingests the '##' sections of a Markdown KB folder, embeds them as `Title > Heading` + body (as embed.py trains),
embeds each question, and scores the ranking against `gold_sources` (FILE#ANCHOR, FILE relative to --gold-root,
default the questions file's folder; a section hits when it comes from FILE and contains ANCHOR, as the CLI's eval).

    /usr/bin/python3 models/training/embed_eval.py --model models/support-embed \
        --kb /work/shared/datasets/covidfaq-dev/kb --questions /work/shared/datasets/covidfaq-dev/questions.jsonl
"""
import argparse
import collections
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import bpe  # noqa: E402
import embed as E  # noqa: E402
import template as T  # noqa: E402

_WORD = re.compile(r"\w+", re.UNICODE)


def sections(kb_dir):
    out = []
    for p in T.load_kb(kb_dir):
        body = E.clean_body(p["body"])
        out.append(dict(path=os.path.abspath(os.path.join(kb_dir, p["file"])), raw=p["heading"] + "\n" + p["body"],
                        text=E.passage_text(p["title"], p["heading"], body)))
    return out


def read_questions(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if r.get("question") and r.get("gold_source")]


def gold_of(q, root):
    out = []
    for g in q.get("gold_sources") or [q["gold_source"]]:
        file, _, anchor = g.partition("#")
        out.append((os.path.abspath(os.path.join(root, file)), anchor.lower()))
    return out


def is_hit(sec, gold):
    return any(sec["path"] == f and a in sec["raw"].lower() for f, a in gold)


@torch.no_grad()
def embed_texts(model, tok, texts, max_len, batch=32):
    vecs = []
    for i in range(0, len(texts), batch):
        x, m = E.pad([E.encode(tok, t, max_len) for t in texts[i:i + batch]], tok.eos_id, "cpu")
        e, _ = model(x, m)
        vecs.append(e)
    return torch.cat(vecs)


class BM25:
    def __init__(self, docs, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.docs = [collections.Counter(_WORD.findall(d.lower())) for d in docs]
        self.len = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.len) / max(1, len(self.len))
        df = collections.Counter(w for c in self.docs for w in c)
        n = len(self.docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}

    def scores(self, query):
        q = _WORD.findall(query.lower())
        out = []
        for c, L in zip(self.docs, self.len):
            s = 0.0
            for w in q:
                f = c.get(w)
                if f:
                    s += self.idf[w] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * L / self.avg))
            out.append(s)
        return out


def ranks_of(order_per_q, secs, golds):
    out = []
    for order, gold in zip(order_per_q, golds):
        r = next((i + 1 for i, j in enumerate(order) if is_hit(secs[j], gold)), None)
        out.append(r)
    return out


def metrics(ranks):
    n = max(1, len(ranks))
    return {"recall@1": sum(1 for r in ranks if r and r <= 1) / n, "recall@5": sum(1 for r in ranks if r and r <= 5) / n,
            "mrr@10": sum(1.0 / r for r in ranks if r and r <= 10) / n}


def rrf(orders, k=60, weights=None):
    score = collections.defaultdict(float)
    for n, order in enumerate(orders):
        w = weights[n] if weights else 1.0
        for i, j in enumerate(order):
            score[j] += w / (k + i + 1)
    return sorted(score, key=lambda j: -score[j])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="support-embed folder")
    ap.add_argument("--weights", default=None, help="state dict (default: pytorch_model.bin, else the ONNX initializers)")
    ap.add_argument("--kb", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--gold-root", default=None)
    ap.add_argument("--name", default=None, help="set name in the output rows")
    ap.add_argument("--out", default=None, help="append the rows to this JSON file ({\"rows\": [...]})")
    a = ap.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    model, c = E.load_folder(a.model, a.weights)
    tok = bpe.Tokenizer.load(a.model)
    secs = sections(a.kb)
    qs = read_questions(a.questions)
    root = a.gold_root or os.path.dirname(os.path.abspath(a.questions))
    golds = [gold_of(q, root) for q in qs]
    unreachable = sum(1 for g in golds if not any(is_hit(s, g) for s in secs))
    max_len = c["n_positions"]
    dv = embed_texts(model, tok, [s["text"] for s in secs], max_len)
    qv = embed_texts(model, tok, [q["question"] for q in qs], max_len)
    dense = (qv @ dv.t()).argsort(dim=1, descending=True).tolist()
    bm = BM25([s["text"] for s in secs])
    sparse = []
    for q in qs:
        sc = bm.scores(q["question"])
        sparse.append(sorted(range(len(secs)), key=lambda j: (-sc[j], j)))
    fused = [rrf([d, s]) for d, s in zip(dense, sparse)]
    half = [rrf([d, s], weights=[0.5, 1.0]) for d, s in zip(dense, sparse)]
    name = a.name or os.path.basename(os.path.dirname(os.path.abspath(a.questions)))
    rows = []
    for method, orders in [("dense (%s)" % os.path.basename(os.path.abspath(a.model)), dense), ("bm25", sparse), ("rrf(dense, bm25)", fused),
                          ("rrf(0.5 dense, bm25)", half)]:
        m = metrics(ranks_of(orders, secs, golds))
        rows.append(dict(set=name, method=method, questions=len(qs), sections=len(secs), **{k: round(v, 4) for k, v in m.items()}))
    print("%d questions, %d sections (%d questions with no reachable gold)" % (len(qs), len(secs), unreachable))
    for r in rows:
        print("%-34s recall@1 %.3f  recall@5 %.3f  MRR@10 %.3f" % (r["method"], r["recall@1"], r["recall@5"], r["mrr@10"]))
    if a.out:
        prev = {"rows": []}
        if os.path.exists(a.out):
            with open(a.out, encoding="utf-8") as f:
                prev = json.load(f)
        prev["rows"] = [r for r in prev["rows"] if not (r["set"] == name and r["method"] in {x["method"] for x in rows})] + rows
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(prev, f, indent=2)


if __name__ == "__main__":
    main()
