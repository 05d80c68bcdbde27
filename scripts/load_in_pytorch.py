#!/usr/bin/env python3
"""Load a Pretrain Playground export (.safetensors) into a nanoGPT-style GPT in PyTorch.

The model mirrors src/model/gpt.ts (itself nanoGPT's model.py): token + position embeddings,
pre-LayerNorm blocks (causal self-attention with q, k, v packed in c_attn; MLP 4x with GELU in
its tanh approximation, as GPT-2 and gpt.ts), final LayerNorm, head tied to wte, LayerNorm eps
1e-5, biases everywhere, no dropout. Weights keep GPT-2 names; our linears are [in, out] like
GPT-2's Conv1D, so they are transposed into nn.Linear's [out, in] (as nanoGPT's from_pretrained).

Needs only python3 and torch: the file is parsed with json/struct (safetensors spec: u64 LE
header length, JSON header, byte buffer). The prompt is encoded with the export's own tokenizer,
characters, or byte-level BPE through playground_tokenizer.py beside this file (the page's BPE,
id for id; character models need only this file), or given as ids.

  python3 scripts/load_in_pytorch.py model.safetensors --prompt "Call me Ishmael"
  python3 scripts/load_in_pytorch.py model.safetensors --ids 67,104,32 --json logits.json
"""
import argparse
import json
import math
import struct
import sys
import os
import zipfile
import unicodedata

sys.dont_write_bytecode = True  # no scripts/__pycache__ from the imports of the modules beside this file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit(f"load_in_pytorch: this Python ({sys.executable}) has no torch: pip install torch, "
             "or use a Python that has it (e.g. Debian's python3-torch under /usr/bin/python3)")

FORMAT = "pretrain-playground/1"
CONV1D_WEIGHTS = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")


def fail(message):
    sys.exit(f"load_in_pytorch: {message}")


def read_safetensors(path):
    """Float32 tensors by name and the string metadata of a safetensors file (little-endian host)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        fail(f"{path} is {len(data)} bytes long: too short for a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        fail(f"{path}: the header length ({n} bytes) is more than the file holds; not a safetensors file?")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        fail(f"{path}: the header is not JSON ({e})")
    metadata = header.pop("__metadata__", {})
    buffer = bytearray(data[8 + n :])  # writable, so torch.frombuffer does not warn
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            fail(f"{name} is {info['dtype']}; this script reads F32 only")
        begin, end = info["data_offsets"]
        count = (end - begin) // 4
        flat = torch.frombuffer(buffer, dtype=torch.float32, count=count, offset=begin) if count else torch.empty(0)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors, metadata


def gelu(x):
    """GELU, tanh approximation (GPT-2; gpt.ts's gelu), not nn.GELU's erf form."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head = n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        mask = torch.tril(torch.ones(block_size, block_size, dtype=torch.bool))
        self.register_buffer("mask", mask.view(1, 1, block_size, block_size), persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        hs = C // self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, hs).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (B, nh, T, T)
        att = att.masked_fill(~self.mask[:, :, :T, :T], float("-inf"))
        y = F.softmax(att, dim=-1) @ v  # (B, nh, T, hs)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class MLP(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x):
        return self.c_proj(gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd, eps=1e-5)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size)
        self.ln_2 = nn.LayerNorm(n_embd, eps=1e-5)
        self.mlp = MLP(n_embd)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))  # pre-LN residual blocks
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    """Module names are the export's tensor names: wte, wpe, h.{i}.…, ln_f."""

    def __init__(self, cfg):
        super().__init__()
        self.block_size = cfg["blockSize"]
        self.wte = nn.Embedding(cfg["vocabSize"], cfg["nEmbd"])
        self.wpe = nn.Embedding(cfg["blockSize"], cfg["nEmbd"])
        self.h = nn.ModuleList(Block(cfg["nEmbd"], cfg["nHead"], cfg["blockSize"]) for _ in range(cfg["nLayer"]))
        self.ln_f = nn.LayerNorm(cfg["nEmbd"], eps=1e-5)

    def forward(self, idx):
        """Logits (B, T, vocab) for token ids idx (B, T), T <= block_size."""
        T = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(T, device=idx.device))  # (B, T, C)
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)  # head tied to wte

    @torch.no_grad()
    def generate_greedy(self, ids, n):
        """ids followed by n argmax tokens, the context cropped to block_size."""
        idx = torch.tensor([ids], dtype=torch.long)
        for _ in range(n):
            logits = self(idx[:, -self.block_size :])
            idx = torch.cat([idx, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
        return idx[0].tolist()


def load(path):
    tensors, metadata = read_safetensors(path)
    if metadata.get("format") != FORMAT:
        fail(f"{path} has format {metadata.get('format')!r}, not {FORMAT!r}: its config and tokenizer are unknown")
    cfg = json.loads(metadata["config"])
    model = GPT(cfg)
    # Our linears are [in, out] (GPT-2 Conv1D); nn.Linear holds [out, in].
    state = {name: t.t() if name.endswith(CONV1D_WEIGHTS) else t for name, t in tensors.items()}
    model.load_state_dict(state, strict=True)
    model.eval()
    return model, cfg, json.loads(metadata["tokenizer"]), metadata


def bpe_token_bytes(merges):
    """Bytes of every BPE id: 0-255 themselves, 256 + i the two halves of merge i."""
    table = [bytes([i]) for i in range(256)]
    for a, b in merges:
        table.append(table[a] + table[b])
    return table


def encode(tokenizer, text):
    """Ids of text (normalised as the page does) under the export's tokenizer (its metadata's spec)."""
    if tokenizer["kind"] != "char":
        import playground_tokenizer  # here: character models need only this file (scripts/gpu/pack.mjs copies it alone)

        return playground_tokenizer.Tokenizer(tokenizer).encode(text)[0]
    index = {c: i for i, c in enumerate(tokenizer["chars"])}
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))  # as normaliseText
    skipped = sorted({c for c in text if c not in index})
    if skipped:
        print(f"(skipped characters outside the alphabet: {skipped})", file=sys.stderr)
    return [index[c] for c in text if c in index]


def decode(tokenizer, ids):
    """Text of ids; BPE bytes that are not whole UTF-8 become U+FFFD, as on the page."""
    if tokenizer["kind"] == "char":
        return "".join(tokenizer["chars"][i] for i in ids)
    table = bpe_token_bytes(tokenizer["merges"])
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")


def main():
    parser = argparse.ArgumentParser(description="Run a Pretrain Playground export in PyTorch.")
    parser.add_argument("file", help="the exported .safetensors file (or a Hugging Face export, zipped or not)")
    parser.add_argument("--prompt", help="text prompt, encoded with the export's tokenizer")
    parser.add_argument("--ids", help="comma-separated token ids instead of a prompt (any model)")
    parser.add_argument("--json", metavar="OUT", help="write ids and the logits of every position to OUT")
    parser.add_argument("--new-tokens", type=int, default=50, help="greedy tokens to generate (default 50)")
    args = parser.parse_args()

    if os.path.isdir(args.file) or zipfile.is_zipfile(args.file):  # a Hugging Face export
        import hf_folder  # here, not above: it imports this module

        model, cfg, tokenizer, metadata = hf_folder.load(args.file)
    else:
        model, cfg, tokenizer, metadata = load(args.file)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"Loaded {args.file}: layers {cfg['nLayer']}, heads {cfg['nHead']}, width {cfg['nEmbd']}, "
          f"context {cfg['blockSize']}, {tokenizer['kind']} vocabulary {cfg['vocabSize']}, "
          f"step {metadata.get('step')}, {n_params:,} parameters (torch {torch.__version__})")

    if args.ids is not None:
        ids = [int(s) for s in args.ids.split(",") if s.strip()]
        if any(not 0 <= i < cfg["vocabSize"] for i in ids):
            fail(f"ids must be between 0 and {cfg['vocabSize'] - 1}")
    elif args.prompt is not None:
        ids = encode(tokenizer, args.prompt)
    else:
        fail("give --prompt TEXT or --ids 1,2,3")
    if not ids:
        fail("the prompt has no tokens this model knows")
    if len(ids) > cfg["blockSize"]:
        print(f"(prompt cropped to its last {cfg['blockSize']} tokens, the model's context)", file=sys.stderr)
        ids = ids[-cfg["blockSize"] :]

    with torch.no_grad():
        logits = model(torch.tensor([ids], dtype=torch.long))[0]  # (T, vocab)
    last = logits[-1]
    print(f"Prompt ids: {ids}")
    print("Logits at the last position:")
    print(" ".join(f"{x:.5f}" for x in last.tolist()))
    probs = F.softmax(last, dim=-1)
    top = torch.topk(probs, min(5, cfg["vocabSize"]))
    print("Most likely next tokens: " + ", ".join(
        f"{decode(tokenizer, [i])!r} {p:.3f}" for p, i in zip(top.values.tolist(), top.indices.tolist())))
    out = model.generate_greedy(ids, args.new_tokens)
    print(f"Greedy continuation ({args.new_tokens} tokens, after the |):")
    print(decode(tokenizer, ids) + "|" + decode(tokenizer, out[len(ids):]))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"ids": ids, "logits": logits.tolist(), "torch": torch.__version__}, f)


if __name__ == "__main__":
    main()
