"""The support-gpt-v1 prompt template, sentence splitting, Markdown KB parsing and
conversion of platform fine-tuning JSONL records into template sequences.

The C# engine implements the same rules; keep both in step.
"""
import glob
import os
import re

TEMPLATE_NAME = "support-gpt-v1"
EOS = "<|endoftext|>"
PASSAGE = "<|passage|>"
QUESTION = "<|question|>"
ANSWER = "<|answer|>"
HANDOFF = "<|handoff|>"
MAX_MARKERS = 32

FRAMINGS = ["", "", "Sure!", "Here's what I found:", "Good question.", "Happy to help!", "Thanks for asking."]
REFUSALS = [
    "I'm not sure about that, and I don't want to guess.",
    "I don't have information about that, so let me connect you with a person.",
    "I couldn't find that in our help articles.",
]

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)")
_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_EMPH1 = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+")
_WS = re.compile(r"\s+")


def norm_ws(text):
    return _WS.sub(" ", text).strip()


def clean_piece(text):
    text = _LIST_ITEM.sub("", text)
    text = _HEADING.sub("", text)
    text = _EMPH.sub(r"\2", text)
    text = _EMPH1.sub(r"\1", text)
    return norm_ws(text)


def split_sentences(body):
    """Blank lines and list-item line starts end a paragraph; inside a paragraph split on
    `(?<=[.!?])\\s+(?=[A-Z0-9"'(\\[])`; strip list bullets, heading hashes and emphasis."""
    paragraphs = []
    cur = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if cur:
                paragraphs.append(" ".join(cur))
                cur = []
            continue
        if _LIST_ITEM.match(line) and cur:
            paragraphs.append(" ".join(cur))
            cur = []
        cur.append(line.strip())
    if cur:
        paragraphs.append(" ".join(cur))
    out = []
    for p in paragraphs:
        p = clean_piece(p)
        for s in _SENT_SPLIT.split(p):
            s = clean_piece(s)
            if s:
                out.append(s)
    return out


def header(title, heading):
    title = norm_ws(title or "")
    heading = norm_ws(heading or "")
    return "%s > %s" % (title, heading) if heading else title


def render_prompt(passages, question, tokenizer=None, max_tokens=None, answer_room=48):
    """passages: list of (header, [sentences]). Returns (text, markers) where markers maps
    marker number -> (passage index, sentence index, sentence text)."""
    parts = [EOS]
    markers = {}
    n = 0
    q = QUESTION + " " + norm_ws(question) + ANSWER
    used = len(tokenizer.encode(EOS + q)) if tokenizer is not None else 0
    for pi, (head, sents) in enumerate(passages):
        if n >= MAX_MARKERS:
            break
        block = [PASSAGE + " " + norm_ws(head)]
        cost = len(tokenizer.encode(block[0])) if tokenizer is not None else 0
        if max_tokens is not None and used + cost > max_tokens - answer_room:
            break
        added = 0
        for si, s in enumerate(sents):
            if n >= MAX_MARKERS:
                break
            piece = "<|s%d|> %s" % (n + 1, norm_ws(s))
            c = len(tokenizer.encode(piece)) if tokenizer is not None else 0
            if max_tokens is not None and used + cost + c > max_tokens - answer_room:
                break
            block.append(piece)
            cost += c
            n += 1
            added += 1
            markers[n] = (pi, si, norm_ws(s))
        if added == 0:
            break
        parts.extend(block)
        used += cost
    parts.append(q)
    return "".join(parts), markers


def render_answer(items, handoff=False):
    """items: list of str (plain text) or int (marker number)."""
    out = []
    for it in items:
        if isinstance(it, int):
            out.append("<|s%d|>" % it)
        elif norm_ws(it):
            out.append(" " + norm_ws(it))
    if handoff:
        out.append(HANDOFF)
    out.append(EOS)
    return "".join(out)


# ---------------------------------------------------------------- Markdown knowledge base

def parse_markdown(text):
    """Returns (title, [(heading, body)]); every '## ' heading starts a passage."""
    title = ""
    sections = []
    cur_head = None
    cur = []
    intro = []
    for line in text.split("\n"):
        if line.startswith("# ") and not title:
            title = line[2:].strip()
            continue
        if line.startswith("## "):
            if cur_head is not None:
                sections.append((cur_head, "\n".join(cur).strip()))
            cur_head = line[3:].strip()
            cur = []
            continue
        (cur if cur_head is not None else intro).append(line)
    if cur_head is not None:
        sections.append((cur_head, "\n".join(cur).strip()))
    intro_text = "\n".join(intro).strip()
    return title, intro_text, sections


def load_kb(root):
    """All '##' passages of root/**/*.md as dicts {file, title, heading, body, sentences}."""
    out = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.md"), recursive=True)):
        if os.path.basename(path).lower() == "readme.md":
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        title, intro, sections = parse_markdown(text)
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if intro:
            s = split_sentences(intro)
            if s:
                out.append(dict(file=rel, title=title, heading="", body=intro, sentences=s, raw=text))
        for head, body in sections:
            s = split_sentences(body)
            if s:
                out.append(dict(file=rel, title=title, heading=head, body=body, sentences=s, raw=text))
    return out


# ---------------------------------------------------------------- platform JSONL <-> template

INSTRUCTION = ("You are the customer-service assistant. Answer the visitor's question using only the "
               "passages below, quoting the relevant sentences. If the passages do not answer it, say so "
               "and offer a person.")


def to_platform_record(passages, question, answer_text, handoff, metadata=None):
    blocks = []
    for i, (head, body) in enumerate(passages, 1):
        blocks.append("[%d] %s\n%s\n" % (i, head, body))
    system = INSTRUCTION + "\n\n" + "\n".join(blocks)
    md = dict(metadata or {})
    md["handoff"] = bool(handoff)
    return {"messages": [{"role": "system", "content": system},
                         {"role": "user", "content": question},
                         {"role": "assistant", "content": answer_text}], "metadata": md}


_BLOCK = re.compile(r"^\[(\d+)\] (.*)$")


def parse_system(system):
    """Passages from a system message: blocks '[n] Header\\nbody' after an instruction paragraph."""
    passages = []
    cur = None
    for line in system.split("\n"):
        m = _BLOCK.match(line)
        if m:
            if cur is not None:
                passages.append(cur)
            cur = [m.group(2).strip(), []]
            continue
        if cur is not None:
            cur[1].append(line)
    if cur is not None:
        passages.append(cur)
    return [(h, "\n".join(b).strip()) for h, b in passages]


def map_answer(answer, markers):
    """Map assistant text onto marker numbers wherever a passage sentence occurs verbatim
    (whitespace-normalised); other text stays plain."""
    text = norm_ws(answer)
    by_sent = {}
    for n, (_, _, s) in sorted(markers.items()):
        by_sent.setdefault(s, n)
    sents = sorted(by_sent, key=len, reverse=True)
    items = []
    pos = 0
    while pos < len(text):
        best = None
        for s in sents:
            j = text.find(s, pos)
            if j >= 0 and (best is None or j < best[0] or (j == best[0] and len(s) > len(best[1]))):
                best = (j, s)
        if best is None:
            items.append(text[pos:])
            break
        j, s = best
        if text[pos:j].strip():
            items.append(text[pos:j])
        items.append(by_sent[s])
        pos = j + len(s)
    return [it for it in items if isinstance(it, int) or it.strip()]


def record_to_sequence(rec, tokenizer=None, max_tokens=None):
    """Platform record -> (prompt_text, answer_text, info) in support-gpt-v1 form."""
    msgs = rec["messages"]
    system = next((m["content"] for m in msgs if m["role"] == "system"), "")
    user = [m["content"] for m in msgs if m["role"] == "user"][-1]
    assistant = [m["content"] for m in msgs if m["role"] == "assistant"][-1]
    passages = [(h, split_sentences(b)) for h, b in parse_system(system)]
    prompt, markers = render_prompt(passages, user, tokenizer, max_tokens)
    items = map_answer(assistant, markers)
    md = rec.get("metadata") or {}
    handoff = bool(md.get("handoff")) or (
        not any(isinstance(i, int) for i in items) and norm_ws(assistant) in [norm_ws(r) for r in REFUSALS])
    gold = md.get("gold") or []
    # the prompt budget can cut a gold sentence out; such a record no longer teaches selection
    lost = len(gold) > sum(1 for i in items if isinstance(i, int))
    return prompt, render_answer(items, handoff), {"markers": markers, "items": items, "handoff": handoff, "lost": lost}
