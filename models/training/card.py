"""MODEL_CARD.md and loss.png from a run's logs (run.json, log_*.jsonl, eval.json)."""
import json
import os

import bpe
import modeling as M


def _read_log(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def _plot(logs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(logs), figsize=(5 * len(logs), 3.2), dpi=80)
    if len(logs) == 1:
        axes = [axes]
    for ax, (name, rows) in zip(axes, logs):
        if not rows:
            continue
        xs = [r["step"] for r in rows]
        ys = [r["loss"] for r in rows]
        ax.plot(xs, ys, lw=0.6, alpha=0.5, label="batch")
        k = max(1, len(ys) // 50)
        sm = [sum(ys[max(0, i - k):i + 1]) / len(ys[max(0, i - k):i + 1]) for i in range(len(ys))]
        ax.plot(xs, sm, lw=1.5, label="moving mean")
        ax.set_title(name)
        ax.set_xlabel("step")
        ax.set_ylabel("cross-entropy (nats)")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _pct(x):
    return "%.1f %%" % (100 * x) if isinstance(x, (int, float)) else "n/a"


def _verdict(h, k):
    ex, base = h.get("exact_selection_accuracy"), h.get("baseline", {}).get("first_passage_first2_exact")
    pa, pb = h.get("passage_accuracy"), h.get("baseline", {}).get("gold_in_first_passage")
    if ex is None or base is None:
        return ""
    good = ex > base + 0.2 and (pa or 0) > (pb or 0) + 0.2
    if good:
        return "**Status:** the model selects sentences clearly better than always answering from the first passage."
    return ("**Status: not good enough to answer on its own.** Exact selection %s against %s for always taking the "
            "first passage's first two sentences, and the right passage %s of the time against %s for the first "
            "passage, so it has learnt the output format (framing, markers, end, handoff) but only weakly which "
            "passage answers the question, mostly with 1-2 passages. Keep the platform's extractive answer and "
            "retrieval-confidence handoff in front of it; more training (a GPU run of the same recipe) is the next step."
            % (_pct(ex), _pct(base), _pct(pa), _pct(pb)))


def write_card(work, out, args):
    run = json.load(open(os.path.join(work, "run.json")))
    ev = json.load(open(os.path.join(work, "eval.json"))) if os.path.exists(os.path.join(work, "eval.json")) else {}
    pre = _read_log(os.path.join(work, "log_pretrain.jsonl"))
    ft = _read_log(os.path.join(work, "log_finetune.jsonl"))
    ft1 = _read_log(os.path.join(work, "log_finetune_stage1.jsonl"))
    if ft1:  # a restarted fine-tuning schedule: plot both, one step axis
        s1 = run.get("finetune_stage1", {}).get("steps", len(ft1))
        ft = [r for r in ft1 if r["step"] <= s1] + [dict(r, step=r["step"] + s1) for r in ft]
    _plot([("pretrain (all tokens)", pre), ("finetune (answer tokens)", ft)], os.path.join(out, "loss.png"))
    cfg = json.load(open(os.path.join(out, "config.json")))
    c = M.from_hf_config(cfg)
    n_params = M.count_params(M.build_model(c))
    tok = bpe.Tokenizer.load(out)
    d, t, p, f = run.get("data", {}), run.get("tokenizer", {}), run.get("pretrain", {}), run.get("finetune", {})
    h, k = ev.get("heldout", {}), ev.get("sample_kb", {})
    if c["arch"] == "llama":
        arch = ("Llama-style decoder: %d layers, hidden %d, %d attention heads, %d KV heads (GQA), SwiGLU MLP %d, "
                "RMSNorm, RoPE (theta %g), tied embeddings, context %d" % (
                    c["num_hidden_layers"], c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"],
                    c["intermediate_size"], c["rope_theta"], c["max_position_embeddings"]))
    else:
        arch = "GPT-2-style decoder: %d layers, d=%d, %d heads, LayerNorm, GELU, learned positions, tied embeddings, context %d" % (
            c["n_layer"], c["n_embd"], c["n_head"], c["n_positions"])
    f1 = run.get("finetune_stage1")
    if f1:
        f = dict(f)
        for key in ("steps", "tokens", "loss_tokens", "wall_seconds"):
            f[key] = (f.get(key) or 0) + (f1.get(key) or 0)
    wall = (p.get("wall_seconds", 0) or 0) + (f.get("wall_seconds", 0) or 0)
    lines = [
        "# %s" % os.path.basename(out.rstrip("/")),
        "",
        "A small support model for the platform's `support-gpt-v1` template: given retrieved passages whose sentences "
        "carry markers `<|s1|>`..`<|s32|>` and a visitor question, it answers with an optional short framing phrase "
        "and the markers of the sentences that answer the question (the engine expands each marker into the sentence "
        "text, so answer content is grounded by construction), or with a short refusal and `<|handoff|>` when the "
        "passages do not answer. It is not a general chat model. Trained from scratch with `models/training/recipe.py`.",
        "",
        "## Figures",
        "",
        "| | |",
        "| --- | --- |",
        "| architecture | %s |" % arch,
        "| parameters | %s (%.2f M) |" % ("{:,}".format(n_params), n_params / 1e6),
        "| tokenizer | byte-level BPE (GPT-2 regex and byte table), %d tokens: 256 bytes, %d specials, %d merges |" % (
            len(tok), len(tok.specials), len(tok.merges)),
        "| pretraining data | %s documents (%s characters: sample KB Markdown, synthetic FAQ pages and dialogues) + %s template sequences |" % (
            d.get("pretrain_docs"), "{:,}".format(d.get("pretrain_chars", 0)), run.get("pretrain_data", {}).get("template_sequences")),
        "| fine-tuning data | %s platform JSONL records (%s unanswerable), %s held-out records (another seed, held-out topics) |" % (
            d.get("finetune_records"), _pct(d.get("unanswerable_share")), d.get("heldout_records")),
        "| pretraining | %s steps, %s tokens seen, %.1f min |" % (p.get("steps"), "{:,}".format(p.get("tokens", 0)), (p.get("wall_seconds", 0) or 0) / 60),
        "| fine-tuning | %s steps, %s tokens seen (%s in the loss), %.1f min |" % (
            f.get("steps"), "{:,}".format(f.get("tokens", 0)), "{:,}".format(f.get("loss_tokens", 0)), (f.get("wall_seconds", 0) or 0) / 60),
        "| training wall time | %.1f min on %s (torch %s, %s threads) |" % (wall / 60, run.get("gpu") or "CPU", run.get("torch"), run.get("cpu_threads")),
        "| seed | %s |" % d.get("seed"),
    ] + (["| fine-tuning history | %s |" % f1.get("note")] if f1 else []) + [
        "",
        "![loss](loss.png)",
        "",
        "## Evaluation",
        "",
        "Held-out slice: %s records generated with another seed, including FAQ topics and product attributes never used in "
        "training, 1-4 passages each, about 17 %% unanswerable. Greedy decoding with the KV cache." % h.get("count"),
        "",
        "| metric | held-out | sample KB (`tests/data/sample-kb`, gold passage + 3 random distractors; out-of-scope questions with 3 random passages) |",
        "| --- | --- | --- |",
        "| exact sentence selection (answerable) | %s | %s |" % (_pct(h.get("exact_selection_accuracy")), _pct(k.get("exact_selection_accuracy"))),
        "| baseline: first passage, first two sentences | %s | %s |" % (
            _pct(h.get("baseline", {}).get("first_passage_first2_exact")), _pct(k.get("baseline", {}).get("first_passage_first2_exact"))),
        "| right passage (all selected markers in the gold passage) | %s | %s |" % (_pct(h.get("passage_accuracy")), _pct(k.get("passage_accuracy"))),
        "| baseline: gold is in the first passage | %s | %s |" % (
            _pct(h.get("baseline", {}).get("gold_in_first_passage")), _pct(k.get("baseline", {}).get("gold_in_first_passage"))),
        "| marker precision / recall | %s / %s | %s / %s |" % (_pct(h.get("marker_precision")), _pct(h.get("marker_recall")),
                                                              _pct(k.get("marker_precision")), _pct(k.get("marker_recall"))),
        "| refusal precision / recall | %s / %s | %s / %s |" % (_pct(h.get("refusal_precision")), _pct(h.get("refusal_recall")),
                                                               _pct(k.get("refusal_precision")), _pct(k.get("refusal_recall"))),
        "| answer-token loss (nats/token) | %s | |" % h.get("answer_token_loss"),
        "| examples | %s | %s |" % (h.get("count"), k.get("count")),
        "",
        _verdict(h, k),
        "",
        "By number of passages in the prompt (held-out): " + ", ".join(
            "%s: %s exact (first-passage baseline %s)" % (kk, _pct(v.get("exact_selection_accuracy")),
                                                        _pct(v.get("baseline", {}).get("first_passage_first2_exact")))
            for kk, v in sorted(h.get("by_passages", {}).items())) + ".",
        "",
        "## Prompt template `support-gpt-v1`",
        "",
        "```",
        "<|endoftext|><|passage|> {Title} > {Heading}<|s1|> {sentence}<|s2|> {sentence}<|passage|> {Title2} > {Heading2}<|s3|> {sentence} ... <|question|> {question}<|answer|>",
        "```",
        "",
        "Answer: optional framing text (` Sure!`, ` Here's what I found:`, ` Good question.`, ` Happy to help!`, "
        "` Thanks for asking.`), then `<|sN|>` markers, then `<|endoftext|>`; or a refusal (` I'm not sure about that, and I "
        "don't want to guess.` and two more) followed by `<|handoff|><|endoftext|>`. See `models/README.md`.",
        "",
        "Special token ids: " + ", ".join("`%s`=%d" % (s, tok.vocab[s]) for s in tok.specials[:5] + tok.specials[-2:])
        + ", `<|s1|>`..`<|s32|>` = %d..%d." % (tok.vocab["<|s1|>"], tok.vocab["<|s32|>"]),
        "",
        "## Files",
        "",
        "`model.onnx` (opset 17, fp32, Optimum decoder-with-past I/O; fused attention over a shared KV buffer unless exported with `--attention standard`), `config.json`, `generation_config.json`, "
        "`vocab.json`, `merges.txt`, `tokenizer_config.json`, `pytorch_model.bin` (Hugging Face parameter names), "
        "`eval.json`, `reference.json` (C# parity fixture), `loss.png`.",
        "",
        "## Limitations",
        "",
        "Trained for well under an hour on a 2-core CPU on mostly synthetic data. It selects sentences; it cannot "
        "paraphrase, and it only knows what the passages say. The refusal decision is learned from synthetic "
        "unanswerable examples and should be combined with the platform's retrieval-confidence handoff policy.",
    ]
    with open(os.path.join(out, "MODEL_CARD.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
