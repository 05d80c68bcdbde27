"""Read a Hugging Face GPT-2 folder (the page's "Export for Hugging Face", unzipped or not) as a run.

Returns what scripts/load_in_pytorch.py's GPT and scripts/train_torch.py need: the weights under
our names (GPT2LMHeadModel's "transformer." prefix dropped; linears stay [in, out], GPT-2's Conv1D
layout, as in our own export), the config, the tokenizer as the page writes it, the run's settings
and step. The page's export carries its tokenizer, settings and step in model.safetensors'
metadata; a folder saved by transformers itself (after fine-tuning there, say) has none, so its
tokenizer is rebuilt from vocab.json + merges.txt (byte-level BPE whose ids 0-255 are GPT-2's
bytes_to_unicode characters of the bytes 0-255, as ours are) or from tokenizer.json (one character
per token), its step is 0 and its settings unknown. Only the standard library and torch are needed.
"""
import atexit
import json
import os
import shutil
import sys
import tempfile
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load_in_pytorch as lip  # noqa: E402

PREFIX = "transformer."


def fail(message):
    sys.exit(f"hf_folder: {message}")


def byte_to_unicode():
    """GPT-2's bytes_to_unicode (openai/gpt-2 encoder.py): byte -> printable character."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


EXTRACTED = []  # folders unzipped into by open_folder, removed at exit


@atexit.register
def remove_extracted():
    """Removes the folders zips were extracted to (at exit; call it before an os._exit)."""
    while EXTRACTED:
        shutil.rmtree(EXTRACTED.pop(), ignore_errors=True)


def open_folder(path):
    """The folder holding config.json: `path` itself, its one subfolder, or the folder inside a zip (extracted to a temporary directory)."""
    if zipfile.is_zipfile(path):
        target = tempfile.mkdtemp(prefix="hf-export-")
        EXTRACTED.append(target)
        with zipfile.ZipFile(path) as z:
            z.extractall(target)
        path = target
    if not os.path.isdir(path):
        fail(f"{path} is neither a folder nor a zip")
    if os.path.exists(os.path.join(path, "config.json")):
        return path
    inner = [os.path.join(path, d) for d in os.listdir(path) if os.path.exists(os.path.join(path, d, "config.json"))]
    if len(inner) != 1:
        fail(f"{path} holds no config.json (nor one folder that does): is it a Hugging Face export?")
    return inner[0]


def is_folder(path):
    """Whether `path` is a Hugging Face folder or zip rather than one .safetensors file."""
    return os.path.isdir(path) or zipfile.is_zipfile(path)


def tokenizer_from_files(folder, vocab_size):
    """Our tokenizer spec rebuilt from the folder's tokenizer files, checked against our id layout."""
    vocab_path, merges_path = os.path.join(folder, "vocab.json"), os.path.join(folder, "merges.txt")
    if os.path.exists(vocab_path) and os.path.exists(merges_path):
        with open(vocab_path, encoding="utf-8") as f:
            vocab = json.load(f)
        with open(merges_path, encoding="utf-8") as f:
            lines = f.read().split("\n")[1:-1]  # as GPT2Tokenizer: a #version line first, a final newline
        unicode = byte_to_unicode()
        if any(vocab.get(unicode[b]) != b for b in range(256)):
            fail("vocab.json's ids 0-255 are not the bytes 0-255: this BPE is not laid out as the page's")
        merges = []
        for rank, line in enumerate(lines):
            a, b = line.split(" ")
            if vocab.get(a + b) != 256 + rank:
                fail(f"merges.txt line {rank + 2} ({line}) does not make id {256 + rank}")
            merges.append([vocab[a], vocab[b]])
        spec = {"kind": "bpe", "merges": merges}
    else:
        with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
            model = json.load(f)["model"]
        if model.get("merges"):
            fail("tokenizer.json has merges but the folder has no vocab.json/merges.txt")
        by_id = sorted(model["vocab"].items(), key=lambda kv: kv[1])
        if [i for _, i in by_id] != list(range(len(by_id))):
            fail("tokenizer.json's ids are not 0..n-1")
        spec = {"kind": "char", "chars": [c for c, _ in by_id]}
    size = 256 + len(spec["merges"]) if spec["kind"] == "bpe" else len(spec["chars"])
    if size != vocab_size:
        fail(f"the tokenizer files have {size} tokens, config.json's vocab_size is {vocab_size}")
    return spec


def read_folder(folder):
    """A Hugging Face GPT-2 folder as {tensors (our names), cfg, tokenizer, settings or None, step, hf_config}."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        hf = json.load(f)
    if hf.get("model_type") != "gpt2":
        fail(f"config.json's model_type is {hf.get('model_type')!r}, not 'gpt2'")
    if hf.get("activation_function", "gelu_new") not in ("gelu_new", "gelu_pytorch_tanh"):
        fail(f"activation {hf.get('activation_function')!r}: our GPT uses GELU's tanh form (gelu_new)")
    if hf.get("n_inner") not in (None, 4 * hf["n_embd"]) or hf.get("layer_norm_epsilon", 1e-5) != 1e-5:
        fail("n_inner or layer_norm_epsilon differ from GPT-2's, which our GPT fixes")
    cfg = {"vocabSize": hf["vocab_size"], "blockSize": hf["n_positions"], "nLayer": hf["n_layer"],
           "nHead": hf["n_head"], "nEmbd": hf["n_embd"]}
    raw, metadata = lip.read_safetensors(os.path.join(folder, "model.safetensors"))
    if metadata.get("format") != "pt":
        print(f"(model.safetensors' metadata format is {metadata.get('format')!r}; transformers wants 'pt')", file=sys.stderr)
    head = raw.pop("lm_head.weight", None)
    tensors = {name[len(PREFIX):] if name.startswith(PREFIX) else name: t for name, t in raw.items()}
    if head is not None and not lip.torch.equal(head, tensors["wte.weight"]):
        fail("lm_head.weight differs from transformer.wte.weight: our GPT ties the head to the embedding")
    if "tokenizer" in metadata:
        tokenizer = json.loads(metadata["tokenizer"])
    else:
        tokenizer = tokenizer_from_files(folder, cfg["vocabSize"])
    settings = json.loads(metadata["settings"]) if "settings" in metadata else None
    step = json.loads(metadata["step"]) if "step" in metadata else 0
    return {"tensors": tensors, "cfg": cfg, "tokenizer": tokenizer, "settings": settings, "step": step, "hf_config": hf}


def load(path):
    """(model, cfg, tokenizer, metadata) as lip.load gives, from a folder or zip instead of our .safetensors."""
    run = read_folder(open_folder(path))
    model = lip.GPT(run["cfg"])
    state = {n: t.t() if n.endswith(lip.CONV1D_WEIGHTS) else t for n, t in run["tensors"].items()}
    model.load_state_dict(state, strict=True)
    model.eval()
    metadata = {"step": json.dumps(run["step"]), "tokenizer": json.dumps(run["tokenizer"])}
    if run["settings"] is not None:
        metadata["settings"] = json.dumps(run["settings"])
    return model, run["cfg"], run["tokenizer"], metadata
