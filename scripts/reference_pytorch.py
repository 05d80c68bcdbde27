#!/usr/bin/env python3
"""The playground's training run in PyTorch (CPU, or a CUDA GPU): the same model, data and schedule, timed.

The yardstick for `npm run bench -- --pytorch`, and where a person who outgrows the browser can
continue from an export. It follows nanoGPT's train.py: the model is scripts/load_in_pytorch.py's
GPT (itself src/model/gpt.ts: pre-LN blocks, tanh GELU, head tied to wte), with GPT-2 init
(N(0, 0.02), residual projections 0.02/sqrt(2 L)); AdamW (betas 0.9/0.99, eps 1e-8, weight decay
0.1 on matrices only), global-norm clipping at 1.0, linear warm-up then cosine to lr/10 over
max-steps (src/train/lrSchedule.ts); the text is public/corpus/moby-dick.txt (`npm run
prepare-corpus`), character-level (sorted code points), 90/10 split, random training windows,
fixed evenly spaced validation windows (src/data/dataset.ts). Preset shapes are read from
src/protocol/settings.ts, so there is one list of presets.

Prints the BLAS torch uses (torch.__config__.show() and the library actually mapped into the
process: with the reference libblas.so.3 instead of OpenBLAS a step is about 6x slower) and
tokens/s after warm-up, evaluation excluded. Random numbers differ from the page's (torch's
generator, not ours), so losses match in distribution, not digit for digit.

  /usr/bin/python3 scripts/reference_pytorch.py --preset baby --steps 100
  /usr/bin/python3 scripts/reference_pytorch.py --preset baby --steps 2000 --max-steps 2000 --eval-every 250
  /usr/bin/python3 scripts/reference_pytorch.py --load model.safetensors --steps 500   # continue an export
  python3 scripts/reference_pytorch.py --preset large --device cuda --compile --steps 100   # on a GPU, compiled

--device cuda runs on the GPU (the yardstick for npm run bench:gpu, scripts/gpu/bench.mjs); --compile
wraps the model in torch.compile where this torch has it (its compilation falls in the untimed
warm-up steps; it says so and runs eager where it cannot).
"""
import argparse
import json
import math
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no scripts/__pycache__ from the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load_in_pytorch as lip  # noqa: E402  (exits with a clear message when torch is missing)

torch = lip.torch
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS_TS = os.path.join(ROOT, "src", "protocol", "settings.ts")
PRESET_LINE = re.compile(r"^\s*(\w+):\s*\{\s*nLayer:\s*(\d+),\s*nHead:\s*(\d+),\s*nEmbd:\s*(\d+),\s*"
                         r"blockSize:\s*(\d+),\s*batchSize:\s*(\d+),\s*lr:\s*([\d.e+-]+)\s*\}", re.M)
OPTIMIZER = dict(betas=(0.9, 0.99), eps=1e-8, weight_decay=0.1, grad_clip=1.0)  # settings.ts OPTIMIZER


def read_presets(path=SETTINGS_TS):
    """PRESETS from settings.ts: {name: {nLayer, nHead, nEmbd, blockSize, batchSize, lr}}."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    block = text[text.find("export const PRESETS"):]
    presets = {m[0]: dict(nLayer=int(m[1]), nHead=int(m[2]), nEmbd=int(m[3]), blockSize=int(m[4]),
                          batchSize=int(m[5]), lr=float(m[6])) for m in PRESET_LINE.findall(block)}
    if not presets:
        lip.fail(f"found no presets in {path}: has the PRESETS literal changed shape?")
    return presets


def blas_report():
    """What BLAS torch was built against and which library the process actually mapped."""
    torch.ones(64, 64) @ torch.ones(64, 64)  # make sure the BLAS is loaded
    built = re.findall(r"(?:BLAS|LAPACK)_INFO=\w+", torch.__config__.show())
    mapped = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if re.search(r"(blas|lapack|mkl)[^/]*\.so", path):
                    mapped.add(os.path.realpath(path))
    except OSError:
        pass
    return {"built_with": built, "loaded": sorted(mapped)}


def gpt2_init(model, n_layer):
    """nanoGPT's _init_weights plus the scaled residual projections (GPT-2 paper)."""
    for name, p in model.named_parameters():
        if name.endswith(".bias") or ".ln_" in name or name.startswith("ln_f"):
            torch.nn.init.ones_(p) if name.endswith(".weight") else torch.nn.init.zeros_(p)
        elif name.endswith("c_proj.weight"):
            torch.nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * n_layer))
        else:
            torch.nn.init.normal_(p, 0.0, 0.02)


def learning_rate(step, lr, min_lr, warmup, decay_steps):
    """src/train/lrSchedule.ts: linear warm-up, cosine to min_lr at decay_steps, then the floor."""
    if step < warmup:
        return lr * (step + 1) / warmup
    if step >= decay_steps:
        return min_lr
    ratio = (step - warmup) / (decay_steps - warmup)
    return min_lr + 0.5 * (1 + math.cos(math.pi * ratio)) * (lr - min_lr)


def read_corpus(path, tokenizer=None):
    """Token ids of the text (normalised as the page does) and the tokenizer (char)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if tokenizer is None:
        tokenizer = {"kind": "char", "chars": sorted(set(lip.unicodedata.normalize(
            "NFC", text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))))}
    return torch.tensor(lip.encode(tokenizer, text.lstrip("\ufeff")), dtype=torch.long), tokenizer


def windows(tokens, starts, block_size):
    x = torch.stack([tokens[s:s + block_size] for s in starts])
    y = torch.stack([tokens[s + 1:s + 1 + block_size] for s in starts])
    return x, y


def fixed_batches(tokens, n_batches, batch_size, block_size):
    """dataset.ts fixedBatches: evenly spaced windows covering the split, the same every time."""
    span, total = len(tokens) - block_size, n_batches * batch_size
    starts = [(i * span) // total for i in range(total)]
    return [windows(tokens, starts[b * batch_size:(b + 1) * batch_size], block_size) for b in range(n_batches)]


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # src/data/realWords.ts WORD (letters, digits, inner apostrophes)


def real_word_share(text, vocabulary):
    """src/data/realWords.ts realWordShare: whole words of 2+ characters found in the corpus; None when none."""
    words = [w.lower() for w in WORD.findall(text)]
    if words and re.search(r"[^\W_]$", text):
        words.pop()  # stopped mid-word
    words = [w for w in words if len(w) >= 2]
    return sum(w in vocabulary for w in words) / len(words) if words else None


@torch.no_grad()
def progress_sample(model, tokenizer, length, generator):
    """src/train/progressSample.ts: `length` tokens after a newline, temperature 0.8, top-k 40."""
    model.eval()
    chars = tokenizer["chars"]
    ids = [chars.index("\n")] if "\n" in chars else [0]
    for _ in range(length):
        logits = model(torch.tensor([ids[-model.block_size:]]))[0, -1] / 0.8
        kth = torch.topk(logits, min(40, logits.numel())).values[-1]
        probs = torch.softmax(logits.masked_fill(logits < kth, float("-inf")), -1)
        ids.append(int(torch.multinomial(probs, 1, generator=generator)))
    model.train()
    return "".join(chars[i] for i in ids[1:])


@torch.no_grad()
def val_loss(model, batches):
    model.eval()
    losses = [torch.nn.functional.cross_entropy(model(x).flatten(0, 1), y.flatten()).item() for x, y in batches]
    model.train()
    return sum(losses) / len(losses)


def main():
    presets = read_presets()
    ap = argparse.ArgumentParser(description="Train the playground's GPT in PyTorch and time it.")
    ap.add_argument("--preset", choices=sorted(presets), default="baby")
    ap.add_argument("--steps", type=int, default=100, help="steps to train (default 100)")
    ap.add_argument("--timed-after", type=int, default=5, help="warm-up steps left out of tokens/s (default 5)")
    ap.add_argument("--max-steps", type=int, default=5000, help="the cosine's horizon, the page's maxSteps (default 5000)")
    ap.add_argument("--warmup-steps", type=int, default=100)
    ap.add_argument("--lr", type=float, default=0, help="peak learning rate (default: the preset's)")
    ap.add_argument("--eval-every", type=int, default=0, help="steps between validation losses (0: only at the end)")
    ap.add_argument("--eval-batches", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own choice)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "public", "corpus", "moby-dick.txt"))
    ap.add_argument("--load", metavar="EXPORT", help="continue from a page export (.safetensors): its shape and alphabet, "
                    "--preset's batch and lr, fresh AdamW moments")
    ap.add_argument("--sample-every", type=int, default=0, help="steps between progress samples, each with its real-word "
                    "share (npm run speedrun's 'words' phase; 0: none)")
    ap.add_argument("--json", action="store_true", help="print one JSON line of results at the end")
    ap.add_argument("--device", default="cpu", help="cpu (default) or cuda (a GPU: the yardstick of npm run bench:gpu)")
    ap.add_argument("--compile", action="store_true", help="torch.compile the model (where this torch has it)")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        lip.fail(f"{args.corpus} is missing: run `npm run prepare-corpus` first")
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        lip.fail("--device cuda: this torch sees no CUDA GPU (torch.cuda.is_available() is False)")
    device = torch.device(args.device)
    torch.manual_seed(args.seed)

    if args.load:
        if not os.path.exists(args.load):
            lip.fail(f"{args.load} does not exist: export a model from the page (Export model) first")
        model, cfg, tokenizer, _ = lip.load(args.load)
        tokens, _ = read_corpus(args.corpus, tokenizer)
        shape = dict(cfg, batchSize=presets[args.preset]["batchSize"], lr=presets[args.preset]["lr"])
        model.train()
    else:
        tokens, tokenizer = read_corpus(args.corpus)
        shape = dict(presets[args.preset], vocabSize=len(tokenizer["chars"]))
        model = lip.GPT(shape)
        gpt2_init(model, shape["nLayer"])
    if args.lr:
        shape["lr"] = args.lr
    B, T = shape["batchSize"], shape["blockSize"]
    model.to(device)
    compiled = "no"
    if args.compile:
        if hasattr(torch, "compile"):
            try:
                model = torch.compile(model)
                compiled = "yes"
            except Exception as e:  # noqa: BLE001  (an old or a CPU-only build: say so, run eager)
                compiled = f"failed: {e}"
        else:
            compiled = f"unavailable in torch {torch.__version__}"
        print(f"torch.compile: {compiled}")
    n = int(len(tokens) * 0.9)
    train, val = tokens[:n], tokens[n:]
    val_batches = [(x.to(device), y.to(device)) for x, y in fixed_batches(val, args.eval_batches, B, T)]

    params = list(model.named_parameters())
    groups = [{"params": [p for _, p in params if p.dim() >= 2], "weight_decay": OPTIMIZER["weight_decay"]},
              {"params": [p for _, p in params if p.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=shape["lr"], betas=OPTIMIZER["betas"], eps=OPTIMIZER["eps"])
    blas = blas_report()
    n_params = sum(p.numel() for _, p in params)
    device_name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"device: {device_name}")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; BLAS built with: "
          f"{'; '.join(blas['built_with']) or '?'}; loaded: {', '.join(blas['loaded']) or 'none found'}")
    print(f"{args.load or args.preset}: {shape['nLayer']} layers, {shape['nHead']} heads, width {shape['nEmbd']}, context {T}, "
          f"batch {B}, vocab {shape['vocabSize']}, {n_params:,} parameters")

    evals, timed_s, timed_steps, loss = [], 0.0, 0, float("nan")
    # npm run speedrun's yardstick: training seconds (evaluation and samples excluded) at each
    # evaluation and sample, and each sample's real-word share.
    train_s, eval_times, samples = 0.0, [], []
    vocabulary = set(w.lower() for w in WORD.findall(lip.unicodedata.normalize("NFC", open(args.corpus, encoding="utf-8").read())))
    sample_gen = torch.Generator().manual_seed(args.seed + 2)
    for step in range(args.steps):
        if args.eval_every and step % args.eval_every == 0:
            evals.append((step, val_loss(model, val_batches)))
            eval_times.append(train_s)
            print(f"step {step}: val loss {evals[-1][1]:.4f}")
        if args.sample_every and step % args.sample_every == 0:
            text = progress_sample(model, tokenizer, 200, sample_gen.manual_seed(args.seed + 2))
            samples.append({"step": step, "trainSeconds": train_s, "realWordShare": real_word_share(text, vocabulary), "text": text})
        t0 = time.perf_counter()
        lr = learning_rate(step, shape["lr"], shape["lr"] / 10, args.warmup_steps, args.max_steps)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = windows(train, torch.randint(len(train) - T, (B,)).tolist(), T)
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss_t = torch.nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten())
        opt.zero_grad(set_to_none=True)
        loss_t.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), OPTIMIZER["grad_clip"])
        opt.step()
        loss = loss_t.item()  # a sync point, as the page's loss read
        train_s += time.perf_counter() - t0
        if step >= args.timed_after:
            timed_s += time.perf_counter() - t0
            timed_steps += 1
    evals.append((args.steps, val_loss(model, val_batches)))
    eval_times.append(train_s)
    tokens_per_s = timed_steps * B * T / timed_s if timed_s > 0 else None
    print(f"step {args.steps}: train loss {loss:.4f}, val loss {evals[-1][1]:.4f}")
    print(f"tokens/s: {tokens_per_s:,.0f} ({timed_steps} steps timed, {1000 * timed_s / max(timed_steps, 1):.1f} ms/step)"
          if tokens_per_s else "tokens/s: not measured (no step after --timed-after)")
    if args.json:
        print(json.dumps({"preset": args.preset, "steps": args.steps, "timedSteps": timed_steps,
                          "msPerStep": 1000 * timed_s / timed_steps if timed_steps else None,
                          "tokensPerSecond": tokens_per_s, "params": n_params, "threads": torch.get_num_threads(),
                          "torch": torch.__version__, "blas": blas, "valLoss": evals, "trainLoss": loss,
                          "device": device_name, "compiled": compiled,
                          "batchSize": B, "blockSize": T, "maxSteps": args.max_steps, "warmupSteps": args.warmup_steps,
                          "lr": shape["lr"], "evalTrainSeconds": eval_times, "samples": samples}))


if __name__ == "__main__":
    main()
