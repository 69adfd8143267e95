"""GPT-2 and Llama-style decoders with an explicit KV cache, written so that one forward
traces to the Optimum decoder-with-past ONNX contract. Parameter names follow Hugging Face's
GPT2LMHeadModel / LlamaForCausalLM so pytorch_model.bin also loads there."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # tiny: seconds on a laptop CPU; proves the pipeline, not quality. Head size 8: ONNX Runtime's fused
    # GroupQueryAttention (the default export) takes head sizes that are multiples of 8.
    ("tiny", "gpt2"): dict(arch="gpt2", vocab_size=360, n_positions=256, n_embd=48, n_layer=2, n_head=6),
    ("tiny", "llama"): dict(arch="llama", vocab_size=360, max_position_embeddings=256, hidden_size=48,
                            intermediate_size=128, num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=3),
    ("default", "gpt2"): dict(arch="gpt2", vocab_size=3072, n_positions=512, n_embd=256, n_layer=4, n_head=8),
    ("default", "llama"): dict(arch="llama", vocab_size=3072, max_position_embeddings=512, hidden_size=256,
                               intermediate_size=688, num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=4),
}


def make_config(preset, arch, vocab_size, bos, eos):
    c = dict(PRESETS[(preset, arch)])
    c["vocab_size"] = vocab_size
    if arch == "gpt2":
        c.update(layer_norm_epsilon=1e-5)
    else:
        c.update(rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True)
    c.update(bos_token_id=bos, eos_token_id=eos)
    return c


def hf_config(c):
    if c["arch"] == "gpt2":
        keys = ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head", "layer_norm_epsilon", "bos_token_id", "eos_token_id"]
        out = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}
        out.update({k: c[k] for k in keys})
        out.update(n_ctx=c["n_positions"], n_inner=None, activation_function="gelu_new", tie_word_embeddings=True)
    else:
        keys = ["vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "rope_theta", "bos_token_id",
                "eos_token_id", "tie_word_embeddings"]
        family = c.get("model_type", "llama")
        out = {"model_type": family, "architectures": [LLAMA_FAMILIES[family]]}
        out.update({k: c[k] for k in keys})
        out.update(hidden_act="silu", head_dim=head_dim(c))
        if family != "qwen2":  # Qwen2's q/k/v always carry a bias; its config has no switch for it
            out["attention_bias"] = attention_bias(c)
    out["torch_dtype"] = "float32"
    return out


# Llama-shaped families this module builds, by Hugging Face model_type: Qwen2 adds a bias to q/k/v, Qwen3 an RMSNorm
# over each head of q and k (before rotary) and a head size of its own.
LLAMA_FAMILIES = {"llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM"}


def from_hf_config(h):
    c = dict(h)
    if h["model_type"] != "gpt2" and h["model_type"] not in LLAMA_FAMILIES:
        raise ValueError("model_type %r: this recipe builds gpt2, %s" % (h["model_type"], ", ".join(LLAMA_FAMILIES)))
    c["arch"] = "gpt2" if h["model_type"] == "gpt2" else "llama"
    return c


def head_dim(c):
    return c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]


def attention_bias(c):
    return c.get("model_type") == "qwen2" or bool(c.get("attention_bias", False))


def qk_norm(c):
    return c.get("model_type") == "qwen3"


def build_model(c):
    return GPT2LM(c) if c["arch"] == "gpt2" else LlamaLM(c)



def load_folder(folder):
    """The model of a model folder (config.json + pytorch_model.bin), in eval mode, with its config."""
    import json
    import os
    with open(os.path.join(folder, "config.json")) as f:
        c = from_hf_config(json.load(f))
    model = build_model(c)
    model.load_state_dict(torch.load(os.path.join(folder, "pytorch_model.bin"), map_location="cpu"))
    return model.eval(), c

def n_layers(c):
    return c["n_layer"] if c["arch"] == "gpt2" else c["num_hidden_layers"]


def kv_shape(c):
    if c["arch"] == "gpt2":
        return c["n_head"], c["n_embd"] // c["n_head"]
    return c["num_key_value_heads"], head_dim(c)


def context_length(c):
    return c["n_positions"] if c["arch"] == "gpt2" else c["max_position_embeddings"]


def attention_allowed(attention_mask, seq_len):
    """[b, 1, seq, past+seq] bool: key j visible to query t iff mask[b, j] == 1 and j <= past + t."""
    total = attention_mask.shape[1]
    kpos = torch.arange(total, device=attention_mask.device)
    qpos = torch.arange(seq_len, device=attention_mask.device) + (total - seq_len)
    causal = kpos.unsqueeze(0) <= qpos.unsqueeze(1)
    return causal.unsqueeze(0).unsqueeze(0) & (attention_mask == 1).unsqueeze(1).unsqueeze(2)


def attend(q, k, v, allowed, h, hkv, d):
    """h, hkv, d are the static head counts and head size (Python ints, never traced)."""
    if hkv != h:
        rep = h // hkv
        b, t = k.shape[0], k.shape[2]
        k = k.unsqueeze(2).expand(b, hkv, rep, t, d).reshape(b, h, t, d)
        v = v.unsqueeze(2).expand(b, hkv, rep, t, d).reshape(b, h, t, d)
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d))
    # replace (not add) with a finite minimum: fully padded rows give a uniform row, never NaN
    scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
    probs = torch.softmax(scores, dim=-1)
    return torch.matmul(probs, v)


# ------------------------------------------------------------------ GPT-2

class Conv1D(nn.Module):
    """HF GPT-2's transposed linear (weight [in, out])."""

    def __init__(self, nf, nx):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nx, nf).normal_(std=0.02))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))


class GPT2Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.h = c["n_head"]
        self.d = c["n_embd"] // c["n_head"]
        self.c_attn = Conv1D(3 * c["n_embd"], c["n_embd"])
        self.c_proj = Conv1D(c["n_embd"], c["n_embd"])

    def forward(self, x, allowed, past):
        b, s, e = x.shape
        q, k, v = self.c_attn(x).split(e, dim=2)
        q = q.view(b, s, self.h, self.d).transpose(1, 2)
        k = k.view(b, s, self.h, self.d).transpose(1, 2)
        v = v.view(b, s, self.h, self.d).transpose(1, 2)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        y = attend(q, k, v, allowed, self.h, self.h, self.d).transpose(1, 2).reshape(b, s, e)
        return self.c_proj(y), (k, v)


class GPT2MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_fc = Conv1D(4 * c["n_embd"], c["n_embd"])
        self.c_proj = Conv1D(c["n_embd"], 4 * c["n_embd"])

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class GPT2Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])
        self.attn = GPT2Attention(c)
        self.ln_2 = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])
        self.mlp = GPT2MLP(c)

    def forward(self, x, allowed, past):
        a, present = self.attn(self.ln_1(x), allowed, past)
        x = x + a
        return x + self.mlp(self.ln_2(x)), present


class GPT2Body(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["n_positions"], c["n_embd"])
        self.h = nn.ModuleList([GPT2Block(c) for _ in range(c["n_layer"])])
        self.ln_f = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])


class GPT2LM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.transformer = GPT2Body(c)
        self.lm_head = nn.Linear(c["n_embd"], c["vocab_size"], bias=False)
        nn.init.normal_(self.transformer.wte.weight, std=0.02)
        nn.init.normal_(self.transformer.wpe.weight, std=0.01)
        self.lm_head.weight = self.transformer.wte.weight
        for blk in self.transformer.h:
            blk.attn.c_proj.weight.data.mul_(1 / math.sqrt(2 * c["n_layer"]))
            blk.mlp.c_proj.weight.data.mul_(1 / math.sqrt(2 * c["n_layer"]))

    def forward(self, input_ids, attention_mask, position_ids, past=None, head=True):
        t = self.transformer
        x = t.wte(input_ids) + t.wpe(position_ids)
        allowed = attention_allowed(attention_mask, input_ids.shape[1])
        presents = []
        for i, blk in enumerate(t.h):
            x, p = blk(x, allowed, past[i] if past is not None else None)
            presents.append(p)
        x = t.ln_f(x)
        return (self.lm_head(x) if head else x), presents


# ------------------------------------------------------------------ Llama

class RMSNorm(nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        e = c["hidden_size"]
        self.h = c["num_attention_heads"]
        self.hkv = c["num_key_value_heads"]
        self.d = head_dim(c)
        bias = attention_bias(c)
        self.q_proj = nn.Linear(e, self.h * self.d, bias=bias)
        self.k_proj = nn.Linear(e, self.hkv * self.d, bias=bias)
        self.v_proj = nn.Linear(e, self.hkv * self.d, bias=bias)
        self.o_proj = nn.Linear(self.h * self.d, e, bias=False)
        if qk_norm(c):
            self.q_norm = RMSNorm(self.d, c["rms_norm_eps"])
            self.k_norm = RMSNorm(self.d, c["rms_norm_eps"])

    def heads(self, x):
        """q and k as [b, s, heads, d], per-head normalised where the family does that (before rotary)."""
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.h, self.d)
        k = self.k_proj(x).view(b, s, self.hkv, self.d)
        if hasattr(self, "q_norm"):
            q, k = self.q_norm(q), self.k_norm(k)
        return q, k

    def forward(self, x, cos, sin, allowed, past):
        b, s, e = x.shape
        q, k = self.heads(x)
        q, k = q.transpose(1, 2), k.transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.hkv, self.d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        y = attend(q, k, v, allowed, self.h, self.hkv, self.d).transpose(1, 2).reshape(b, s, self.h * self.d)
        return self.o_proj(y), (k, v)


class LlamaMLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        e, m = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(e, m, bias=False)
        self.up_proj = nn.Linear(e, m, bias=False)
        self.down_proj = nn.Linear(m, e, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = LlamaAttention(c)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.mlp = LlamaMLP(c)

    def forward(self, x, cos, sin, allowed, past):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, allowed, past)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), present


class LlamaBody(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList([LlamaLayer(c) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])


class LlamaLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.model = LlamaBody(c)
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        nn.init.normal_(self.model.embed_tokens.weight, std=0.02)
        self.lm_head.weight = self.model.embed_tokens.weight
        for layer in self.model.layers:
            for lin in [layer.self_attn.q_proj, layer.self_attn.k_proj, layer.self_attn.v_proj, layer.mlp.gate_proj, layer.mlp.up_proj]:
                nn.init.normal_(lin.weight, std=0.02)
            for lin in [layer.self_attn.o_proj, layer.mlp.down_proj]:
                nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * c["num_hidden_layers"]))
        d = head_dim(c)
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
        self.register_buffer("inv_freq", inv, persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, past=None, head=True):
        x = self.model.embed_tokens(input_ids)
        freqs = position_ids.to(torch.float32).unsqueeze(-1) * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # [b, 1, s, d]
        cos, sin = emb.cos(), emb.sin()
        allowed = attention_allowed(attention_mask, input_ids.shape[1])
        presents = []
        for i, layer in enumerate(self.model.layers):
            x, p = layer(x, cos, sin, allowed, past[i] if past is not None else None)
            presents.append(p)
        x = self.model.norm(x)
        return (self.lm_head(x) if head else x), presents


def count_params(model):
    seen = set()
    n = 0
    for p in model.parameters():
        if id(p) not in seen:
            seen.add(id(p))
            n += p.numel()
    return n


def state_dict_for_save(model):
    """HF layout: tied lm_head.weight is included (HF ties it again on load)."""
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}


@torch.no_grad()
def greedy(model, ids, n_new, use_cache=True, stop_ids=(), step_sums=None):
    """Greedy continuation of one prompt (list of ids). Returns new ids; appends each step's
    logits sum to step_sums when given."""
    dev = next(model.parameters()).device
    out = []
    if use_cache:
        x = torch.tensor([ids], device=dev)
        mask = torch.ones_like(x)
        pos = torch.arange(len(ids), device=dev).unsqueeze(0)
        logits, past = model(x, mask, pos, None)
        for _ in range(n_new):
            nxt = int(logits[0, -1].argmax())
            if step_sums is not None:
                step_sums.append(float(logits[0, -1].sum()))
            out.append(nxt)
            if nxt in stop_ids:
                break
            total = len(ids) + len(out)
            logits, past = model(torch.tensor([[nxt]], device=dev), torch.ones(1, total, dtype=torch.long, device=dev),
                                 torch.tensor([[total - 1]], device=dev), past)
    else:
        seq = list(ids)
        for _ in range(n_new):
            x = torch.tensor([seq], device=dev)
            logits, _ = model(x, torch.ones_like(x), torch.arange(len(seq), device=dev).unsqueeze(0), None)
            nxt = int(logits[0, -1].argmax())
            out.append(nxt)
            seq.append(nxt)
            if nxt in stop_ids:
                break
    return out
