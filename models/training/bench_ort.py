"""Batched decoding of a fused-attention model folder with ONNX Runtime for Python, on the CPU provider: the same graph
and kernels the C# engine runs, for machines that have Python but no .NET (the GPU machine the recipe trains on).

Like `Platform.Cli bench generate`: a 300-token prompt per stream (random ids, fixed seed), prefilled as one batch into
a shared KV buffer bound as both past and present (no copies), then greedy steps for the whole batch; prints one JSON
object with time to first token (1 stream) and decode tokens/s per stream count, median of --runs.
  python3 models/training/bench_ort.py --model models/support-gpt --threads 2 --streams 1,4,16
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import onnxruntime as ort


def session(path, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def run_batch(sess, cfg, prompt, streams, new_tokens, max_length):
    layers = cfg["num_hidden_layers"]
    kv = cfg.get("num_key_value_heads", cfg["num_attention_heads"])
    hd = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    binding = sess.io_binding()
    buffers = [ort.OrtValue.ortvalue_from_numpy(np.zeros((streams, kv, max_length, hd), np.float32)) for _ in range(2 * layers)]
    for i in range(layers):
        for j, kind in enumerate(("key", "value")):
            binding.bind_ortvalue_input("past_key_values.%d.%s" % (i, kind), buffers[2 * i + j])
            binding.bind_ortvalue_output("present.%d.%s" % (i, kind), buffers[2 * i + j])

    logits = {}  # one output buffer per step length, allocated once

    def step(ids, total):
        n = ids.shape[1]
        if n not in logits:
            logits[n] = ort.OrtValue.ortvalue_from_numpy(np.zeros((streams, n, cfg["vocab_size"]), np.float32))
        binding.bind_cpu_input("input_ids", ids)
        binding.bind_cpu_input("attention_mask", np.ones((streams, total), np.int64))
        binding.bind_cpu_input("position_ids", np.tile(np.arange(total - n, total, dtype=np.int64), (streams, 1)))
        binding.bind_ortvalue_output("logits", logits[n])
        sess.run_with_iobinding(binding)
        return logits[n].numpy()[:, -1].argmax(-1)

    ids = np.tile(np.asarray(prompt, np.int64), (streams, 1))
    t0 = time.perf_counter()
    nxt = step(ids, len(prompt))
    ttft = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(new_tokens - 1):
        nxt = step(nxt.reshape(streams, 1).astype(np.int64), len(prompt) + i + 1)
    return ttft, streams * (new_tokens - 1) / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--streams", default="1,4,16")
    ap.add_argument("--prompt-tokens", type=int, default=300)
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with open(os.path.join(a.model, "config.json")) as f:
        cfg = json.load(f)
    sess = session(os.path.join(a.model, "model.onnx"), a.threads)
    if sess.get_modelmeta().custom_metadata_map.get("kv_cache_layout") != "shared-buffer":
        raise SystemExit("bench_ort.py times the fused export (kv_cache_layout=shared-buffer) only")
    prompt = np.random.default_rng(1).integers(300, cfg["vocab_size"], a.prompt_tokens).tolist()
    max_length = a.prompt_tokens + a.new_tokens
    run_batch(sess, cfg, prompt, 1, 4, max_length)  # warm-up
    result = dict(model=a.model, threads=a.threads, onnxruntime=ort.__version__, prompt_tokens=a.prompt_tokens,
                  new_tokens=a.new_tokens, runs=a.runs, decode_tokens_per_second={})
    for streams in [int(s) for s in a.streams.split(",")]:
        runs = [run_batch(sess, cfg, prompt, streams, a.new_tokens, max_length) for _ in range(a.runs)]
        if streams == 1:
            result["time_to_first_token_ms"] = round(1000 * statistics.median(r[0] for r in runs), 2)
        result["decode_tokens_per_second"][str(streams)] = round(statistics.median(r[1] for r in runs), 1)
    one = result["decode_tokens_per_second"].get("1")
    if one:
        result["aggregate_over_single"] = {k: round(v / one, 2) for k, v in result["decode_tokens_per_second"].items()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
