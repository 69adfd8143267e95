"""PyTorch eager baseline for `Platform.Cli bench generate`.

Loads a model folder's pytorch_model.bin into the recipe's own model class (modeling.py), then times, with a KV
cache, in eager mode under torch.inference_mode(), the same prompt ids the engine is given:
  - time to first token: one prefill of the prompt plus the greedy pick of the first token (median of --runs);
  - decode tokens/s at each stream count: the prompt repeated per stream, prefilled as one batch (not timed), then
    --new-tokens - 1 greedy steps for the whole batch (timed; median of --runs).
Prints one JSON object on stdout. Run with Debian's interpreter (it has torch):
  /usr/bin/python3 models/training/bench_torch.py --model models/support-gpt --prompt-ids ids.json --new-tokens 64 --streams 1,4,16
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modeling as M  # noqa: E402


def prefill(model, ids, streams):
    x = torch.tensor([ids] * streams, dtype=torch.long)
    mask = torch.ones_like(x)
    pos = torch.arange(len(ids), dtype=torch.long).unsqueeze(0).expand(streams, -1)
    logits, past = model(x, mask, pos, None)
    return logits[:, -1].argmax(-1), past


def decode(model, first, past, prompt_len, steps):
    """steps greedy steps for the batch; returns the generated ids [batch, steps + 1] (first token included)."""
    batch = first.shape[0]
    out = [first]
    nxt = first
    for i in range(steps):
        total = prompt_len + i + 1
        mask = torch.ones(batch, total, dtype=torch.long)
        pos = torch.full((batch, 1), total - 1, dtype=torch.long)
        logits, past = model(nxt.unsqueeze(1), mask, pos, past)
        nxt = logits[:, -1].argmax(-1)
        out.append(nxt)
    return torch.stack(out, dim=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model folder with config.json and pytorch_model.bin")
    ap.add_argument("--prompt-ids", required=True, help="JSON file: a list of token ids")
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--streams", default="1,4,16")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args(argv)

    torch.set_num_threads(a.threads)
    with open(a.prompt_ids) as f:
        ids = [int(i) for i in json.load(f)]
    model, c = M.load_folder(a.model)
    ctx = M.context_length(c)
    if len(ids) + a.new_tokens > ctx:
        raise SystemExit("prompt (%d) + new tokens (%d) exceed the model's context (%d)" % (len(ids), a.new_tokens, ctx))
    streams = [int(s) for s in a.streams.split(",") if s.strip()]
    steps = a.new_tokens - 1

    with torch.inference_mode():
        # warm-up: allocator, thread pool and kernels see every shape class once
        first, past = prefill(model, ids, max(streams))
        decode(model, first, past, len(ids), min(steps, 8))

        ttft = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            first, _ = prefill(model, ids, 1)
            int(first[0])
            ttft.append((time.perf_counter() - t0) * 1000.0)

        greedy = None
        results = []
        for s in streams:
            rates = []
            for _ in range(a.runs):
                first, past = prefill(model, ids, s)
                t0 = time.perf_counter()
                out = decode(model, first, past, len(ids), steps)
                elapsed = time.perf_counter() - t0
                rates.append(s * steps / elapsed if elapsed > 0 else 0.0)
                if greedy is None:
                    greedy = [int(t) for t in out[0]]
            rate = statistics.median(rates)
            results.append({"streams": s, "tokens_per_s": rate, "per_stream_tokens_per_s": rate / s, "runs_tokens_per_s": rates})

    json.dump({
        "engine": "pytorch-eager",
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "model": os.path.basename(os.path.abspath(a.model)),
        "prompt_tokens": len(ids),
        "new_tokens": a.new_tokens,
        "ttft_ms": statistics.median(ttft),
        "ttft_runs_ms": ttft,
        "decode": results,
        "greedy_ids": greedy or [],
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
