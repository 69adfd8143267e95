"""torch.onnx.export into the Optimum decoder-with-past contract (opset 17, fp32, one file), with standard attention
(export) or fused attention over a shared KV buffer (export_fused)."""
import inspect
import warnings

import onnx
import torch

import modeling as M


class _Wrapper(torch.nn.Module):
    def __init__(self, model, n_layers):
        super().__init__()
        self.model = model
        self.n = n_layers

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        flat = []
        for k, v in presents:
            flat += [k, v]
        return (logits, *flat)


def _torchscript_exporter():
    """PyTorch 2.9 and later export through dynamo by default, which ignores the symbolic() that emits
    GroupQueryAttention and names inputs its own way; both graphs here are written for the TorchScript exporter."""
    return {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def io_names(n):
    ins = ["input_ids", "attention_mask", "position_ids"]
    outs = ["logits"]
    for i in range(n):
        ins += ["past_key_values.%d.key" % i, "past_key_values.%d.value" % i]
        outs += ["present.%d.key" % i, "present.%d.value" % i]
    return ins, outs


def dynamic_axes(n, past, present):
    """Batch and sequence axes are dynamic; the cache's length axis is named past/present by the layout."""
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    for i in range(n):
        for kind in ["key", "value"]:
            dyn["past_key_values.%d.%s" % (i, kind)] = {0: "batch", 2: past}
            dyn["present.%d.%s" % (i, kind)] = {0: "batch", 2: present}
    return dyn


def export(model, c, path):
    model = model.eval().cpu()
    n = M.n_layers(c)
    hkv, d = M.kv_shape(c)
    b, s, past = 2, 3, 4
    ids = torch.randint(0, c["vocab_size"], (b, s))
    mask = torch.ones(b, past + s, dtype=torch.long)
    mask[1, :2] = 0
    pos = torch.arange(past, past + s).unsqueeze(0).repeat(b, 1)
    pkv = []
    for _ in range(n):
        pkv += [torch.randn(b, hkv, past, d), torch.randn(b, hkv, past, d)]
    ins, outs = io_names(n)
    dyn = dynamic_axes(n, past="past", present="total")
    with torch.no_grad():
        torch.onnx.export(_Wrapper(model, n), (ids, mask, pos, *pkv), path, input_names=ins, output_names=outs,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=True, **_torchscript_exporter())
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return path


# ------------------------------------------------------------------ fused attention with a shared KV buffer
#
# The same weights and I/O names, but each layer's attention is one com.microsoft GroupQueryAttention node that
# reads the past from, and writes the new keys/values into, one buffer per layer of shape
# [batch, kv_heads, max_length, head_dim] that the caller binds as both past_key_values.N.* and present.N.*.
# Rows are right-padded: row b's cache is its first sum(attention_mask[b]) - 1 positions, so rows of different
# lengths decode together without relayout, and a step copies no cache at all (the standard export concatenates
# the whole past into a new present every step). The graph says so in its metadata (KV_LAYOUT_KEY), which is how
# the engine picks its decoder.

KV_LAYOUT_KEY = "kv_cache_layout"
KV_LAYOUT_SHARED = "shared-buffer"


class _GroupQueryAttention(torch.autograd.Function):
    """Traced as one GroupQueryAttention node; forward only has to give the outputs their shapes."""

    @staticmethod
    def forward(ctx, q, k, v, past_k, past_v, seqlens_k, total, num_heads, kv_heads):
        return q.clone(), past_k.clone(), past_v.clone()

    @staticmethod
    def symbolic(g, q, k, v, past_k, past_v, seqlens_k, total, num_heads, kv_heads):
        return g.op("com.microsoft::GroupQueryAttention", q, k, v, past_k, past_v, seqlens_k, total,
                    num_heads_i=num_heads, kv_num_heads_i=kv_heads, outputs=3)


class _FusedWrapper(torch.nn.Module):
    def __init__(self, model, c):
        super().__init__()
        self.model = model
        self.c = c

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        lengths = attention_mask.sum(dim=1)
        seqlens_k = (lengths - 1).to(torch.int32)
        total = lengths.max().to(torch.int32)
        if self.c["arch"] == "gpt2":
            return self._gpt2(input_ids, position_ids, past_flat, seqlens_k, total)
        return self._llama(input_ids, position_ids, past_flat, seqlens_k, total)

    def _llama(self, input_ids, position_ids, past_flat, seqlens_k, total):
        m = self.model
        x = m.model.embed_tokens(input_ids)
        freqs = position_ids.to(torch.float32).unsqueeze(-1) * m.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(2)  # [b, s, 1, d]: rotary applied in [b, s, h, d]
        cos, sin = emb.cos(), emb.sin()
        presents = []
        for i, layer in enumerate(m.model.layers):
            at = layer.self_attn
            h = layer.input_layernorm(x)
            b, s = h.shape[0], h.shape[1]
            q, k = at.heads(h)
            q = (q * cos + M.rotate_half(q) * sin).reshape(b, s, at.h * at.d)
            k = (k * cos + M.rotate_half(k) * sin).reshape(b, s, at.hkv * at.d)
            y, pk, pv = _GroupQueryAttention.apply(q, k, at.v_proj(h), past_flat[2 * i], past_flat[2 * i + 1],
                                                   seqlens_k, total, at.h, at.hkv)
            x = x + at.o_proj(y)
            x = x + layer.mlp(layer.post_attention_layernorm(x))
            presents += [pk, pv]
        return (m.lm_head(m.model.norm(x)), *presents)

    def _gpt2(self, input_ids, position_ids, past_flat, seqlens_k, total):
        t = self.model.transformer
        x = t.wte(input_ids) + t.wpe(position_ids)
        presents = []
        for i, blk in enumerate(t.h):
            at = blk.attn
            q, k, v = at.c_attn(blk.ln_1(x)).split(x.shape[-1], dim=2)
            y, pk, pv = _GroupQueryAttention.apply(q, k, v, past_flat[2 * i], past_flat[2 * i + 1], seqlens_k, total,
                                                   at.h, at.h)
            x = x + at.c_proj(y)
            x = x + blk.mlp(blk.ln_2(x))
            presents += [pk, pv]
        return (self.model.lm_head(t.ln_f(x)), *presents)


def export_fused(model, c, path):
    model = model.eval().cpu()
    n = M.n_layers(c)
    hkv, d = M.kv_shape(c)
    b, s, buffer = 1, 3, 8
    ids = torch.randint(0, c["vocab_size"], (b, s))
    mask = torch.ones(b, s, dtype=torch.long)
    pos = torch.arange(s).unsqueeze(0)
    pkv = [torch.zeros(b, hkv, buffer, d) for _ in range(2 * n)]
    ins, outs = io_names(n)
    dyn = dynamic_axes(n, past="max_length", present="max_length")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(shape inference of com.microsoft|_graph_op. is deprecated).*")
        torch.onnx.export(_FusedWrapper(model, c), (ids, mask, pos, *pkv), path, input_names=ins, output_names=outs,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=True,
                          custom_opsets={"com.microsoft": 1}, **_torchscript_exporter())
    m = onnx.load(path)
    # the custom op has no shape inference in torch 1.13, so the outputs' fixed dimensions are written here
    fixed = {"logits": [None, None, c["vocab_size"]]}
    for i in range(n):
        for kind in ["key", "value"]:
            fixed["present.%d.%s" % (i, kind)] = [None, hkv, None, d]
    for output in m.graph.output:
        for dim, size in zip(output.type.tensor_type.shape.dim, fixed[output.name]):
            if size is not None:
                dim.ClearField("dim_param")
                dim.dim_value = size
    entry = m.metadata_props.add()
    entry.key, entry.value = KV_LAYOUT_KEY, KV_LAYOUT_SHARED
    onnx.save(m, path)
    onnx.checker.check_model(m)
    return path


def kv_layout(path):
    """KV_LAYOUT_SHARED for a fused export, "concat" for the standard one."""
    m = onnx.load(path, load_external_data=False)
    return next((p.value for p in m.metadata_props if p.key == KV_LAYOUT_KEY), "concat")


# ------------------------------------------------------------------ genai_config.json for onnxruntime-genai
#
# Both exports keep the Optimum I/O names, so onnxruntime-genai can run the same model.onnx: its genai_config.json
# only has to name them and say whether past and present share one buffer. `bench generate` runs it side by side
# with the engine on the same file.

def genai_config(c, attention):
    """The genai_config.json of an export of c: its shape, I/O names and cache layout; greedy search by default."""
    h = M.hf_config(c)
    n = M.n_layers(c)
    hkv, d = M.kv_shape(c)
    heads = c["n_head"] if c["arch"] == "gpt2" else c["num_attention_heads"]
    hidden = c["n_embd"] if c["arch"] == "gpt2" else c["hidden_size"]
    context = M.context_length(c)
    return {
        "model": {
            "type": h["model_type"],
            "bos_token_id": h["bos_token_id"],
            "eos_token_id": h["eos_token_id"],
            "pad_token_id": h["eos_token_id"][0] if isinstance(h["eos_token_id"], list) else h["eos_token_id"],
            "vocab_size": h["vocab_size"],
            "context_length": context,
            "decoder": {
                "filename": "model.onnx",
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "head_size": d,
                "hidden_size": hidden,
                "num_attention_heads": heads,
                "num_key_value_heads": hkv,
                "num_hidden_layers": n,
                "inputs": {
                    "input_ids": "input_ids",
                    "attention_mask": "attention_mask",
                    "position_ids": "position_ids",
                    "past_key_names": "past_key_values.%d.key",
                    "past_value_names": "past_key_values.%d.value",
                },
                "outputs": {
                    "logits": "logits",
                    "present_key_names": "present.%d.key",
                    "present_value_names": "present.%d.value",
                },
            },
        },
        "search": {
            "do_sample": False, "early_stopping": True, "length_penalty": 1.0, "max_length": context, "min_length": 0,
            "num_beams": 1, "num_return_sequences": 1, "past_present_share_buffer": attention == "fused",
            "repetition_penalty": 1.0, "temperature": 1.0, "top_k": 1, "top_p": 1.0,
        },
    }
