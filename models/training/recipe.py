#!/usr/bin/env python3
"""support-gpt training recipe: data -> tokenizer -> pretrain -> finetune -> export -> evaluate -> card.

Run with Debian's interpreter (it has torch): /usr/bin/python3 models/training/recipe.py all --preset tiny --out DIR
"""
import argparse
import glob
import json
import math
import os
import platform
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import bpe  # noqa: E402
import modeling as M  # noqa: E402
import synth  # noqa: E402
import template as T  # noqa: E402

KB_ROOT = os.path.join(REPO, "samples", "knowledge-base")
SAMPLE_Q = os.path.join(REPO, "tests", "data", "sample-kb")

# per preset: data sizes, vocabulary, batch, steps/minutes per phase, eval sizes
PRESET_RUN = {
    "tiny": dict(n_finetune=240, n_heldout=40, n_dialogues=40, vocab=360, batch=8, pretrain_steps=20,
                 finetune_steps=20, pretrain_minutes=0.3, finetune_minutes=0.3, lr=3e-3, eval_n=20, eval_kb=8,
                 pretrain_ft_share=200),
    "default": dict(n_finetune=24000, n_heldout=400, n_dialogues=3000, vocab=3072, batch=16, pretrain_steps=0,
                    finetune_steps=0, pretrain_minutes=8, finetune_minutes=37, lr=1.5e-3, eval_n=400, eval_kb=80,
                    pretrain_ft_share=6000),
}


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def set_threads():
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    # TF32 matmuls on Ampere and later: fp32 weights, several times the fp32 throughput
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True


def run_params(a):
    """The preset's data sizes, batch and learning rate, with the overrides given on the command line
    (a GPU run wants many more records and a larger batch than the 2-core CPU preset)."""
    p = dict(PRESET_RUN[a.preset])
    for key, name in (("n_finetune", "records"), ("batch", "batch"), ("lr", "lr")):
        if getattr(a, name, None) is not None:
            p[key] = getattr(a, name)
    return p


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def read_json(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def run_meta(work):
    return read_json(os.path.join(work, "run.json"), {})


def update_meta(work, **kw):
    m = run_meta(work)
    m.update(kw)
    write_json(os.path.join(work, "run.json"), m)


# ------------------------------------------------------------------ data

def cmd_data(a):
    p = run_params(a)
    out = os.path.join(a.work, "data")
    os.makedirs(out, exist_ok=True)
    kb = T.load_kb(KB_ROOT)
    docs = []
    for path in sorted(glob.glob(os.path.join(KB_ROOT, "**", "*.md"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            docs.append(f.read())
    docs = synth.pretrain_text(a.seed, docs, p["n_dialogues"])
    write_jsonl(os.path.join(out, "pretrain.jsonl"), [{"text": d} for d in docs])
    ft = synth.generate_records(a.seed, p["n_finetune"], kb)
    write_jsonl(os.path.join(out, "finetune.jsonl"), ft)
    # held out: another seed and topics/attributes that training never sees
    ho = synth.generate_records(a.seed + 7919, p["n_heldout"], kb, held_out=True)
    write_jsonl(os.path.join(out, "heldout.jsonl"), ho)
    update_meta(a.work, data=dict(pretrain_docs=len(docs), pretrain_chars=sum(len(d) for d in docs),
                                  finetune_records=len(ft), heldout_records=len(ho), kb_passages=len(kb),
                                  unanswerable_share=round(sum(r["metadata"]["handoff"] for r in ft) / max(1, len(ft)), 3),
                                  seed=a.seed))
    log("data: %d pretrain docs, %d finetune records, %d held-out records -> %s" % (len(docs), len(ft), len(ho), out))


def _records_path(a):
    return getattr(a, "jsonl", None) or os.path.join(a.work, "data", "finetune.jsonl")


# ------------------------------------------------------------------ tokenizer

def cmd_tokenizer(a):
    p = PRESET_RUN[a.preset]
    texts = [r["text"] for r in read_jsonl(os.path.join(a.work, "data", "pretrain.jsonl"))]
    for rec in read_jsonl(_records_path(a))[: max(2000, p["n_finetune"] // 4)]:
        pr, ans, _ = T.record_to_sequence(rec)
        texts.append(pr + ans)
    t0 = time.time()
    vocab, merges = bpe.train_bpe(texts, a.vocab or p["vocab"], log=log)
    tok = bpe.Tokenizer(vocab, merges)
    ctx = M.context_length(M.PRESETS[(a.preset, a.arch)])
    tok.save(os.path.join(a.work, "tokenizer"), ctx)
    update_meta(a.work, tokenizer=dict(vocab_size=len(vocab), merges=len(merges), train_seconds=round(time.time() - t0, 1),
                                       special_ids={s: vocab[s] for s in bpe.SPECIAL_TOKENS}))
    log("tokenizer: vocab %d (%d merges) in %.1fs" % (len(vocab), len(merges), time.time() - t0))


def load_tok(a):
    return bpe.Tokenizer.load(os.path.join(a.work, "tokenizer"))


# ------------------------------------------------------------------ training

def model_config(a, tok):
    eos = tok.eos_id
    return M.make_config(a.preset, a.arch, len(tok), eos, eos)


def encode_records(records, tok, ctx):
    """-> list of (ids, prompt_len, n_passages, info)."""
    out = []
    for rec in records:
        prompt, answer, info = T.record_to_sequence(rec, tok, ctx)
        if info["lost"]:
            continue
        p_ids = tok.encode(prompt)
        a_ids = tok.encode(answer)
        ids = (p_ids + a_ids)[: ctx + 1]
        n_pass = prompt.count(T.PASSAGE)
        out.append((ids, len(p_ids), n_pass, info))
    return out


def bucketed(pool, batch, rng, key, n_batches=8, max_tokens=None):
    """Draw n_batches*batch items, sort by length, cut into batches of about batch*256 tokens
    (fewer rows when sequences are long), shuffled: little padding, steady memory."""
    max_tokens = max_tokens or batch * 256
    cand = sorted((rng.choice(pool) for _ in range(n_batches * batch)), key=key)
    out, cur = [], []
    for e in cand:
        if cur and (len(cur) + 1) * key(e) > max_tokens:
            out.append(cur)
            cur = []
        cur.append(e)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def lr_at(progress, base, warm):
    if progress < warm:
        return base * progress / max(warm, 1e-9)
    q = (progress - warm) / max(1e-9, 1 - warm)
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, q))))


class Budget:
    """Progress is the larger of steps/max_steps and time/budget, so a run ends on either."""

    def __init__(self, steps, minutes, elapsed=0.0):
        self.steps = steps
        self.seconds = minutes * 60 if minutes else 0
        self.elapsed0 = elapsed
        self.t0 = time.time()

    def elapsed(self):
        return self.elapsed0 + time.time() - self.t0

    def progress(self, step):
        ps = step / self.steps if self.steps else 0.0
        pt = self.elapsed() / self.seconds if self.seconds else 0.0
        return max(ps, pt)


def pad_batch(seqs, pad_id, device):
    """Right-padded inputs/targets; targets -100 where no loss."""
    L = max(len(s[0]) for s in seqs) - 1
    x = torch.full((len(seqs), L), pad_id, dtype=torch.long)
    y = torch.full((len(seqs), L), -100, dtype=torch.long)
    m = torch.zeros((len(seqs), L), dtype=torch.long)
    for i, (ids, loss_from) in enumerate(seqs):
        n = len(ids) - 1
        x[i, :n] = torch.tensor(ids[:-1])
        t = torch.tensor(ids[1:])
        if loss_from > 0:
            t[: loss_from - 1] = -100
        y[i, :n] = t
        m[i, :n] = 1
    pos = torch.arange(L).unsqueeze(0).expand(len(seqs), L)
    return x.to(device), m.to(device), pos.contiguous().to(device), y.to(device)


def train_phase(a, phase, sampler, model, budget_steps, minutes, lr, warm=0.05, weight_ids=None, weight=1.0):
    """Generic loop with checkpoint/resume in --work. sampler(progress, rng) -> list of (ids, loss_from)."""
    dev = torch.device(a.device)
    ck = os.path.join(a.work, "ckpt_%s.pt" % phase)
    done = os.path.join(a.work, "%s_done.pt" % phase)
    logp = os.path.join(a.work, "log_%s.jsonl" % phase)
    if os.path.exists(done):
        model.load_state_dict(torch.load(done, map_location=dev))
        log("%s: already done, loaded %s" % (phase, done))
        return
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.01)
    step, tokens, loss_tokens, elapsed = 0, 0, 0, 0.0
    rng = random.Random(a.seed * 31 + len(phase))
    if os.path.exists(ck):
        st = torch.load(ck, map_location=dev)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, tokens, loss_tokens, elapsed = st["step"], st["tokens"], st["loss_tokens"], st["elapsed"]
        rng.setstate(st["rng"])
        torch.set_rng_state(st["torch_rng"])
        log("%s: resumed at step %d (%.1f min done)" % (phase, step, elapsed / 60))
    else:
        open(logp, "w").close()
    budget = Budget(budget_steps, minutes, elapsed)
    last_ck = time.time()
    model.train()
    ema = None
    while budget.progress(step) < 1.0:
        prog = budget.progress(step)
        for g in opt.param_groups:
            g["lr"] = lr_at(prog, lr, warm)
        batch = sampler(prog, rng)
        x, m, pos, y = pad_batch(batch, 0, dev)
        hidden, _ = model(x, m, pos, head=False)
        sel = y != -100
        # the vocabulary projection only where there is a target: most of a fine-tuning prompt has none
        logits = model.lm_head(hidden[sel])
        ce = torch.nn.functional.cross_entropy(logits.float(), y[sel], reduction="none")
        if weight_ids is not None:
            # the decision tokens (markers, handoff) carry the task; framing words are a free choice
            w = 1.0 + (weight - 1.0) * torch.isin(y[sel], weight_ids).float()
            loss = (ce * w).sum() / w.sum()
        else:
            loss = ce.mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(m.sum())
        loss_tokens += int((y != -100).sum())
        lv = float(loss)
        ema = lv if ema is None else 0.95 * ema + 0.05 * lv
        with open(logp, "a") as f:
            f.write(json.dumps({"step": step, "loss": round(lv, 4), "tokens": tokens, "loss_tokens": loss_tokens,
                                "elapsed": round(budget.elapsed(), 2), "lr": opt.param_groups[0]["lr"],
                                "progress": round(prog, 4)}) + "\n")
        if step % 20 == 0 or step == 1:
            log("%s step %d loss %.3f (ema %.3f) tok %d %.0f tok/s %.1f min" % (
                phase, step, lv, ema, tokens, tokens / max(1e-6, budget.elapsed()), budget.elapsed() / 60))
        if time.time() - last_ck > a.ckpt_minutes * 60:
            torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), step=step, tokens=tokens,
                            loss_tokens=loss_tokens, elapsed=budget.elapsed(), rng=rng.getstate(),
                            torch_rng=torch.get_rng_state()), ck + ".tmp")
            os.replace(ck + ".tmp", ck)
            last_ck = time.time()
    torch.save(model.state_dict(), done + ".tmp")
    os.replace(done + ".tmp", done)
    if os.path.exists(ck):
        os.remove(ck)
    update_meta(a.work, **{phase: dict(steps=step, tokens=tokens, loss_tokens=loss_tokens, wall_seconds=round(budget.elapsed(), 1),
                                       final_loss_ema=round(ema or 0, 4), lr=lr, batch=run_params(a)["batch"],
                                       device=a.device)})
    log("%s: done, %d steps, %d tokens, %.1f min" % (phase, step, tokens, budget.elapsed() / 60))


def new_model(a, tok):
    torch.manual_seed(a.seed)
    c = model_config(a, tok)
    return M.build_model(c).to(a.device), c


def cmd_pretrain(a):
    set_threads()
    p = run_params(a)
    tok = load_tok(a)
    model, c = new_model(a, tok)
    ctx = M.context_length(c)
    docs = [r["text"] for r in read_jsonl(os.path.join(a.work, "data", "pretrain.jsonl"))]
    stream = []
    for d in docs:
        stream.extend(tok.encode(d) + [tok.eos_id])
    recs = read_jsonl(_records_path(a))[: p["pretrain_ft_share"]]
    seqs = [s[0] for s in encode_records(recs, tok, ctx)]
    span = min(ctx, 256)
    chunks = [stream[i:i + span + 1] for i in range(0, max(1, len(stream) - 1), span)]
    chunks = [ch for ch in chunks if len(ch) > 8]
    pool = chunks + seqs
    log("pretrain: %d stream tokens in %d chunks + %d template sequences" % (len(stream), len(chunks), len(seqs)))
    update_meta(a.work, pretrain_data=dict(stream_tokens=len(stream), template_sequences=len(seqs),
                                           template_tokens=sum(len(s) for s in seqs)))
    B = p["batch"]
    queue = []

    def sampler(prog, rng):
        if not queue:
            queue.extend(bucketed(pool, B, rng, key=len))
        return [(s, 0) for s in queue.pop()]

    train_phase(a, "pretrain", sampler, model, a.steps if a.steps is not None else p["pretrain_steps"],
                a.minutes if a.minutes is not None else p["pretrain_minutes"], p["lr"])


def curriculum_limit(prog):
    # 1 passage is a warm-up only: selection is learnt from 2+ passages
    return 1 if prog < 0.04 else 2 if prog < 0.2 else 3 if prog < 0.4 else 99


def cmd_finetune(a):
    set_threads()
    p = run_params(a)
    tok = load_tok(a)
    model, c = new_model(a, tok)
    pre = a.init_from or os.path.join(a.work, "pretrain_done.pt")
    if os.path.exists(pre):
        st = torch.load(pre, map_location=a.device)
        model.load_state_dict(st["model"] if "opt" in st else st)
        log("finetune: starting from %s" % pre)
    ctx = M.context_length(c)
    t0 = time.time()
    enc = encode_records(read_jsonl(_records_path(a)), tok, ctx)
    log("finetune: encoded %d records in %.1fs, mean length %.0f" % (len(enc), time.time() - t0,
                                                                  sum(len(e[0]) for e in enc) / max(1, len(enc))))
    by_limit = {}
    B = p["batch"]
    queue = []

    def sampler(prog, rng):
        lim = curriculum_limit(prog)
        if lim not in by_limit:
            by_limit[lim] = [e for e in enc if e[2] <= lim] or enc
            queue.clear()
        if not queue:
            queue.extend(bucketed(by_limit[lim], B, rng, key=lambda e: len(e[0])))
        return [(e[0], e[1]) for e in queue.pop()]

    train_phase(a, "finetune", sampler, model, a.steps if a.steps is not None else p["finetune_steps"],
                a.minutes if a.minutes is not None else p["finetune_minutes"], p["lr"] * 0.7, warm=0.03,
                weight_ids=torch.tensor([tok.vocab[s] for s in tok.specials if s.startswith("<|s") or s == T.HANDOFF],
                                        device=a.device), weight=a.marker_weight)


def load_trained(a, tok):
    model, c = new_model(a, tok)
    names = ["finetune_done.pt", "pretrain_done.pt"]
    if getattr(a, "checkpoint", False):
        names = ["ckpt_finetune.pt"] + names  # peek at a run in progress
    for name in names:
        path = os.path.join(a.work, name)
        if os.path.exists(path):
            st = torch.load(path, map_location=a.device)
            model.load_state_dict(st["model"] if "model" in st and "opt" in st else st)
            log("loaded %s" % path)
            return model.eval(), c
    raise SystemExit("no trained weights in %s" % a.work)


# ------------------------------------------------------------------ export

def cmd_export(a):
    set_threads()
    tok = load_tok(a)
    model, c = load_trained(a, tok)
    export_folder(a, tok, model, c)


def export_folder(a, tok, model, c):
    """The model folder (ONNX, configs, tokenizer, PyTorch weights) into --out, checked against PyTorch."""
    model = model.cpu()
    os.makedirs(a.out, exist_ok=True)
    tok.save(a.out, M.context_length(c))
    write_json(os.path.join(a.out, "config.json"), M.hf_config(c))
    write_json(os.path.join(a.out, "generation_config.json"), {
        "bos_token_id": tok.eos_id, "eos_token_id": tok.eos_id, "pad_token_id": tok.eos_id,
        "max_new_tokens": 96, "do_sample": False, "repetition_penalty": 1.0})
    torch.save(M.state_dict_for_save(model), os.path.join(a.out, "pytorch_model.bin"))
    attention, diffs = write_onnx(model, c, a.out, a.attention)
    update_meta(a.work, onnx_check=diffs)
    log("export: %s (%s attention; onnx.checker ok; ONNX graph vs PyTorch, max abs diff: %s)" % (a.out, attention, diffs))


def write_onnx(model, c, folder, attention):
    """model.onnx into folder, then run by the NumPy interpreter against the PyTorch weights saved beside it.
    fused: one GroupQueryAttention node per layer over a KV buffer the engine shares between past and present
    (no cache copy per step; what the C# engine runs fastest on CPU). standard: plain ops, past + new concatenated
    into a new present each step (runs on any ONNX runtime and execution provider). Either way genai_config.json
    beside it lets onnxruntime-genai run the same file."""
    import onnx_export
    import onnx_numpy
    path = os.path.join(folder, "model.onnx")
    head_size = M.kv_shape(c)[1]
    if attention == "fused" and head_size % 8:
        log("export: head size %d is not a multiple of 8, which ONNX Runtime's GroupQueryAttention needs; "
            "writing standard attention instead" % head_size)
        attention = "standard"
    if attention == "fused":
        onnx_export.export_fused(model, c, path)
    else:
        onnx_export.export(model, c, path)
    write_json(os.path.join(folder, "genai_config.json"), onnx_export.genai_config(c, attention))
    check = onnx_numpy.check_fused_against_torch if attention == "fused" else onnx_numpy.check_against_torch
    return attention, check(folder)


def cmd_reexport(a):
    """Rewrites model.onnx of an existing model folder from its pytorch_model.bin with the --attention asked for;
    nothing else in the folder changes, so the weights, tokenizer and reference outputs stay the same."""
    model, c = M.load_folder(a.model)
    attention, diffs = write_onnx(model, c, a.model, a.attention)
    log("reexport: %s (%s attention; ONNX graph vs PyTorch, max abs diff: %s)" % (a.model, attention, diffs))


# ------------------------------------------------------------------ random: an open model's shape, untrained

def cmd_random(a):
    """A model folder of a real open-model family (Llama 3, Qwen2/2.5, Qwen3) with random weights, around the real
    tokenizer files in --tokenizer: what `bring your own model` loads, small enough to build in seconds. The engine,
    PyTorch and onnxruntime-genai must agree on it token for token, which is the point: nothing here is trained."""
    import shutil
    set_threads()
    torch.manual_seed(a.seed)
    with open(os.path.join(a.tokenizer, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    with open(os.path.join(a.tokenizer, "tokenizer_config.json"), encoding="utf-8") as f:
        tc = json.load(f)
    ids = {t["content"]: t["id"] for t in tj.get("added_tokens", [])}
    vocab = max([*tj["model"]["vocab"].values(), *ids.values()]) + 1

    def token_id(name):
        value = tc.get(name)
        value = value.get("content") if isinstance(value, dict) else value
        return ids.get(value) if value else None

    # The end-of-turn token of each family ends a reply as well as end-of-text, as the real models' configs say.
    eos = [i for i in [token_id("eos_token"), ids.get("<|endoftext|>"), ids.get("<|end_of_text|>"), ids.get("<|eot_id|>")] if i is not None]
    eos = list(dict.fromkeys(eos))
    c = dict(arch="llama", model_type=a.family, vocab_size=vocab, max_position_embeddings=a.context, hidden_size=a.hidden,
             intermediate_size=a.hidden * 3, num_hidden_layers=a.layers, num_attention_heads=a.heads,
             num_key_value_heads=a.kv_heads, head_dim=a.head_dim, rms_norm_eps=1e-6, rope_theta=1000000.0,
             tie_word_embeddings=True, bos_token_id=token_id("bos_token") if token_id("bos_token") is not None else eos[0],
             eos_token_id=eos)
    model = M.build_model(c)
    # Wide random weights: peaked logits, so greedy picks are not near-ties that float rounding could flip.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() > 1 or name.endswith(".bias"):  # norms keep their ones
                p.normal_(0.0, a.init_std)
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(a.tokenizer, name), os.path.join(a.out, name))
    write_json(os.path.join(a.out, "config.json"), M.hf_config(c))
    write_json(os.path.join(a.out, "generation_config.json"), {
        "bos_token_id": c["bos_token_id"], "eos_token_id": eos, "pad_token_id": eos[0], "do_sample": False})
    torch.save(M.state_dict_for_save(model), os.path.join(a.out, "pytorch_model.bin"))
    attention, diffs = write_onnx(model, c, a.out, a.attention)
    log("random: %s (%s, %d parameters, vocab %d, %s attention; ONNX graph vs PyTorch, max abs diff: %s)"
        % (a.out, a.family, M.count_params(model), vocab, attention, diffs))


# ------------------------------------------------------------------ tune: fine-tune an existing model folder

def heldout_answer_loss(model, tok, records, ctx, dev):
    """Mean answer-token loss over held-out platform records; None when there are none."""
    total, count = 0.0, 0
    with torch.no_grad():
        for rec in records:
            prompt, answer, info = T.record_to_sequence(rec, tok, ctx)
            p_ids = tok.encode(prompt)
            ids = (p_ids + tok.encode(answer))[: ctx + 1]
            if len(ids) <= len(p_ids):
                continue
            ls, ln = answer_loss(model, tok, ids, len(p_ids), dev)
            total += ls
            count += ln
    return round(total / count, 4) if count else None


def cmd_tune(a):
    """Fine-tunes the model folder --base on a platform export (--jsonl) into a new model folder --out, and scores
    base and result on --heldout records that training never sees (answer-token loss: lower is better)."""
    import shutil
    set_threads()
    if not a.base or not a.jsonl:
        raise SystemExit("tune: --base MODEL_DIR and --jsonl FILE are required")
    dev = torch.device(a.device)
    os.makedirs(os.path.join(a.work, "tokenizer"), exist_ok=True)
    for name in ("vocab.json", "merges.txt", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.base, name), os.path.join(a.work, "tokenizer", name))
    tok = load_tok(a)
    model, c = M.load_folder(a.base)
    model = model.to(dev)
    ctx = M.context_length(c)
    enc = encode_records(read_jsonl(a.jsonl), tok, ctx)
    if not enc:
        raise SystemExit("tune: no usable records in %s" % a.jsonl)
    held = read_jsonl(a.heldout) if a.heldout else []
    before = heldout_answer_loss(model.eval(), tok, held, ctx, dev)
    log("tune: %d training records, %d held-out; held-out answer loss before: %s" % (len(enc), len(held), before))
    p = run_params(a)
    queue = []

    def sampler(prog, rng):
        if not queue:
            queue.extend(bucketed(enc, p["batch"], rng, key=lambda e: len(e[0])))
        return [(e[0], e[1]) for e in queue.pop()]

    steps = a.steps if a.steps is not None else 200
    train_phase(a, "tune", sampler, model, steps, a.minutes if a.minutes is not None else 30.0, p["lr"] * 0.3, warm=0.05,
                weight_ids=torch.tensor([tok.vocab[s] for s in tok.specials if s.startswith("<|s") or s == T.HANDOFF], device=dev),
                weight=a.marker_weight)
    after = heldout_answer_loss(model.eval(), tok, held, ctx, dev)
    log("tune: held-out answer loss %s -> %s" % (before, after))
    export_folder(a, tok, model, c)
    write_json(os.path.join(a.out, "eval.json"), dict(
        base=os.path.basename(os.path.normpath(a.base)), train_records=len(enc), heldout_records=len(held),
        heldout_answer_loss=after, base_heldout_answer_loss=before, steps=steps))
    with open(os.path.join(a.out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write("# %s\n\nFine-tuned from `%s` on %d approved platform examples (%d steps). Held-out answer-token loss "
                "(%d examples never trained on): %s before, %s after.\n" % (
                    os.path.basename(os.path.normpath(a.out)), os.path.basename(os.path.normpath(a.base)), len(enc), steps,
                    len(held), before, after))
    log("tune: done -> %s" % a.out)


# ------------------------------------------------------------------ evaluation

def parse_answer(tok, ids):
    """-> (marker numbers, handoff, text)."""
    text = tok.decode(ids)
    import re
    marks = [int(x) for x in re.findall(r"<\|s(\d+)\|>", text)]
    handoff = "<|handoff|>" in text or not marks
    return marks, handoff, text


def answer_loss(model, tok, ids, p_len, dev):
    x = torch.tensor([ids[:-1]], device=dev)
    logits, _ = model(x, torch.ones_like(x), torch.arange(x.shape[1], device=dev).unsqueeze(0))
    y = torch.tensor(ids[1:], device=dev)
    lp = torch.nn.functional.cross_entropy(logits[0].float(), y, reduction="none")
    return float(lp[p_len - 1:].sum()), len(ids) - p_len


def score_selection(rows):
    """rows: dicts with gold(set), pred(set), gold_handoff, pred_handoff."""
    ans = [r for r in rows if not r["gold_handoff"]]
    exact = sum(1 for r in ans if not r["pred_handoff"] and r["pred"] == r["gold"]) / max(1, len(ans))
    tp = sum(len(r["pred"] & r["gold"]) for r in ans)
    npred = sum(len(r["pred"]) for r in ans)
    ngold = sum(len(r["gold"]) for r in ans)
    tpr = sum(1 for r in rows if r["gold_handoff"] and r["pred_handoff"])
    pr = sum(1 for r in rows if r["pred_handoff"])
    gr = sum(1 for r in rows if r["gold_handoff"])
    return dict(count=len(rows), answerable=len(ans), exact_selection_accuracy=round(exact, 4),
                marker_precision=round(tp / max(1, npred), 4), marker_recall=round(tp / max(1, ngold), 4),
                refusal_precision=round(tpr / max(1, pr), 4), refusal_recall=round(tpr / max(1, gr), 4))


def evaluate_prompts(model, tok, items, dev, ctx, max_new=24):
    rows = []
    stop = {tok.eos_id}
    for it in items:
        ids = tok.encode(it["prompt"])[-(ctx - 1):]
        out = M.greedy(model, ids, min(max_new, ctx - len(ids)), use_cache=True, stop_ids=stop)
        marks, hand, text = parse_answer(tok, out)
        rows.append(dict(it, pred=set(marks), pred_handoff=hand, output=text))
    return rows


def _gold_section(src):
    """-> (file relative to KB_ROOT, lower-cased anchor). A gold_source path is relative to the questions file
    (docs/evaluation.md), and its anchor matches case-insensitively."""
    path, _, anchor = src.partition("#")
    resolved = os.path.normpath(os.path.join(SAMPLE_Q, path))
    if os.path.exists(resolved):
        path = os.path.relpath(resolved, KB_ROOT)
    return path.replace(os.sep, "/"), T.norm_ws(anchor).lower()


def kb_eval_items(tok, ctx, rng, n, kb):
    import re
    qs = read_jsonl(os.path.join(SAMPLE_Q, "questions.jsonl"))[:n]
    items = []
    for q in qs:
        fname, anchor = _gold_section(q.get("gold_source", ""))
        gold = [p for p in kb if p["file"] == fname and anchor in T.norm_ws(p["body"]).lower()]
        if not gold:
            continue
        g = gold[0]
        others = [p for p in kb if p is not g]
        ps = rng.sample(others, 3) + [g]
        rng.shuffle(ps)
        prompt, markers = T.render_prompt([(T.header(p["title"], p["heading"]), p["sentences"]) for p in ps],
                                          q["question"], tok, ctx)
        gi = ps.index(g)
        ga = T.norm_ws(q["gold_answer"])
        gold_m = sorted(m for m, (pi, si, s) in markers.items() if pi == gi and s in ga)
        if fname.startswith("faq/"):
            gold_m = gold_m[:synth.FAQ_GOLD_SENTENCES]  # the training rule for FAQ entries: quoted whole
        gold_m = set(gold_m)
        gold_pass = {m for m, (pi, si, s) in markers.items() if pi == gi}
        items.append(dict(id=q["id"], prompt=prompt, gold=gold_m, gold_passage=gold_pass, gold_handoff=False,
                          first=[m for m, (pi, si, s) in markers.items() if pi == 0]))
    oos = [r for r in read_jsonl(os.path.join(SAMPLE_Q, "oos.jsonl")) if r["label"] == "out_of_scope"][:max(4, n // 2)]
    for r in oos:
        ps = rng.sample(kb, 3)
        prompt, markers = T.render_prompt([(T.header(p["title"], p["heading"]), p["sentences"]) for p in ps], r["text"], tok, ctx)
        items.append(dict(id=r["id"], prompt=prompt, gold=set(), gold_passage=set(), gold_handoff=True, first=[]))
    return items


def cmd_evaluate(a):
    set_threads()
    p = run_params(a)
    tok = load_tok(a)
    model, c = load_trained(a, tok)
    dev = torch.device(a.device)
    ctx = M.context_length(c)
    t0 = time.time()
    n_eval = a.eval_n or p["eval_n"]
    recs = read_jsonl(os.path.join(a.work, "data", "heldout.jsonl"))[:n_eval]
    items = []
    loss_sum, loss_n = 0.0, 0
    with torch.no_grad():
        for rec in recs:
            prompt, answer, info = T.record_to_sequence(rec, tok, ctx)
            if info["lost"]:
                continue
            gold = {i for i in info["items"] if isinstance(i, int)}
            markers = info["markers"]
            first = [m for m, (pi, si, s) in markers.items() if pi == 0]
            p_ids = tok.encode(prompt)
            ids = (p_ids + tok.encode(answer))[: ctx + 1]
            ls, ln = answer_loss(model, tok, ids, len(p_ids), dev)
            loss_sum += ls
            loss_n += ln
            gp = {m for m, (pi, si, s) in markers.items() if gold and pi == markers[min(gold)][0]}
            items.append(dict(id=rec["metadata"].get("index"), prompt=prompt, gold=gold, gold_handoff=info["handoff"],
                              gold_passage=gp, first=first, n_passages=prompt.count(T.PASSAGE),
                              source=rec["metadata"].get("source")))
        rows = evaluate_prompts(model, tok, items, dev, ctx)
        kb = T.load_kb(KB_ROOT)
        kb_rows = evaluate_prompts(model, tok, kb_eval_items(tok, ctx, random.Random(a.seed + 5), min(p["eval_kb"], n_eval), kb), dev, ctx)

    def baselines(rs):
        ans = [r for r in rs if not r["gold_handoff"]]
        b1 = sum(1 for r in ans if set(r["first"][:2]) == r["gold"]) / max(1, len(ans))
        b2 = sum(1 for r in ans if r["first"] and set(r["first"]) >= r["gold"]) / max(1, len(ans))
        return dict(first_passage_first2_exact=round(b1, 4), gold_in_first_passage=round(b2, 4))

    def passage_acc(rs):
        ans = [r for r in rs if not r["gold_handoff"]]
        return round(sum(1 for r in ans if r["pred"] and not r["pred_handoff"] and r["pred"] <= r["gold_passage"]) / max(1, len(ans)), 4)

    held = score_selection(rows)
    held.update(passage_accuracy=passage_acc(rows), answer_token_loss=round(loss_sum / max(1, loss_n), 4),
                baseline=baselines(rows))
    by_k = {}
    for k in sorted({r["n_passages"] for r in rows}):
        sub = [r for r in rows if r["n_passages"] == k]
        by_k[str(k)] = dict(score_selection(sub), passage_accuracy=passage_acc(sub), baseline=baselines(sub))
    held["by_passages"] = by_k
    kbs = score_selection(kb_rows)
    kbs.update(passage_accuracy=passage_acc(kb_rows), baseline=baselines(kb_rows))
    samples = [dict(prompt=r["prompt"][-300:], gold=sorted(r["gold"]), output=r["output"]) for r in rows[:12]]
    res = dict(heldout=held, sample_kb=kbs, seconds=round(time.time() - t0, 1), samples=samples)
    if a.checkpoint:
        write_json(os.path.join(a.work, "eval_checkpoint.json"), res)
    else:
        write_json(os.path.join(a.work, "eval.json"), res)
    if a.out and not a.checkpoint:
        os.makedirs(a.out, exist_ok=True)
        write_json(os.path.join(a.out, "eval.json"), {k: v for k, v in res.items() if k != "samples"})
    log("evaluate: heldout %s" % json.dumps({k: v for k, v in held.items() if k != "by_passages"}))
    log("evaluate: sample-kb %s" % json.dumps(kbs))


# ------------------------------------------------------------------ card, reference, all

def cmd_card(a):
    import card
    card.write_card(a.work, a.out, a)


def cmd_reference(a):
    import reference
    set_threads()
    reference.write_reference(a.model, a.out or os.path.join(a.model, "reference.json"))


def cmd_all(a):
    t0 = time.time()
    set_threads()
    os.makedirs(a.work, exist_ok=True)
    update_meta(a.work, preset=a.preset, arch=a.arch, device=a.device, host=platform.node(),
                cpu_threads=torch.get_num_threads(), torch=torch.__version__,
                gpu=torch.cuda.get_device_name(0) if a.device.startswith("cuda") else None)
    if not os.path.exists(os.path.join(a.work, "data", "heldout.jsonl")):
        cmd_data(a)
    if not os.path.exists(os.path.join(a.work, "tokenizer", "vocab.json")):
        cmd_tokenizer(a)
    pm, fm = a.minutes, a.minutes
    a.minutes = a.pretrain_minutes if a.pretrain_minutes is not None else pm
    cmd_pretrain(a)
    a.minutes = a.finetune_minutes if a.finetune_minutes is not None else fm
    cmd_finetune(a)
    a.minutes = pm
    cmd_export(a)
    cmd_evaluate(a)
    m = run_meta(a.work)
    m.setdefault("wall_seconds_all", 0)
    update_meta(a.work, last_all_seconds=round(time.time() - t0, 1))
    cmd_card(a)
    a.model = a.out
    a_out = a.out
    a.out = os.path.join(a_out, "reference.json")
    cmd_reference(a)
    a.out = a_out
    log("all: done in %.1fs -> %s" % (time.time() - t0, a.out))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(s, out_required=False):
        s.add_argument("--preset", choices=["tiny", "default"], default="default")
        s.add_argument("--arch", choices=["gpt2", "llama"], default="llama")
        s.add_argument("--device", default="cpu", help="cpu | cuda | cuda:N")
        s.add_argument("--work", default=os.path.join(HERE, ".work", "default"), help="data, checkpoints, logs")
        s.add_argument("--out", default=None if not out_required else os.path.join(REPO, "models", "support-gpt"))
        s.add_argument("--seed", type=int, default=1)
        s.add_argument("--vocab", type=int, default=None)
        s.add_argument("--records", type=int, default=None, help="data: fine-tuning records to generate (preset: 24000)")
        s.add_argument("--batch", type=int, default=None,
                       help="rows per step at 256 tokens; longer rows share the budget (preset: 16)")
        s.add_argument("--lr", type=float, default=None, help="peak learning rate of pretraining (preset: 1.5e-3); finetune uses 0.7x of it, tune 0.3x")
        s.add_argument("--steps", type=int, default=None, help="step budget per training phase")
        s.add_argument("--minutes", type=float, default=None, help="time budget per training phase")
        s.add_argument("--pretrain-minutes", type=float, default=None)
        s.add_argument("--finetune-minutes", type=float, default=None)
        s.add_argument("--ckpt-minutes", type=float, default=3.0)
        s.add_argument("--marker-weight", type=float, default=3.0, help="finetune: loss weight of marker/handoff tokens")
        s.add_argument("--init-from", default=None, help="finetune: start from these weights instead of pretrain_done.pt")
        s.add_argument("--eval-n", type=int, default=None, help="evaluate on the first N held-out records")
        s.add_argument("--checkpoint", action="store_true", help="evaluate: use the latest fine-tuning checkpoint")
        s.add_argument("--jsonl", default=None, help="platform fine-tuning JSONL (default: the generated one)")
        s.add_argument("--base", default=None, help="tune: the model folder to start from")
        s.add_argument("--heldout", default=None, help="tune: platform JSONL to score on, never trained on")
        add_attention(s)
        return s

    def add_attention(s):
        s.add_argument("--attention", choices=["fused", "standard"], default="fused",
                       help="ONNX attention: fused (GroupQueryAttention over a shared KV buffer, fastest on CPU) "
                            "or standard (plain ops, any runtime)")

    common(sub.add_parser("data", help="pretraining text + fine-tuning JSONL + held-out JSONL"))
    common(sub.add_parser("tokenizer", help="train the byte-level BPE"))
    common(sub.add_parser("pretrain", help="causal LM on all tokens"))
    common(sub.add_parser("finetune", help="answer-token loss on the platform JSONL, curriculum 1->4 passages"))
    common(sub.add_parser("export", help="ONNX + configs + tokenizer into --out"), True)
    common(sub.add_parser("evaluate", help="held-out selection accuracy + sample KB"), False)
    common(sub.add_parser("card", help="MODEL_CARD.md + loss.png into --out"), True)
    common(sub.add_parser("all", help="the whole chain into --out, resuming from --work"), True)
    common(sub.add_parser("tune", help="fine-tune the model folder --base on --jsonl into --out, scored on --heldout"), True)
    x = sub.add_parser("reexport", help="rewrite model.onnx of --model from its pytorch_model.bin")
    x.add_argument("--model", required=True)
    add_attention(x)
    rnd = sub.add_parser("random", help="a random-weight model of an open family around real tokenizer files")
    rnd.add_argument("--family", choices=sorted(M.LLAMA_FAMILIES), required=True)
    rnd.add_argument("--tokenizer", required=True, help="folder with the model's tokenizer.json and tokenizer_config.json")
    rnd.add_argument("--out", required=True)
    rnd.add_argument("--hidden", type=int, default=64)
    rnd.add_argument("--layers", type=int, default=2)
    rnd.add_argument("--heads", type=int, default=4)
    rnd.add_argument("--kv-heads", type=int, default=2)
    rnd.add_argument("--head-dim", type=int, default=None, help="default hidden/heads; Qwen3 sets its own")
    rnd.add_argument("--context", type=int, default=512)
    rnd.add_argument("--init-std", type=float, default=0.5)
    rnd.add_argument("--seed", type=int, default=1)
    add_attention(rnd)
    r = sub.add_parser("reference", help="reference.json for the C# parity tests")
    r.add_argument("--model", required=True)
    r.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    if a.cmd not in ("reference", "reexport", "random"):
        a.work = os.path.abspath(a.work)
        if a.out:
            a.out = os.path.abspath(a.out)
    {"data": cmd_data, "tokenizer": cmd_tokenizer, "pretrain": cmd_pretrain, "finetune": cmd_finetune,
     "export": cmd_export, "evaluate": cmd_evaluate, "card": cmd_card, "reference": cmd_reference,
     "all": cmd_all, "tune": cmd_tune, "reexport": cmd_reexport, "random": cmd_random}[a.cmd](a)


if __name__ == "__main__":
    main()
