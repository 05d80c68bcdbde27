#!/usr/bin/env python3
"""Check that Hugging Face transformers loads a Pretrain Playground export and computes what the page did.

  python3 scripts/check_hf_export.py moby-dick-step1200-hf.zip      # or the unzipped folder
  python3 scripts/check_hf_export.py FOLDER --prompt "Call me" --json report.json

With `transformers` installed it loads the folder with AutoModelForCausalLM and AutoTokenizer,
encodes the export's prompt (playground_logits.json: the page's own ids and next-token logits at
export) and checks that the ids are the page's and the logits within 1e-4 of the page's and of
load_in_pytorch.py's GPT on the same weights, then prints a greedy continuation. Without it (no
`transformers`/`tokenizers` here: say so, and run it again where they are), the same checks run on
stand-ins written from their sources: GPT2Tokenizer's encode on vocab.json + merges.txt (or a
lookup in tokenizer.json's vocabulary for a character model) and GPT2LMHeadModel's forward on the
weights as stored (Conv1D x @ W + b, gelu_new, eps 1e-5, causal softmax, head tied to wte).
Exits 1 if a check fails; --require-transformers also fails where transformers is missing.
"""
import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hf_folder  # noqa: E402
import load_in_pytorch as lip  # noqa: E402

torch = lip.torch
TOLERANCE = 1e-4


def gpt2_slow_encode(folder, text):
    """transformers' GPT2Tokenizer._tokenize + convert_tokens_to_ids on vocab.json and merges.txt (no `regex`: the
    page's scanner of GPT-2's pattern, as the page splits text; chunks are not cut at 256 code points here)."""
    import playground_tokenizer as pt

    with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
        encoder = json.load(f)
    with open(os.path.join(folder, "merges.txt"), encoding="utf-8") as f:
        ranks = {tuple(line.split()): i for i, line in enumerate(f.read().split("\n")[1:-1])}
    unicode = hf_folder.byte_to_unicode()
    ids, i = [], 0
    while i < len(text):
        j = pt._chunk_end(text, i)
        word = tuple(unicode[b] for b in text[i:j].encode("utf-8"))
        while len(word) > 1:
            pairs = list(zip(word, word[1:]))
            first, second = min(pairs, key=lambda p: ranks.get(p, math.inf))
            if (first, second) not in ranks:
                break
            merged, k = [], 0
            while k < len(word):
                if k < len(word) - 1 and word[k] == first and word[k + 1] == second:
                    merged.append(first + second)
                    k += 2
                else:
                    merged.append(word[k])
                    k += 1
            word = tuple(merged)
        ids.extend(encoder[token] for token in word)
        i = j
    return ids


def char_vocab_encode(folder, text):
    """tokenizers' BPE without merges or unk_token: each character looked up, an unknown one dropped."""
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    import playground_tokenizer as pt

    return [vocab[c] for c in pt.normalise_text(text) if c in vocab]


def gpt2_forward(tensors, hf, ids):
    """GPT2LMHeadModel's logits (T, vocab) for ids, from the weights as stored (transformers' modeling_gpt2.py, eager)."""
    w = lambda name: tensors[name]  # noqa: E731
    C, H = hf["n_embd"], hf["n_head"]
    T = len(ids)
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (C,), w(p + ".weight"), w(p + ".bias"), hf.get("layer_norm_epsilon", 1e-5))  # noqa: E731
    conv1d = lambda x, p: x @ w(p + ".weight") + w(p + ".bias")  # noqa: E731  (Conv1D: [in, out])
    gelu_new = lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))  # noqa: E731
    idx = torch.tensor(ids)
    x = w("wte.weight")[idx] + w("wpe.weight")[torch.arange(T)]  # (T, C)
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(hf["n_layer"]):
        p = f"h.{i}"
        q, k, v = conv1d(ln(x, p + ".ln_1"), p + ".attn.c_attn").split(C, dim=-1)
        q, k, v = (t.view(T, H, C // H).transpose(0, 1) for t in (q, k, v))  # (H, T, hs)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
        scores = torch.where(mask, scores, torch.tensor(torch.finfo(scores.dtype).min))
        y = (torch.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(T, C)
        x = x + conv1d(y, p + ".attn.c_proj")
        x = x + conv1d(gelu_new(conv1d(ln(x, p + ".ln_2"), p + ".mlp.c_fc")), p + ".mlp.c_proj")
    return ln(x, "ln_f") @ w("wte.weight").T


def main():
    ap = argparse.ArgumentParser(description="Check that transformers loads a Pretrain Playground Hugging Face export.")
    ap.add_argument("export", help="the -hf.zip the page downloaded, or the folder unzipped from it")
    ap.add_argument("--prompt", help="also continue this prompt (default: the export's own prompt)")
    ap.add_argument("--new-tokens", type=int, default=30)
    ap.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    ap.add_argument("--require-transformers", action="store_true", help="fail where transformers is not installed")
    args = ap.parse_args()

    folder = hf_folder.open_folder(args.export)
    run = hf_folder.read_folder(folder)
    hf, cfg, tokenizer = run["hf_config"], run["cfg"], run["tokenizer"]
    with open(os.path.join(folder, "playground_logits.json"), encoding="utf-8") as f:
        page = json.load(f)
    print(f"{args.export}: GPT-2, {cfg['nLayer']} layers, {cfg['nHead']} heads, width {cfg['nEmbd']}, context {cfg['blockSize']}, "
          f"{tokenizer['kind']} vocabulary {cfg['vocabSize']}, step {run['step']}")
    model, _, _, _ = hf_folder.load(folder)  # load_in_pytorch.py's GPT: the reference
    ids_page = page["ids"]
    with torch.no_grad():
        reference = model(torch.tensor([ids_page]))[0, -1]
    page_logits = torch.tensor(page["logits"])

    try:
        import transformers
        from transformers import AutoModelForCausalLM, AutoTokenizer
        has_transformers = True
    except ImportError:
        has_transformers = False
    if has_transformers:
        engine = f"transformers {transformers.__version__}"
        hf_tokenizer = AutoTokenizer.from_pretrained(folder)
        hf_model = AutoModelForCausalLM.from_pretrained(folder).eval()
        encode = lambda text: hf_tokenizer(text, add_special_tokens=False)["input_ids"]  # noqa: E731
        with torch.no_grad():
            logits = hf_model(torch.tensor([ids_page])).logits[0, -1]
        def continue_greedy(ids, n):  # noqa: E306
            x = torch.tensor([ids])
            out = hf_model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=n, do_sample=False)[0].tolist()
            return hf_tokenizer.decode(out[len(ids):])
    else:
        engine = "stand-ins for transformers and tokenizers (not installed in this Python)"
        print("transformers is not installed here: checking with stand-ins written from its sources "
              "(GPT2Tokenizer's encode, GPT2LMHeadModel's forward). Run this again where transformers is installed.")
        if args.require_transformers:
            sys.exit("check_hf_export: --require-transformers, and this Python has no transformers")
        tensors = run["tensors"]
        encode = (lambda text: gpt2_slow_encode(folder, text)) if tokenizer["kind"] == "bpe" else (lambda text: char_vocab_encode(folder, text))
        with torch.no_grad():
            logits = gpt2_forward(tensors, hf, ids_page)[-1]
        def continue_greedy(ids, n):  # noqa: E306
            ids = list(ids)
            with torch.no_grad():
                for _ in range(n):
                    ids.append(int(gpt2_forward(tensors, hf, ids[-cfg["blockSize"]:])[-1].argmax()))
            return lip.decode(tokenizer, ids[len(ids) - n:])

    ids = encode(page["prompt"])
    diff_page = float((logits - page_logits).abs().max())
    diff_reference = float((logits - reference).abs().max())
    failures = []
    if ids != ids_page:
        failures.append(f"the tokenizer gives {ids} for {page['prompt']!r}, the page gave {ids_page}")
    if not diff_page <= TOLERANCE:
        failures.append(f"logits differ from the page's by {diff_page:.3g} (> {TOLERANCE})")
    if not diff_reference <= TOLERANCE:
        failures.append(f"logits differ from load_in_pytorch.py's by {diff_reference:.3g} (> {TOLERANCE})")
    prompt = args.prompt if args.prompt is not None else page["prompt"]
    prompt_ids = encode(prompt)[-cfg["blockSize"]:]
    n = max(0, min(args.new_tokens, cfg["blockSize"] - len(prompt_ids)))
    continuation = continue_greedy(prompt_ids, n) if prompt_ids and n else ""

    print(f"Checked with {engine}.")
    print(f"Prompt {page['prompt']!r}: ids {'the same as the page' if ids == ids_page else 'DIFFERENT from the page'} ({len(ids)} tokens)")
    print(f"Next-token logits: max |difference| {diff_page:.3g} from the page's, {diff_reference:.3g} from load_in_pytorch.py's "
          f"(largest |logit| {float(page_logits.abs().max()):.2f}; tolerance {TOLERANCE})")
    print(f"Greedy continuation ({n} tokens): {prompt!r} -> {continuation!r}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"transformers": has_transformers, "engine": engine, "idsMatch": ids == ids_page, "maxDiffPage": diff_page,
                       "maxDiffReference": diff_reference, "continuation": continuation, "failures": failures}, f)
    if failures:
        sys.exit("check_hf_export: FAILED: " + "; ".join(failures))
    print("OK")


if __name__ == "__main__":
    main()
