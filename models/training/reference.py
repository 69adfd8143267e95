"""reference.json for the C# parity tests: tokenizer ids, logits and greedy ids (cached and uncached)."""
import json
import os

import torch

import bpe
import modeling as M

CASES = [
    "Hello, how are you?",
    "<|endoftext|><|passage|> Ridgeline Outfitters > How do I track my order?<|s1|> As soon as your order ships we email you a tracking link.<|s2|> Tracking can take up to 24 hours.<|question|> where is my package??<|answer|>",
    "Café déjà vu — naïve résumé 🙂🚀 and 日本語のテキスト, 中文, 한국어.",
    "Order RO-12345 costs $1,299.99 (incl. 8.25% tax) on 2025-03-01 at 10:30am!!! Call 1-800-555-0142.",
    "Multiple   spaces\tand tabs\n\nand new\nlines   \n  trailing  ",
    "<|im_start|>user\nwhat's up? I'm fine, you'll see, they've, we'd<|im_end|>\n<|im_start|>assistant\n",
    "<|endoftext|><|passage|> Summit 2 Tent<|s1|> The Summit 2 Tent costs $349.<|passage|> Return Policy > Refunds<|s2|> Refunds are issued within 3 business days.<|question|> how much is the tent<|answer|> Sure!<|s1|><|endoftext|>",
    "don't WON'T it's  'quoted' \"double\" [brackets] {braces} <tags> a+b=c; x/y*z | pipes ~tilde` `",
    " leading space and ends with space ",
    "<|handoff|><|s32|><|s10|>text<|question|>",
    "Ünïcödé ŞĞÇ ß ø å æ œ ﬁ ligature, Ελληνικά, русский текст, עברית, العربية",
    "\n\n\n",
]


@torch.no_grad()
def write_reference(folder, out_path, n_greedy=16):
    tok = bpe.Tokenizer.load(folder)
    model, c = M.load_folder(folder)
    cases = []
    for text in CASES:
        ids = tok.encode(text)
        assert tok.decode(ids) == text, "round trip failed for %r" % text
        x = torch.tensor([ids])
        logits, _ = model(x, torch.ones_like(x), torch.arange(len(ids)).unsqueeze(0))
        last = logits[0, -1]
        sums = []
        g = M.greedy(model, ids, n_greedy, use_cache=True, step_sums=sums)
        g2 = M.greedy(model, ids, n_greedy, use_cache=False)
        assert g == g2, "cached and uncached greedy differ for %r: %s vs %s" % (text, g, g2)
        cases.append({"text": text, "input_ids": ids, "last_logits": [round(float(v), 6) for v in last[:64]],
                      "logits_argmax": int(last.argmax()), "logits_sum": round(float(last.sum()), 4),
                      "greedy_ids": g, "greedy_ids_nocache": g2,
                      "greedy_step_logits_sum": [round(v, 4) for v in sums]})
    # a left-padded batch, so the engine's attention_mask/position_ids handling is checked too
    a_ids, b_ids = tok.encode(CASES[0]), tok.encode(CASES[3])
    L = max(len(a_ids), len(b_ids))
    pad = tok.eos_id
    rows, masks = [], []
    for ids in (a_ids, b_ids):
        rows.append([pad] * (L - len(ids)) + ids)
        masks.append([0] * (L - len(ids)) + [1] * len(ids))
    m = torch.tensor(masks)
    pos = (m.cumsum(1) - 1).clamp(min=0)
    logits, _ = model(torch.tensor(rows), m, pos)
    batch = {"texts": [CASES[0], CASES[3]], "input_ids": rows, "attention_mask": masks, "position_ids": pos.tolist(),
             "last_logits": [[round(float(v), 6) for v in logits[i, -1, :64]] for i in range(2)],
             "logits_argmax": [int(logits[i, -1].argmax()) for i in range(2)]}
    for i, ids in enumerate((a_ids, b_ids)):
        solo, _ = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), torch.arange(len(ids)).unsqueeze(0))
        assert torch.allclose(solo[0, -1], logits[i, -1], atol=1e-4), "left padding changes logits"
    ref = {"model": os.path.basename(os.path.abspath(folder)), "atol": 1e-3,
           "position_ids": "arange over real tokens: cumsum(attention_mask) - 1, padding rows 0",
           "special_tokens": {s: tok.vocab[s] for s in tok.specials}, "cases": cases, "padded_batch": batch}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False, indent=1)
    return out_path
