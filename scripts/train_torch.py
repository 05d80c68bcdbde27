#!/usr/bin/env python3
"""Continue a Pretrain Playground model in PyTorch: one process, or many with DistributedDataParallel.

  /usr/bin/python3 scripts/train_torch.py --from moby-dick-step300.safetensors --steps 200 --out runs
  torchrun --nproc_per_node=2 scripts/train_torch.py --from moby-dick-step300-hf.zip --steps 200 --out runs     # 2 CPU processes (gloo)
  torchrun --nproc_per_node=8 scripts/train_torch.py --from moby-dick-step300-hf --text my.txt --steps 5000 --out runs   # 8 GPUs (NCCL)

--from is the page's .safetensors export, its Hugging Face export (zip or folder) or a checkpoint
written here. The run goes on from the export's step with its model, tokenizer and settings: the
same model, data and schedule as the page and scripts/reference_pytorch.py (whose schedule, windows
and optimizer constants are imported from it): AdamW (betas 0.9/0.99, weight decay 0.1 on matrices),
clipping at 1.0, linear warm-up then cosine to lr/10 at the run's maxSteps, random training windows
of the first 90 % of the text, the page's fixed validation windows of the last 10 %. AdamW starts
with empty moments, as the page's Import does (an export holds weights only), so its first updates
are sign-like steps of the full learning rate: from baby's export at step 300 they raised the
validation loss by 0.03-0.05 nats for about 15 steps (3 seeds); the learning rate ramps up again over
--rewarm steps (20), which removes the bump (0 trains as the page's Import does). Under torchrun (nanoGPT's
train.py recipe) each process draws its own windows and DDP averages the gradients, so the step is
the global batch (--batch-size, default the run's), split evenly across processes: one process and
N processes train the same way, with different random windows. Rank 0 writes checkpoints the page's
Import model reads back (<text>-step<N>.safetensors: our names and __metadata__) and a log of losses.
"""
import argparse
import json
import math
import os
import re
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_pytorch as ref  # noqa: E402  (the schedule, the windows, the optimizer constants)
import load_in_pytorch as lip  # noqa: E402  (the model and our safetensors format)
import hf_folder  # noqa: E402
import playground_tokenizer  # noqa: E402

torch = lip.torch
dist = torch.distributed
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# protocol/settings.ts DEFAULT_SETTINGS, for a folder that carries no settings (saved by transformers itself)
DEFAULT_SETTINGS = dict(preset="baby", batchSize=12, lr=3e-3, warmupSteps=30, maxSteps=5000, seed=1337,
                        evalEvery=50, evalBatches=10, sampleEvery=100, sampleLength=200)
MAX_STEPS_LIMIT = 100000  # SETTING_RANGES.maxSteps: the page refuses settings beyond it


def say(*parts):
    """Print on rank 0 only."""
    if int(os.environ.get("RANK", "0")) == 0:
        print(*parts, flush=True)


def load_export(path):
    """(model, cfg, tokenizer, settings, step) of a page export, a Hugging Face export or a checkpoint of ours."""
    if not os.path.exists(path):
        lip.fail(f"{path} does not exist: export a model from the page first")
    model, cfg, tokenizer, metadata = hf_folder.load(path) if hf_folder.is_folder(path) else lip.load(path)
    settings = json.loads(metadata["settings"]) if "settings" in metadata else dict(
        DEFAULT_SETTINGS, nLayer=cfg["nLayer"], nHead=cfg["nHead"], nEmbd=cfg["nEmbd"], blockSize=cfg["blockSize"])
    return model, cfg, tokenizer, settings, int(json.loads(metadata.get("step", "0")))


def text_tokens(path, tokenizer):
    """The text's ids under the export's tokenizer; a character the alphabet lacks is refused, as the page refuses it."""
    with open(path, encoding="utf-8") as f:
        ids, skipped = playground_tokenizer.Tokenizer(tokenizer).encode(f.read())
    if skipped:
        lip.fail(f"{path} has characters this model's alphabet lacks ({''.join(skipped[:20])!r}): train on the text it learned")
    return torch.tensor(ids, dtype=torch.long)


def file_stem(text_path, step):
    """protocol/modelExport.ts exportFileStem: "moby-dick.txt", 340 -> "moby-dick-step340"."""
    slug = re.sub(r"\.[a-z0-9]+$", "", os.path.basename(text_path).lower())
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or "model"
    return f"{slug}-step{step}"


def save_checkpoint(path, model, cfg, tokenizer, settings, step):
    """Our .safetensors export (src/model/exportModel.ts): GPT-2 names, linears [in, out], float32, our __metadata__."""
    tensors = [(n, (t.t() if n.endswith(lip.CONV1D_WEIGHTS) else t).detach().float().cpu().contiguous())
               for n, t in model.state_dict().items()]
    header, offset = {}, 0
    for name, t in tensors:
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + 4 * t.numel()]}
        offset += 4 * t.numel()
    config = {k: cfg[k] for k in ("vocabSize", "blockSize", "nLayer", "nHead", "nEmbd")}
    header["__metadata__"] = {"format": lip.FORMAT, "config": json.dumps(config), "tokenizer": json.dumps(tokenizer),
                              "settings": json.dumps(settings), "step": json.dumps(step)}
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the buffer starts 8-aligned
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, t in tensors:
            f.write(t.numpy().astype("<f4").tobytes())
    os.replace(path + ".tmp", path)


@torch.no_grad()
def val_loss(model, batches, device, rank, world):
    """Mean loss over the page's validation windows, each process taking every world-th batch."""
    model.eval()
    total = torch.zeros(2, dtype=torch.float64, device=device)
    for x, y in batches[rank::world]:
        total[0] += torch.nn.functional.cross_entropy(model(x.to(device)).flatten(0, 1), y.to(device).flatten()).item()
        total[1] += 1
    if world > 1:
        dist.all_reduce(total)
    model.train()
    return float(total[0] / total[1])


def main():
    ap = argparse.ArgumentParser(description="Continue a Pretrain Playground model in PyTorch (DDP under torchrun).")
    ap.add_argument("--from", dest="export", required=True, help="the page's .safetensors or Hugging Face export, or a checkpoint of ours")
    ap.add_argument("--text", default=os.path.join(ROOT, "public", "corpus", "moby-dick.txt"), help="text to train on (default Moby Dick)")
    ap.add_argument("--steps", type=int, default=100, help="steps to train past the export's step (default 100)")
    ap.add_argument("--out", default="runs", help="folder for checkpoints and the log (default runs)")
    ap.add_argument("--batch-size", type=int, help="global batch, split across processes (default: the run's)")
    ap.add_argument("--lr", type=float, help="peak learning rate (default: the run's)")
    ap.add_argument("--max-steps", type=int, help="where the cosine reaches lr/10 (default: the run's maxSteps)")
    ap.add_argument("--eval-every", type=int, help="steps between validation losses (default: the run's evalEvery)")
    ap.add_argument("--save-every", type=int, default=0, help="steps between checkpoints (default: only at the end)")
    ap.add_argument("--seed", type=int, help="seed of the training windows (default: the run's)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="auto: a GPU when there is one")
    ap.add_argument("--rewarm", type=int, default=20, help="steps over which the learning rate ramps up again: AdamW restarts with empty moments (default 20; 0 trains as the page's Import does)")
    ap.add_argument("--log-every", type=int, default=10)
    args = ap.parse_args()

    rank, world = int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group(backend="nccl" if cuda else "gloo")

    model, cfg, tokenizer, settings, start = load_export(args.export)
    batch = args.batch_size or settings["batchSize"]
    if batch % world:
        lip.fail(f"the global batch ({batch}) must divide by the number of processes ({world}): give --batch-size")
    lr = args.lr or settings["lr"]
    max_steps = args.max_steps or settings["maxSteps"]
    eval_every = args.eval_every or settings["evalEvery"]
    seed = settings["seed"] if args.seed is None else args.seed
    T = cfg["blockSize"]
    tokens = text_tokens(args.text, tokenizer)
    n = int(len(tokens) * 0.9)  # data/dataset.ts splitTokens
    train, val = tokens[:n], tokens[n:]
    val_batches = ref.fixed_batches(val, settings["evalBatches"], settings["batchSize"], T)  # the page's windows

    model.to(device).train()
    net = model
    if world > 1:
        # The causal masks are constant bool buffers, and gloo cannot broadcast bool: DDP leaves them out.
        DDP = torch.nn.parallel.DistributedDataParallel
        DDP._set_params_and_buffers_to_ignore_for_model(model, [name for name, _ in model.named_buffers()])
        net = DDP(model, device_ids=[local_rank] if cuda else None)
    params = list(model.named_parameters())
    o = ref.OPTIMIZER
    groups = [{"params": [p for _, p in params if p.dim() >= 2], "weight_decay": o["weight_decay"]},
              {"params": [p for _, p in params if p.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=lr, betas=o["betas"], eps=o["eps"])
    windows = torch.Generator().manual_seed(seed + 100_003 * rank)  # each process its own windows
    say(f"torch {torch.__version__}: {world} process(es) on {device.type}"
        f"{' (NCCL)' if world > 1 and cuda else ' (gloo)' if world > 1 else ''}, {torch.get_num_threads()} thread(s) each")
    say(f"{args.export}: step {start}, {cfg['nLayer']} layers, {cfg['nHead']} heads, width {cfg['nEmbd']}, context {T}, "
        f"{tokenizer['kind']} vocabulary {cfg['vocabSize']}; {os.path.basename(args.text)}: {len(train):,} training tokens")
    say(f"global batch {batch} ({batch // world} per process) x {T}, lr {lr} (warm-up {settings['warmupSteps']}, cosine to {lr / 10} "
        f"at {max_steps}; ramped up again over {args.rewarm} steps)")

    log = {"export": args.export, "start": start, "world": world, "batch": batch, "device": device.type, "train": [], "val": []}
    log["val"].append((start, val_loss(model, val_batches, device, rank, world)))
    say(f"step {start}: val loss {log['val'][-1][1]:.4f} (the export's weights)")
    os.makedirs(args.out, exist_ok=True)
    saved_settings = dict(settings, batchSize=batch, lr=lr, maxSteps=min(max_steps, MAX_STEPS_LIMIT))
    t0, step = time.perf_counter(), start
    for step in range(start, start + args.steps):
        for g in opt.param_groups:
            rewarm = min(1.0, (step - start + 1) / (args.rewarm + 1))  # AdamW's moments refill meanwhile
            g["lr"] = ref.learning_rate(step, lr, lr / 10, settings["warmupSteps"], max_steps) * rewarm
        x, y = ref.windows(train, torch.randint(len(train) - T, (batch // world,), generator=windows).tolist(), T)
        loss = torch.nn.functional.cross_entropy(net(x.to(device)).flatten(0, 1), y.to(device).flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()  # DDP: gradients averaged across processes here
        torch.nn.utils.clip_grad_norm_(model.parameters(), o["grad_clip"])
        opt.step()
        mean = loss.detach()
        if world > 1:
            dist.all_reduce(mean)
            mean /= world
        log["train"].append((step, float(mean)))  # the loss of step `step`, as the page's points
        done = step + 1
        if (done - start) % args.log_every == 0:
            say(f"step {done}: train loss {log['train'][-1][1]:.4f}, {(done - start) * batch * T / (time.perf_counter() - t0):,.0f} tokens/s")
        if done % eval_every == 0 or done == start + args.steps:
            log["val"].append((done, val_loss(model, val_batches, device, rank, world)))
            say(f"step {done}: val loss {log['val'][-1][1]:.4f}")
        if rank == 0 and (done == start + args.steps or (args.save_every and (done - start) % args.save_every == 0)):
            path = os.path.join(args.out, file_stem(args.text, done) + ".safetensors")
            save_checkpoint(path, model, cfg, tokenizer, saved_settings, done)
            say(f"wrote {path}")
    if rank == 0:
        log["seconds"] = time.perf_counter() - t0
        with open(os.path.join(args.out, file_stem(args.text, start + args.steps) + ".train_torch.json"), "w") as f:
            json.dump(log, f)
    hf_folder.remove_extracted()
    if world > 1:
        dist.barrier()  # leave together, once rank 0 has written its files
        # Twice in about 60 two-process runs here (torch 1.13, gloo) a process hung in teardown after its
        # work was done. Everything is written by now: a process still tearing down in 30 s just leaves,
        # and none runs the interpreter's own teardown (C++ destructors) after the group is gone.
        watchdog = threading.Timer(30, os._exit, args=(0,))
        watchdog.daemon = True
        watchdog.start()
        dist.destroy_process_group()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
