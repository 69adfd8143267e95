"""A small NumPy interpreter for the ONNX ops our export emits (onnx 1.12 has no reference
runtime and onnxruntime is not installed here). It follows the ONNX spec semantics that
matter for the contract, e.g. Reshape's 0 = copy-the-input-dimension rule, so an empty
past (past=0) is exercised the way ONNX Runtime will run it."""
import numpy as np
import onnx
from onnx import numpy_helper

_DT = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64, 10: np.float16}


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def _reshape(x, shape):
    shape = [int(s) for s in shape]
    out = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(out)


def _slice(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) % x.ndim for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    sl = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        n = x.shape[a]
        s, e = int(s), int(e)
        s = max(0, min(n, s + n if s < 0 else s))
        e = max(0, min(n, e + n if e < 0 else e))
        sl[a] = slice(s, e, int(st))
    return x[tuple(sl)]


def _softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)


def _group_query_attention(node, q, k, v, past_k, past_v, seqlens_k, total):
    """com.microsoft GroupQueryAttention as ONNX Runtime's CPU kernel computes it, for one buffer shared by past and
    present: row b holds seqlens_k[b] + 1 positions after this call; the new tokens go at the end of its past."""
    h, hkv = _attr(node, "num_heads"), _attr(node, "kv_num_heads")
    b, s, _ = q.shape
    d = past_k.shape[3]
    first_prompt = s > 1 and s == int(np.asarray(total).reshape(-1)[0])
    present_k, present_v = past_k.copy(), past_v.copy()
    out = np.zeros((b, s, h * d), np.float32)
    for row in range(b):
        length = int(seqlens_k[row]) + 1
        past = 0 if first_prompt else length - s
        present_k[row, :, past:past + s] = k[row].reshape(s, hkv, d).transpose(1, 0, 2)
        present_v[row, :, past:past + s] = v[row].reshape(s, hkv, d).transpose(1, 0, 2)
        qh = q[row].reshape(s, h, d).transpose(1, 0, 2)
        for head in range(h):
            kv = head // (h // hkv)
            scores = qh[head] @ present_k[row, kv, :past + s].T / np.sqrt(d)
            causal = np.arange(past + s)[None, :] <= (past + np.arange(s))[:, None]
            probs = _softmax(np.where(causal, scores, -np.inf), -1)
            out[row, :, head * d:(head + 1) * d] = probs @ present_v[row, kv, :past + s]
    return out, present_k, present_v


def run(model, feeds):
    env = {}
    for init in model.graph.initializer:
        env[init.name] = numpy_helper.to_array(init)
    env.update(feeds)
    for node in model.graph.node:
        i = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            r = numpy_helper.to_array(_attr(node, "value"))
        elif op == "Identity":
            r = i[0]
        elif op == "Shape":
            r = np.array(i[0].shape, dtype=np.int64)
        elif op == "Gather":
            r = np.take(i[0], i[1].astype(np.int64), axis=_attr(node, "axis", 0))
        elif op == "Unsqueeze":
            r = i[0]
            axes = sorted(int(a) % (r.ndim + len(i[1])) for a in i[1])
            for a in axes:
                r = np.expand_dims(r, a)
        elif op == "Squeeze":
            r = np.squeeze(i[0], axis=tuple(int(a) for a in i[1])) if len(i) > 1 else np.squeeze(i[0])
        elif op == "Concat":
            r = np.concatenate(i, axis=_attr(node, "axis"))
        elif op == "Reshape":
            r = _reshape(i[0], i[1])
        elif op == "Cast":
            r = i[0].astype(_DT[_attr(node, "to")])
        elif op in ("Add", "Sub", "Mul", "Div", "Pow", "Equal", "LessOrEqual", "Less", "Greater", "And", "Or"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power,
                 "Equal": np.equal, "LessOrEqual": np.less_equal, "Less": np.less, "Greater": np.greater,
                 "And": np.logical_and, "Or": np.logical_or}[op]
            if op == "Div" and np.issubdtype(i[0].dtype, np.integer):
                r = (i[0] // i[1]).astype(i[0].dtype)
            else:
                r = f(i[0], i[1])
                if op in ("Add", "Sub", "Mul", "Div", "Pow"):
                    r = r.astype(i[0].dtype)
        elif op == "Not":
            r = np.logical_not(i[0])
        elif op == "Neg":
            r = -i[0]
        elif op in ("Sqrt", "Cos", "Sin", "Tanh", "Exp", "Reciprocal"):
            r = {"Sqrt": np.sqrt, "Cos": np.cos, "Sin": np.sin, "Tanh": np.tanh, "Exp": np.exp,
                 "Reciprocal": np.reciprocal}[op](i[0]).astype(i[0].dtype)
        elif op == "Sigmoid":
            r = (1 / (1 + np.exp(-i[0]))).astype(i[0].dtype)
        elif op == "MatMul":
            r = np.matmul(i[0], i[1])
        elif op == "Transpose":
            r = np.transpose(i[0], _attr(node, "perm"))
        elif op == "Slice":
            r = _slice(i[0], i[1], i[2], i[3] if len(i) > 3 else None, i[4] if len(i) > 4 else None)
        elif op == "Where":
            r = np.where(i[0], i[1], i[2])
        elif op in ("ReduceSum", "ReduceMax"):
            f = np.sum if op == "ReduceSum" else np.max
            axes = i[1] if op == "ReduceSum" and len(i) > 1 and i[1] is not None else _attr(node, "axes")
            axes = None if axes is None else tuple(int(a) for a in axes)
            r = np.asarray(f(i[0], axis=axes, keepdims=bool(_attr(node, "keepdims", 1)))).astype(i[0].dtype)
        elif op == "GroupQueryAttention":
            r = _group_query_attention(node, *i[:7])
        elif op == "ReduceMean":
            r = np.mean(i[0], axis=tuple(_attr(node, "axes")), keepdims=bool(_attr(node, "keepdims", 1))).astype(i[0].dtype)
        elif op == "ConstantOfShape":
            v = _attr(node, "value")
            v = numpy_helper.to_array(v) if v is not None else np.zeros(1, np.float32)
            r = np.full([int(s) for s in i[0]], v.reshape(-1)[0], dtype=v.dtype)
        elif op == "Expand":
            shape = [int(s) for s in i[1]]
            r = i[0] * np.ones(shape, dtype=i[0].dtype) if i[0].dtype != np.bool_ else np.broadcast_to(
                i[0], np.broadcast_shapes(i[0].shape, tuple(shape)))
        elif op == "Range":
            r = np.arange(i[0].item(), i[1].item(), i[2].item(), dtype=i[0].dtype)
        elif op == "Softmax":
            r = _softmax(i[0], _attr(node, "axis", -1))
        elif op == "LayerNormalization":
            ax = _attr(node, "axis", -1)
            eps = _attr(node, "epsilon", 1e-5)
            x = i[0]
            axes = tuple(range(ax % x.ndim, x.ndim))
            mu = x.mean(axis=axes, keepdims=True)
            var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
            r = ((x - mu) / np.sqrt(var + eps) * i[1] + (i[2] if len(i) > 2 and i[2] is not None else 0)).astype(x.dtype)
        elif op == "Split":
            ax = _attr(node, "axis", 0)
            if len(i) > 1 and i[1] is not None:
                idx = np.cumsum([int(s) for s in i[1]])[:-1]
                r = np.split(i[0], idx, axis=ax)
            else:
                r = np.split(i[0], len(node.output), axis=ax)
        else:
            raise NotImplementedError(op)
        if len(node.output) == 1:
            env[node.output[0]] = r if isinstance(r, np.ndarray) else np.asarray(r)
        else:
            for name, val in zip(node.output, r):
                env[name] = val
    return {o.name: env[o.name] for o in model.graph.output}


def check_against_torch(folder, atol=1e-4):
    """Runs model.onnx with past=0 (prompt), past>0 (one decode step) and a left-padded batch,
    and compares with the PyTorch weights in the same folder. Returns the max abs differences."""
    import os
    import torch
    import modeling as M
    model, c = M.load_folder(folder)
    n = M.n_layers(c)
    hkv, d = M.kv_shape(c)
    om = onnx.load(os.path.join(folder, "model.onnx"))
    rng = np.random.RandomState(0)
    ids = rng.randint(0, c["vocab_size"], size=(2, 7)).astype(np.int64)
    mask = np.ones((2, 7), np.int64)
    mask[1, :3] = 0
    pos = np.clip(mask.cumsum(1) - 1, 0, None).astype(np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask, "position_ids": pos}
    for li in range(n):
        feeds["past_key_values.%d.key" % li] = np.zeros((2, hkv, 0, d), np.float32)
        feeds["past_key_values.%d.value" % li] = np.zeros((2, hkv, 0, d), np.float32)
    out = run(om, feeds)
    with torch.no_grad():
        tl, tp = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(pos))
    diffs = {"prefill_logits": float(np.abs(out["logits"] - tl.numpy())[:, :, :].max() if False else
                                      max(np.abs(out["logits"][0] - tl.numpy()[0]).max(),
                                          np.abs(out["logits"][1, 3:] - tl.numpy()[1, 3:]).max()))}
    assert out["present.0.key"].shape == (2, hkv, 7, d)
    # one decode step on top of the ONNX presents
    nxt = out["logits"][:, -1].argmax(-1).reshape(2, 1).astype(np.int64)
    feeds2 = {"input_ids": nxt, "attention_mask": np.concatenate([mask, np.ones((2, 1), np.int64)], 1),
              "position_ids": (pos[:, -1:] + 1)}
    for li in range(n):
        feeds2["past_key_values.%d.key" % li] = out["present.%d.key" % li]
        feeds2["past_key_values.%d.value" % li] = out["present.%d.value" % li]
    out2 = run(om, feeds2)
    full_ids = np.concatenate([ids, nxt], 1)
    full_mask = feeds2["attention_mask"]
    full_pos = np.clip(full_mask.cumsum(1) - 1, 0, None)
    with torch.no_grad():
        tl2, _ = model(torch.from_numpy(full_ids), torch.from_numpy(full_mask), torch.from_numpy(full_pos))
    diffs["decode_logits"] = float(np.abs(out2["logits"][:, 0] - tl2.numpy()[:, -1]).max())
    assert out2["present.0.key"].shape == (2, hkv, 8, d)
    # padded row alone must equal the unpadded sequence
    with torch.no_grad():
        solo, _ = model(torch.from_numpy(ids[1:, 3:]), torch.ones(1, 4, dtype=torch.long), torch.arange(4).unsqueeze(0))
    diffs["left_padding"] = float(np.abs(out["logits"][1, 3:] - solo.numpy()[0]).max())
    bad = {k: v for k, v in diffs.items() if not v < atol}
    assert not bad, "ONNX graph differs from PyTorch: %s" % bad
    return diffs


def check_fused_against_torch(folder, atol=1e-4):
    """Runs a fused (shared KV buffer) model.onnx the way the engine does: two prompts of different lengths are
    prefilled one at a time into their rows of one buffer, then both rows decode a step together, right-padded.
    Compares every logit with PyTorch running each sequence alone. Returns the max abs differences."""
    import os
    import torch
    import modeling as M
    model, c = M.load_folder(folder)
    n = M.n_layers(c)
    hkv, d = M.kv_shape(c)
    om = onnx.load(os.path.join(folder, "model.onnx"))
    rng = np.random.RandomState(0)
    prompts = [rng.randint(0, c["vocab_size"], size=7).astype(np.int64), rng.randint(0, c["vocab_size"], size=4).astype(np.int64)]
    buffer = 12
    cache = [np.zeros((2, hkv, buffer, d), np.float32) for _ in range(2 * n)]
    diffs, firsts = {}, []
    for row, ids in enumerate(prompts):
        feeds = {"input_ids": ids[None], "attention_mask": np.ones((1, len(ids)), np.int64),
                 "position_ids": np.arange(len(ids))[None]}
        for t in range(2 * n):
            feeds[("past_key_values.%d.key" if t % 2 == 0 else "past_key_values.%d.value") % (t // 2)] = cache[t][row:row + 1]
        out = run(om, feeds)
        for t in range(2 * n):
            cache[t][row] = out[("present.%d.key" if t % 2 == 0 else "present.%d.value") % (t // 2)][0]
        with torch.no_grad():
            ref, _ = model(torch.from_numpy(ids[None]), torch.ones(1, len(ids), dtype=torch.long), torch.arange(len(ids))[None])
        diffs["prefill_row%d" % row] = float(np.abs(out["logits"][0] - ref.numpy()[0]).max())
        firsts.append(int(out["logits"][0, -1].argmax()))
    lengths = [len(p) for p in prompts]
    mask = np.zeros((2, max(lengths) + 1), np.int64)
    for row, length in enumerate(lengths):
        mask[row, :length + 1] = 1
    feeds = {"input_ids": np.array(firsts, np.int64)[:, None], "attention_mask": mask,
             "position_ids": np.array(lengths, np.int64)[:, None]}
    for t in range(2 * n):
        feeds[("past_key_values.%d.key" if t % 2 == 0 else "past_key_values.%d.value") % (t // 2)] = cache[t]
    out = run(om, feeds)
    assert out["present.0.key"].shape == (2, hkv, buffer, d)
    for row, ids in enumerate(prompts):
        full = np.concatenate([ids, [firsts[row]]])[None]
        with torch.no_grad():
            ref, _ = model(torch.from_numpy(full), torch.ones(1, full.shape[1], dtype=torch.long), torch.arange(full.shape[1])[None])
        diffs["batched_decode_row%d" % row] = float(np.abs(out["logits"][row, 0] - ref.numpy()[0, -1]).max())
    bad = {k: v for k, v in diffs.items() if not v < atol}
    assert not bad, "fused ONNX graph differs from PyTorch: %s" % bad
    return diffs
