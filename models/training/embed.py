#!/usr/bin/env python3
"""support-embed recipe: a small bidirectional sentence encoder for the dense retrieval path.

Builds (query, passage) pairs from Markdown knowledge bases (heading question -> section, title + heading -> section,
noisy variants of the question, a sentence of the section -> the section) plus synthetic FAQ pages from synth.py,
trains GPT-2 blocks from modeling.py without the causal mask, mean-pooled and L2-normalised, with an in-batch
contrastive loss (InfoNCE), and exports ONNX (`input_ids`, `attention_mask` -> `sentence_embedding`,
`last_hidden_state`) with config.json, tokenizer files, MODEL_CARD.md and reference.json.

    /usr/bin/python3 models/training/embed.py all --preset tiny --out /tmp/embed-tiny --work /tmp/embed-tiny-work
    /usr/bin/python3 models/training/embed.py all --preset default --out models/support-embed --work models/training/.work/embed
"""
import argparse
import json
import math
import os
import platform
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import bpe  # noqa: E402
import modeling as M  # noqa: E402
import synth  # noqa: E402
import template as T  # noqa: E402
from recipe import KB_ROOT, Budget, log, lr_at, read_json, set_threads, write_json  # noqa: E402

MODEL_TYPE = "support-embed"
PAD = "<|endoftext|>"
SPECIALS = [PAD]

PRESETS = {
    # tiny: seconds; proves the pipeline and the C# parity, not quality
    "tiny": dict(vocab=320, n_embd=32, n_layer=2, n_head=2, n_positions=128, batch=16, steps=12, minutes=0.5,
                 lr=2e-3, synth_worlds=20, max_passage_tokens=64),
    # default: about 15 minutes on a 2-core CPU
    "default": dict(vocab=4096, n_embd=192, n_layer=3, n_head=6, n_positions=256, batch=48, steps=0, minutes=14,
                    lr=1e-3, synth_worlds=400, max_passage_tokens=128),
}

# Fixed texts whose embeddings reference.json records, for the C# parity tests.
REFERENCE_TEXTS = [
    "How do I track my order?",
    "where is my package?? how do i track it",
    "Orders and Payment FAQ > Can I pay in installments?\n\nYes, with Klarna's buy now, pay later option: choose Klarna at checkout to split orders between $35 and $1,000 into 4 interest-free payments.",
    "Café déjà vu — naïve résumé 🙂 and 日本語",
    "a",
    "Multiple   spaces\tand tabs\n\nand new\nlines  ",
]

STOPWORDS = set("a an the is are was were be do does did i my me you your we our us it its to of in on for with at by "
                "from and or can could should would will how what when where which who why this that there if as so "
                "have has had am not no".split())
QUERY_SYNONYMS = dict(synth.SYNONYMS, **{
    "track": "trace", "package": "parcel", "size": "fit", "warranty": "guarantee", "damaged": "broken",
    "account": "profile", "password": "login", "change": "modify", "delete": "remove", "exchange": "swap",
    "long": "much time", "free": "no cost", "pay": "buy", "get": "receive", "virus": "bug", "sick": "ill",
    "children": "kids", "spread": "transmit", "symptoms": "signs", "wear": "use", "mask": "face covering"})


# ------------------------------------------------------------------ model

def make_config(preset, vocab_size, pad_id):
    p = PRESETS[preset]
    return dict(vocab_size=vocab_size, n_positions=p["n_positions"], n_embd=p["n_embd"], n_layer=p["n_layer"],
                n_head=p["n_head"], layer_norm_epsilon=1e-5, pad_token_id=pad_id)


def hf_config(c):
    return {"model_type": MODEL_TYPE, "architectures": ["SupportEmbedEncoder"],
            "vocab_size": c["vocab_size"], "hidden_size": c["n_embd"], "num_hidden_layers": c["n_layer"],
            "num_attention_heads": c["n_head"], "max_position_embeddings": c["n_positions"],
            "layer_norm_epsilon": c["layer_norm_epsilon"], "pad_token_id": c["pad_token_id"],
            "pooling": "mean", "normalize": True, "block": "gpt2 pre-norm, bidirectional",
            "inputs": ["input_ids", "attention_mask"], "outputs": ["sentence_embedding", "last_hidden_state"],
            "torch_dtype": "float32"}


def from_hf_config(h):
    return dict(vocab_size=h["vocab_size"], n_positions=h["max_position_embeddings"], n_embd=h["hidden_size"],
                n_layer=h["num_hidden_layers"], n_head=h["num_attention_heads"],
                layer_norm_epsilon=h.get("layer_norm_epsilon", 1e-5), pad_token_id=h.get("pad_token_id", 0))


class Encoder(nn.Module):
    """GPT-2 blocks (modeling.GPT2Block) where every real token sees every other real token; mean pooling over the
    tokens with attention_mask == 1, then L2 normalisation. Positions are 0..seq-1 (right padding)."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["n_positions"], c["n_embd"])
        self.h = nn.ModuleList([M.GPT2Block(c) for _ in range(c["n_layer"])])
        self.ln_f = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)
        for blk in self.h:
            blk.attn.c_proj.weight.data.mul_(1 / math.sqrt(2 * c["n_layer"]))
            blk.mlp.c_proj.weight.data.mul_(1 / math.sqrt(2 * c["n_layer"]))

    def forward(self, input_ids, attention_mask):
        seq = input_ids.shape[1]
        pos = torch.arange(seq, device=input_ids.device).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(pos)
        allowed = (attention_mask == 1).unsqueeze(1).unsqueeze(2)  # [b, 1, 1, seq]: keys only, no causal mask
        for blk in self.h:
            x, _ = blk(x, allowed, None)
        hidden = self.ln_f(x)
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        emb = pooled / pooled.norm(dim=-1, keepdim=True).clamp(min=1e-12)
        return emb, hidden


def load_folder(folder, weights=None):
    """The encoder of a model folder: pytorch_model.bin when given or present, else the ONNX initializers."""
    with open(os.path.join(folder, "config.json")) as f:
        c = from_hf_config(json.load(f))
    model = Encoder(c)
    weights = weights or os.path.join(folder, "pytorch_model.bin")
    if os.path.exists(weights):
        model.load_state_dict(torch.load(weights, map_location="cpu"))
    else:
        import onnx
        from onnx import numpy_helper
        graph = onnx.load(os.path.join(folder, "model.onnx")).graph
        # initializers keep the state-dict names (older exports wrapped the encoder, hence the prefix)
        inits = {i.name[len("model."):] if i.name.startswith("model.") else i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
                 for i in graph.initializer}
        state = model.state_dict()
        missing = [k for k in state if k not in inits]
        if missing:
            raise SystemExit("%s: model.onnx lacks initializers %s and there is no pytorch_model.bin" % (folder, missing[:4]))
        model.load_state_dict({k: inits[k] for k in state})
    return model.eval(), c


# ------------------------------------------------------------------ tokenizer

def encode(tok, text, max_len):
    """Plain text (special-token strings are not honoured), truncated to max_len; never empty."""
    ids = tok.encode_plain(text)[:max_len]
    return ids or [tok.eos_id]


def save_tokenizer(tok, folder, max_len):
    tok.save(folder, max_len)
    path = os.path.join(folder, "tokenizer_config.json")
    cfg = read_json(path)
    cfg.pop("chat_template_name", None)
    cfg.update(model_max_length=max_len, padding_side="right", truncation_side="right")
    write_json(path, cfg)


# ------------------------------------------------------------------ data

def passage_text(title, heading, body):
    header = T.header(title, heading) if title else heading
    return ("%s\n\n%s" % (header, body)).strip() if header else body


def clean_body(body):
    """Sentences joined by spaces; 'FAQ ID: ...' style lines stay, they are part of what gets indexed."""
    return " ".join(T.split_sentences(body))


def keyword_query(rng, text):
    words = [w.strip("?.,!:;()\"'").lower() for w in text.split()]
    words = [w for w in words if w and w not in STOPWORDS]
    if not words:
        return text
    k = min(len(words), rng.randint(1, 4))
    start = rng.randrange(0, len(words) - k + 1)
    return " ".join(words[start:start + k])


def noisy(rng, q):
    """synth.perturb (case, synonyms, a dropped word, rotation, a typo, fillers) plus this recipe's synonyms,
    more typos and shuffled word order."""
    q = synth.perturb(rng, q)
    words = q.split()
    for i, w in enumerate(words):
        if w.lower() in QUERY_SYNONYMS and rng.random() < 0.3:
            words[i] = QUERY_SYNONYMS[w.lower()]
        elif rng.random() < 0.08:
            words[i] = synth.typo(rng, w)
    if len(words) > 2 and rng.random() < 0.2:
        rng.shuffle(words)
    return " ".join(words) or q


def kb_sections(dirs):
    out = []
    for d in dirs:
        for p in T.load_kb(d):
            out.append(dict(key=("kb", d, p["file"], p["heading"]), title=p["title"], heading=p["heading"],
                            body=clean_body(p["body"]), sentences=p["sentences"]))
    return out


def synth_sections(seed, n_worlds):
    """Synthetic shop FAQ sections (synth.World) with the questions the generator writes for them."""
    rng = random.Random(seed)
    out = []
    for _ in range(n_worlds):
        world = synth.World(rng)
        for topic in rng.sample(synth.FAQ_TOPICS, rng.randint(3, 6)):
            p = world.faq(topic)
            title, _, heading = p["header"].partition(" > ")
            out.append(dict(key=("faq", topic[0]), title=title + " FAQ", heading=heading, body=" ".join(p["sentences"]),
                            sentences=p["sentences"], questions=[p["question"]] + list(topic[3][:2])))
    return out


def make_pair(rng, s):
    """One (query, passage) pair for a section."""
    title, heading, body = s["title"], s["heading"], s["body"]
    passage = passage_text(title, heading, body) if rng.random() < 0.7 else body
    questions = [q for q in s.get("questions", []) if "{" not in q] or []
    base = heading or (s["sentences"][0] if s["sentences"] else title)
    r = rng.random()
    if questions and r < 0.3:
        q = noisy(rng, rng.choice(questions))
    elif r < 0.5:
        q = noisy(rng, base)
    elif r < 0.6:
        q = base
    elif r < 0.7:
        q = "%s %s" % (title, base) if title else base
    elif r < 0.8:
        q = keyword_query(rng, base if rng.random() < 0.6 else body)
    else:
        # inverse cloze: a sentence of the section finds the section, usually with that sentence taken out
        sents = s["sentences"]
        j = rng.randrange(len(sents))
        q = sents[j]
        if len(sents) > 1 and rng.random() < 0.7:
            rest = " ".join(sents[:j] + sents[j + 1:])
            passage = passage_text(title, heading, rest) if rng.random() < 0.7 else rest
        if rng.random() < 0.5:
            q = noisy(rng, q)
    return q, passage


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


def pseudo_word(rng):
    return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(4, 10)))


def rename(rng, q, passage):
    """Lexical-match augmentation: a word that the query shares with the passage becomes the same invented word in
    both (or an invented word goes into both), so the encoder learns to match tokens it never saw in training,
    which is what a knowledge base outside the training data is full of."""
    shared = {w.lower() for w in _WORDS.findall(q)} & {w.lower() for w in _WORDS.findall(passage)}
    shared -= STOPWORDS
    new = pseudo_word(rng)
    if rng.random() < 0.3:
        new = new.capitalize()
    if shared:
        old = rng.choice(sorted(shared))
        pat = re.compile(r"\b%s\b" % re.escape(old), re.IGNORECASE)
        return pat.sub(new, q), pat.sub(new, passage)
    words = q.split()
    words.insert(rng.randint(0, len(words)), new)
    sents = T.split_sentences(passage) or [passage]
    k = rng.randrange(len(sents))
    sents[k] = "%s %s" % (sents[k], new) if rng.random() < 0.5 else "%s %s" % (new, sents[k])
    return " ".join(words), " ".join(sents)


def sample_batch(rng, kb, syn, batch, kb_share, rename_share=0.0):
    """Sections with distinct keys, so that no in-batch negative is the positive of another query."""
    seen, out = set(), []
    tries = 0
    while len(out) < batch and tries < batch * 20:
        tries += 1
        pool = kb if (kb and (not syn or rng.random() < kb_share)) else syn
        s = rng.choice(pool)
        if s["key"] in seen:
            continue
        seen.add(s["key"])
        q, d = make_pair(rng, s)
        if rng.random() < rename_share:
            q, d = rename(rng, q, d)
        out.append((q, d))
    return out


def pad(seqs, pad_id, device):
    L = max(len(s) for s in seqs)
    x = torch.full((len(seqs), L), pad_id, dtype=torch.long)
    m = torch.zeros((len(seqs), L), dtype=torch.long)
    for i, s in enumerate(seqs):
        x[i, :len(s)] = torch.tensor(s)
        m[i, :len(s)] = 1
    return x.to(device), m.to(device)


# ------------------------------------------------------------------ training

def kb_dirs(a):
    return [os.path.abspath(d) for d in ([] if a.no_sample_kb else [KB_ROOT]) + (a.kb or [])]


def train(a):
    p = PRESETS[a.preset]
    os.makedirs(a.work, exist_ok=True)
    dev = torch.device(a.device)
    kb = kb_sections(kb_dirs(a))
    syn = synth_sections(a.seed, p["synth_worlds"]) if not a.no_synth else []
    if not kb and not syn:
        raise SystemExit("no training sections: give --kb DIR or drop --no-synth")
    tok_dir = os.path.join(a.work, "tokenizer")
    if not os.path.exists(os.path.join(tok_dir, "vocab.json")):
        texts = [passage_text(s["title"], s["heading"], s["body"]) for s in kb]
        texts += [passage_text(s["title"], s["heading"], s["body"]) + " " + " ".join(s["questions"]) for s in syn]
        vocab, merges = bpe.train_bpe(texts, a.vocab or p["vocab"], specials=SPECIALS, log=log)
        save_tokenizer(bpe.Tokenizer(vocab, merges, SPECIALS), tok_dir, p["n_positions"])
    tok = bpe.Tokenizer.load(tok_dir)
    torch.manual_seed(a.seed)
    c = make_config(a.preset, len(tok), tok.eos_id)
    model = Encoder(c).to(dev)
    n_params = sum(q.numel() for q in model.parameters())
    log("embed: %d KB sections, %d synthetic sections, vocab %d, %d parameters" % (len(kb), len(syn), len(tok), n_params))
    opt = torch.optim.AdamW(model.parameters(), lr=p["lr"], weight_decay=0.01)
    ck = os.path.join(a.work, "ckpt.pt")
    done = os.path.join(a.work, "model.pt")
    logp = os.path.join(a.work, "log_embed.jsonl")
    rng = random.Random(a.seed)
    step, elapsed = 0, 0.0
    if os.path.exists(done):
        model.load_state_dict(torch.load(done, map_location=dev))
        log("embed: already trained, loaded %s" % done)
        return model.cpu().eval(), c, tok, kb, syn
    if os.path.exists(ck):
        st = torch.load(ck, map_location=dev)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed = st["step"], st["elapsed"]
        rng.setstate(st["rng"])
        log("embed: resumed at step %d (%.1f min done)" % (step, elapsed / 60))
    else:
        open(logp, "w").close()
    steps = a.steps if a.steps is not None else p["steps"]
    minutes = a.minutes if a.minutes is not None else p["minutes"]
    budget = Budget(steps, minutes, elapsed)
    scale = 1.0 / a.temperature
    maxp = p["max_passage_tokens"]
    last_ck, ema, tokens = time.time(), None, 0
    model.train()
    if not steps and not minutes:
        log("embed: no step or time budget, so the encoder stays as initialised (a baseline)")
    while (steps or minutes) and budget.progress(step) < 1.0:
        prog = budget.progress(step)
        for g in opt.param_groups:
            g["lr"] = lr_at(prog, p["lr"], 0.05)
        pairs = sample_batch(rng, kb, syn, p["batch"], a.kb_share, a.rename_share)
        qx, qm = pad([encode(tok, q, 48) for q, _ in pairs], tok.eos_id, dev)
        px, pm = pad([encode(tok, d, maxp) for _, d in pairs], tok.eos_id, dev)
        qe, _ = model(qx, qm)
        pe, _ = model(px, pm)
        sim = qe @ pe.t() * scale
        labels = torch.arange(len(pairs), device=dev)
        loss = 0.5 * (F.cross_entropy(sim, labels) + F.cross_entropy(sim.t(), labels))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(qm.sum() + pm.sum())
        lv = float(loss)
        ema = lv if ema is None else 0.95 * ema + 0.05 * lv
        acc = float((sim.argmax(1) == labels).float().mean())
        with open(logp, "a") as f:
            f.write(json.dumps({"step": step, "loss": round(lv, 4), "acc": round(acc, 3), "batch": len(pairs),
                                "elapsed": round(budget.elapsed(), 2), "lr": opt.param_groups[0]["lr"]}) + "\n")
        if step % 20 == 0 or step == 1:
            log("embed step %d loss %.3f (ema %.3f) in-batch acc %.2f, %.0f tok/s, %.1f min" % (
                step, lv, ema, acc, tokens / max(1e-6, time.time() - budget.t0), budget.elapsed() / 60))
        if time.time() - last_ck > a.ckpt_minutes * 60:
            torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), step=step, elapsed=budget.elapsed(),
                            rng=rng.getstate()), ck + ".tmp")
            os.replace(ck + ".tmp", ck)
            last_ck = time.time()
    torch.save(model.state_dict(), done)
    if os.path.exists(ck):
        os.remove(ck)
    meta = read_json(os.path.join(a.work, "run.json"), {})
    meta.update(preset=a.preset, steps=step, wall_seconds=round(budget.elapsed(), 1), final_loss_ema=round(ema or 0, 4),
                parameters=n_params, rename_share=a.rename_share, kb_dirs=[os.path.relpath(d, REPO) if d.startswith(REPO) else d for d in kb_dirs(a)],
                kb_sections=len(kb), synthetic_sections=len(syn), batch=p["batch"], temperature=a.temperature,
                device=a.device, cpu_threads=torch.get_num_threads(), torch=torch.__version__, host=platform.node(),
                seed=a.seed)
    write_json(os.path.join(a.work, "run.json"), meta)
    log("embed: trained %d steps in %.1f min" % (step, budget.elapsed() / 60))
    return model.cpu().eval(), c, tok, kb, syn


# ------------------------------------------------------------------ export

def export(model, c, tok, out, work, keep_torch=True):
    import onnx
    os.makedirs(out, exist_ok=True)
    save_tokenizer(tok, out, c["n_positions"])
    write_json(os.path.join(out, "config.json"), hf_config(c))
    if keep_torch:
        torch.save({k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, os.path.join(out, "pytorch_model.bin"))
    path = os.path.join(out, "model.onnx")
    ids = torch.randint(0, c["vocab_size"], (2, 5))
    mask = torch.ones(2, 5, dtype=torch.long)
    mask[1, 3:] = 0
    with torch.no_grad():
        torch.onnx.export(model.eval(), (ids, mask), path, input_names=["input_ids", "attention_mask"],
                          output_names=["sentence_embedding", "last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "sentence_embedding": {0: "batch"}, "last_hidden_state": {0: "batch", 1: "seq"}},
                          opset_version=17, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    write_reference(model, tok, c, os.path.join(out, "reference.json"))
    log("export: %s (%.1f MB)" % (out, os.path.getsize(path) / 1e6))


@torch.no_grad()
def write_reference(model, tok, c, path):
    max_len = c["n_positions"]
    cases = []
    for text in REFERENCE_TEXTS:
        ids = encode(tok, text, max_len)
        x = torch.tensor([ids])
        emb, _ = model(x, torch.ones_like(x))
        cases.append({"text": text, "input_ids": ids, "embedding": [round(float(v), 7) for v in emb[0]]})
    # a right-padded batch must give the same vectors as one-by-one
    seqs = [cs["input_ids"] for cs in cases]
    x, m = pad(seqs, tok.eos_id, "cpu")
    batch, _ = model(x, m)
    for i, cs in enumerate(cases):
        diff = float((batch[i] - torch.tensor(cs["embedding"])).abs().max())
        assert diff < 1e-5, "padding changes the embedding of %r by %g" % (cs["text"], diff)
    ref = {"model_type": MODEL_TYPE, "atol": 1e-4, "dim": c["n_embd"], "pad_token_id": tok.eos_id,
           "truncation": "first max_position_embeddings tokens; right padding", "cases": cases}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False, indent=1)


def write_card(a, out, c, meta, eval_path=None):
    ev = read_json(eval_path, None) if eval_path else None
    size = os.path.getsize(os.path.join(out, "model.onnx"))
    lines = [
        "# support-embed: a small sentence encoder for dense retrieval",
        "",
        "Trained from scratch by `models/training/embed.py` (no pretrained weights). It maps a query or a passage to "
        "a %d-dimensional L2-normalised vector; cosine similarity (a dot product) ranks passages. It is the encoder of "
        "the platform's optional dense retrieval path, fused with BM25." % c["n_embd"],
        "",
        "## Shape",
        "",
        "| | |",
        "| --- | --- |",
        "| architecture | %d GPT-2 pre-norm blocks without the causal mask, d=%d, %d heads, learned positions |" % (c["n_layer"], c["n_embd"], c["n_head"]),
        "| pooling | mean over tokens with `attention_mask == 1`, then L2 normalisation (inside the graph) |",
        "| context | %d tokens (longer text is truncated to its first %d) |" % (c["n_positions"], c["n_positions"]),
        "| tokenizer | byte-level BPE, vocabulary %d (`vocab.json`, `merges.txt`), pad = `<|endoftext|>` |" % c["vocab_size"],
        "| parameters | %s |" % "{:,}".format(meta.get("parameters", 0)),
        "| model.onnx | %.1f MB, fp32, opset 17 |" % (size / 1e6),
        "",
        "## Training",
        "",
        "- Data: (query, passage) pairs built from the Markdown sections of %s (%d sections) and %d synthetic shop "
        "FAQ sections from `synth.py`. Queries: the heading question, noisy variants of it (lower case, dropped "
        "words, typos, shuffled order, synonyms, fillers), title + heading, keywords, and a sentence of the section "
        "(inverse cloze, usually removed from the passage)." % (", ".join(meta.get("kb_dirs", [])) or "no KB folder",
                                                                meta.get("kb_sections", 0), meta.get("synthetic_sections", 0)),
        "- Loss: symmetric in-batch InfoNCE, temperature %.2f, batch %d, sections in a batch all distinct." % (
            meta.get("temperature", 0), meta.get("batch", 0)),
        "- Run: %d steps in %.1f minutes on %s (%d threads, torch %s), seed %s." % (
            meta.get("steps", 0), meta.get("wall_seconds", 0) / 60, meta.get("device", "cpu"), meta.get("cpu_threads", 0),
            meta.get("torch", "?"), meta.get("seed", "?")),
        "",
        "Reproduce: `/usr/bin/python3 models/training/embed.py all --preset %s --out DIR --work DIR`%s." % (
            a.preset, "".join(" --kb %s" % d for d in (a.kb or []))),
        "",
    ]
    if ev:
        lines += ["## Evaluation", "", "Produced by `models/training/embed_eval.py` (gold = any of `gold_sources`).", "",
                  "| set | method | recall@1 | recall@5 | MRR@10 |", "| --- | --- | --- | --- | --- |"]
        for r in ev.get("rows", []):
            lines.append("| %s | %s | %.3f | %.3f | %.3f |" % (r["set"], r["method"], r["recall@1"], r["recall@5"], r["mrr@10"]))
        lines.append("")
        by = {(r["set"], r["method"]): r for r in ev.get("rows", [])}
        for name in sorted({r["set"] for r in ev.get("rows", [])}):
            bm, fused = by.get((name, "bm25")), by.get((name, "rrf(dense, bm25)"))
            if bm and fused:
                verdict = "raises" if fused["mrr@10"] > bm["mrr@10"] else "lowers"
                lines.append("- %s: fusing this encoder with BM25 (equal-weight RRF, k=60) %s MRR@10 from %.3f to %.3f." % (
                    name, verdict, bm["mrr@10"], fused["mrr@10"]))
            dense = next((r for (n, m), r in by.items() if n == name and m.startswith("dense (") and "untrained" not in m
                          and "--" not in m), None)
            init = next((r for (n, m), r in by.items() if n == name and m.startswith("dense (untrained")), None)
            if dense and init:
                lines.append("- %s: training %s dense MRR@10 against the same network untrained (%.3f -> %.3f)." % (
                    name, "raised" if dense["mrr@10"] > init["mrr@10"] else "lowered", init["mrr@10"], dense["mrr@10"]))
        if not a.kb:
            lines.append("- sample-kb questions are held out, but its passages are what the encoder trained on; covidfaq-dev is "
                         "outside the training data altogether (neither its documents nor its questions were seen).")
        lines.append("")
    lines += [
        "## Limits",
        "",
        "- Trained from scratch, in minutes, on a small amount of support text: it knows the words of its training "
        "knowledge bases and little general English; outside them it can rank worse than the same network untrained "
        "(see the evaluation above).",
        "- As shipped it does not improve on BM25; it exists so the dense path can be built and tested end to end, "
        "and as the starting recipe for an encoder trained on your own knowledge base (`--kb DIR`) or on a GPU.",
        "- English only; no notion of negation or numbers beyond surface tokens.",
        "- BM25 stays the primary path; if you fuse, weight the dense ranking below BM25 and measure on your own questions.",
        "",
    ]
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# ------------------------------------------------------------------ commands

def cmd_all(a):
    set_threads()
    t0 = time.time()
    model, c, tok, _, _ = train(a)
    export(model, c, tok, a.out, a.work, keep_torch=not a.no_torch_weights)
    meta = read_json(os.path.join(a.work, "run.json"), {})
    write_card(a, a.out, c, meta, a.eval_json)
    log("all: done in %.1fs -> %s" % (time.time() - t0, a.out))


def cmd_reference(a):
    set_threads()
    model, c = load_folder(a.model, a.weights)
    tok = bpe.Tokenizer.load(a.model)
    write_reference(model, tok, c, a.out or os.path.join(a.model, "reference.json"))


def cmd_card(a):
    meta = read_json(os.path.join(a.work, "run.json"), {})
    with open(os.path.join(a.out, "config.json")) as f:
        c = from_hf_config(json.load(f))
    write_card(a, a.out, c, meta, a.eval_json)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(s):
        s.add_argument("--preset", choices=sorted(PRESETS), default="default")
        s.add_argument("--device", default="cpu", help="cpu | cuda | cuda:N")
        s.add_argument("--work", default=os.path.join(HERE, ".work", "embed"), help="tokenizer, checkpoints, logs")
        s.add_argument("--out", required=True)
        s.add_argument("--seed", type=int, default=1)
        s.add_argument("--vocab", type=int, default=None)
        s.add_argument("--steps", type=int, default=None, help="step budget (ends on steps or minutes, whichever first)")
        s.add_argument("--minutes", type=float, default=None, help="time budget")
        s.add_argument("--ckpt-minutes", type=float, default=3.0)
        s.add_argument("--kb", action="append", help="another Markdown knowledge-base folder to train on (repeatable)")
        s.add_argument("--no-sample-kb", action="store_true", help="leave out samples/knowledge-base")
        s.add_argument("--no-synth", action="store_true", help="leave out the synthetic shop FAQ sections")
        s.add_argument("--kb-share", type=float, default=0.6, help="share of a batch drawn from the KB folders")
        s.add_argument("--temperature", type=float, default=0.05)
        s.add_argument("--rename-share", type=float, default=0.0,
                       help="share of pairs where a shared word becomes the same invented word in query and passage")
        s.add_argument("--no-torch-weights", action="store_true", help="do not write pytorch_model.bin into --out")
        s.add_argument("--eval-json", default=None, help="embed_eval.py output to put in MODEL_CARD.md")
        return s

    common(sub.add_parser("all", help="pairs -> tokenizer -> train -> ONNX + config + tokenizer + reference + card"))
    common(sub.add_parser("card", help="rewrite MODEL_CARD.md (e.g. with --eval-json)"))
    r = sub.add_parser("reference", help="reference.json for the C# parity tests")
    r.add_argument("--model", required=True)
    r.add_argument("--weights", default=None, help="state dict (default: pytorch_model.bin, else the ONNX initializers)")
    r.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    if a.cmd != "reference":
        a.work = os.path.abspath(a.work)
        a.out = os.path.abspath(a.out)
    {"all": cmd_all, "card": cmd_card, "reference": cmd_reference}[a.cmd](a)


if __name__ == "__main__":
    main()
