"""GPT-2 style byte-level BPE: trainer, encoder and Hugging Face file writer.

Kept strictly standard (GPT-2 pre-tokenisation regex, bytes-to-unicode table,
rank-ordered merges) so Microsoft.ML.Tokenizers' GPT-2 BPE reads the same files
and produces the same ids.
"""
import collections
import json
import os

import regex

GPT2_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")

SPECIAL_TOKENS = (["<|endoftext|>", "<|passage|>", "<|question|>", "<|answer|>", "<|handoff|>"]
                  + ["<|s%d|>" % i for i in range(1, 33)]
                  + ["<|im_start|>", "<|im_end|>"])
_SPECIAL_SPLIT = regex.compile("(" + "|".join(regex.escape(t) for t in SPECIAL_TOKENS) + ")")


def bytes_to_unicode():
    """The standard GPT-2 table: printable bytes map to themselves, the rest to U+0100 upwards."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {v: k for k, v in BYTE_ENCODER.items()}


def pretokenize(text):
    return GPT2_PATTERN.findall(text)


def to_symbols(piece):
    return "".join(BYTE_ENCODER[b] for b in piece.encode("utf-8"))


def train_bpe(texts, vocab_size, specials=SPECIAL_TOKENS, min_frequency=2, log=None):
    """Train merges on a word-frequency table with incremental pair counts.

    Ids: 0..255 are the byte tokens (id == byte value), then the special tokens,
    then one id per merge in rank order.
    """
    word_freq = collections.Counter()
    for text in texts:
        for part in _SPECIAL_SPLIT.split(text):
            if not part or part in specials:
                continue
            word_freq.update(pretokenize(part))
    words = [list(to_symbols(w)) for w in word_freq]
    freqs = [word_freq[w] for w in word_freq]
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, sym in enumerate(words):
        f = freqs[i]
        for a, b in zip(sym, sym[1:]):
            pair_counts[(a, b)] += f
            where[(a, b)].add(i)
    n_merges = vocab_size - 256 - len(specials)
    merges = []
    for _ in range(max(0, n_merges)):
        if not pair_counts:
            break
        # Highest count first; ties broken lexicographically so training is deterministic.
        best, count = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
        if count < min_frequency:
            break
        merges.append(best)
        a, b = best
        new = a + b
        for i in list(where.get(best, ())):
            sym = words[i]
            f = freqs[i]
            # remove this word's old pairs
            for p in zip(sym, sym[1:]):
                pair_counts[p] -= f
                if pair_counts[p] <= 0:
                    del pair_counts[p]
                where[p].discard(i)
            out = []
            j = 0
            while j < len(sym):
                if j < len(sym) - 1 and sym[j] == a and sym[j + 1] == b:
                    out.append(new)
                    j += 2
                else:
                    out.append(sym[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += f
                where[p].add(i)
        pair_counts.pop(best, None)
        where.pop(best, None)
    vocab = {BYTE_ENCODER[b]: b for b in range(256)}
    for t in specials:
        vocab[t] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:  # two merge paths can build the same string
            vocab[a + b] = len(vocab)
    if log:
        log("bpe: %d pre-token types, %d merges, vocab %d" % (len(words), len(merges), len(vocab)))
    return vocab, merges


class Tokenizer:
    def __init__(self, vocab, merges, specials=SPECIAL_TOKENS):
        self.vocab = dict(vocab)
        self.inv = {i: t for t, i in self.vocab.items()}
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.merges = [tuple(m) for m in merges]
        self.specials = [s for s in specials if s in self.vocab]
        self.special_ids = {s: self.vocab[s] for s in self.specials}
        self._split = regex.compile("(" + "|".join(regex.escape(t) for t in self.specials) + ")")
        self._cache = {}

    @property
    def eos_id(self):
        return self.vocab["<|endoftext|>"]

    def __len__(self):
        return len(self.vocab)

    def _bpe(self, piece):
        hit = self._cache.get(piece)
        if hit is not None:
            return hit
        sym = list(to_symbols(piece))
        while len(sym) > 1:
            best = None
            best_rank = None
            for k in range(len(sym) - 1):
                r = self.ranks.get((sym[k], sym[k + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = k, r
            if best is None:
                break
            a, b = sym[best], sym[best + 1]
            out = []
            j = 0
            while j < len(sym):
                if j < len(sym) - 1 and sym[j] == a and sym[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(sym[j])
                    j += 1
            sym = out
        ids = [self.vocab[s] for s in sym]
        if len(self._cache) < 200000:
            self._cache[piece] = ids
        return ids

    def encode_plain(self, text):
        ids = []
        for piece in pretokenize(text):
            ids.extend(self._bpe(piece))
        return ids

    def encode(self, text):
        """Split on special-token strings first, BPE-encode the text between them."""
        ids = []
        for part in self._split.split(text):
            if not part:
                continue
            if part in self.special_ids:
                ids.append(self.special_ids[part])
            else:
                ids.extend(self.encode_plain(part))
        return ids

    def decode(self, ids):
        out = []
        buf = []
        for i in ids:
            t = self.inv[int(i)]
            if t in self.special_ids:
                if buf:
                    out.append(bytearray(buf).decode("utf-8", errors="replace"))
                    buf = []
                out.append(t)
            else:
                buf.extend(BYTE_DECODER[c] for c in t)
        if buf:
            out.append(bytearray(buf).decode("utf-8", errors="replace"))
        return "".join(out)

    def save(self, folder, model_max_length):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(self.vocab, f, ensure_ascii=False)
        with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n")
            for a, b in self.merges:
                f.write("%s %s\n" % (a, b))
        cfg = {
            "tokenizer_class": "GPT2Tokenizer",
            "model_max_length": model_max_length,
            "bos_token": "<|endoftext|>",
            "eos_token": "<|endoftext|>",
            "pad_token": "<|endoftext|>",
            "unk_token": "<|endoftext|>",
            "add_prefix_space": False,
            "add_bos_token": False,
            "chat_template_name": "support-gpt-v1",
            "added_tokens_decoder": {
                str(self.vocab[s]): {"content": s, "special": True, "lstrip": False, "rstrip": False,
                                     "normalized": False, "single_word": False}
                for s in self.specials},
        }
        with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump(cfg, f, ensure_ascii=False, indent=2)

    @classmethod
    def load(cls, folder):
        with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
            vocab = json.load(f)
        merges = []
        with open(os.path.join(folder, "merges.txt"), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#version"):
                    continue
                a, b = line.split(" ")
                merges.append((a, b))
        return cls(vocab, merges)
