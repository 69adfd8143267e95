"""torch.onnx.export into the Optimum decoder-with-past contract (opset 17, fp32, one file)."""
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


def io_names(n):
    ins = ["input_ids", "attention_mask", "position_ids"]
    outs = ["logits"]
    for i in range(n):
        ins += ["past_key_values.%d.key" % i, "past_key_values.%d.value" % i]
        outs += ["present.%d.key" % i, "present.%d.value" % i]
    return ins, outs


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
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    for i in range(n):
        for kind in ["key", "value"]:
            dyn["past_key_values.%d.%s" % (i, kind)] = {0: "batch", 2: "past"}
            dyn["present.%d.%s" % (i, kind)] = {0: "batch", 2: "total"}
    with torch.no_grad():
        torch.onnx.export(_Wrapper(model, n), (ids, mask, pos, *pkv), path, input_names=ins, output_names=outs,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return path
