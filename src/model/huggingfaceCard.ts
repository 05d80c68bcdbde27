// The model card (README.md) of a Hugging Face export: what the model is, what it learned from and
// for how long, how well (validation loss), how to reproduce the run and how to use it. Follows
// the Hub's model card layout: YAML metadata (library_name, pipeline_tag, tags), then Markdown.
import { countParams, type GPTConfig } from './config';
import { OPTIMIZER, minLr, type RunSettings } from '../protocol/settings';
import type { TokenizerSpec } from '../protocol/tokenizerSpec';

/** What the card says that the weights do not: the text, the measured loss, the link. */
export interface ModelCardFacts {
  /** The folder's name ("moby-dick-step1200-hf"), as the examples load it. */
  folderName: string;
  textName: string;
  /** The files the text was joined from (one for a bundled book). */
  textFiles: string[];
  characters: number;
  trainTokens: number;
  valTokens: number;
  /** Mean validation loss (nats/token) of these weights on the run's validation windows, measured at export. */
  valLoss: number | null;
  /** A page address whose query sets this run's settings; null when the page gave none. */
  link: string | null;
}

const int = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function tokenizerLine(spec: TokenizerSpec, repeated: number): string {
  if (spec.kind === 'char') return `characters (${int(spec.chars.length)} symbols, one token each)`;
  const note = repeated > 0 ? `; ${repeated} token(s) repeat an earlier token's bytes and load as that earlier id` : '';
  return `byte-level BPE as GPT-2's (${int(256 + spec.merges.length)} tokens: 256 bytes + ${int(spec.merges.length)} merges learned on this text${note})`;
}

/**
 * README.md of the export.
 * @param repeated BPE tokens whose bytes repeat an earlier token's (huggingfaceTokenizer.ts).
 */
export function modelCard(
  facts: ModelCardFacts,
  config: GPTConfig,
  s: RunSettings,
  step: number,
  tokenizer: TokenizerSpec,
  repeated: number,
): string {
  const T = config.blockSize;
  const files = facts.textFiles.length > 1 ? ` (joined from ${facts.textFiles.join(', ')})` : '';
  const loss =
    facts.valLoss === null
      ? 'not measured'
      : `${facts.valLoss.toFixed(4)} nats/token (perplexity ${Math.exp(facts.valLoss).toFixed(2)}), measured at export on the run's ${s.evalBatches} validation batches of ${s.batchSize} × ${T} tokens`;
  const reproduce = facts.link
    ? `Reproduce the run: [open Pretrain Playground with these settings](${facts.link}) and choose the same text and tokenizer there (the link carries the settings and seed, not the text). Same settings, text and seed give the same run on the same backend.`
    : 'Reproduce the run: open Pretrain Playground with the settings above and the same text and tokenizer.';
  const prompt = tokenizer.kind === 'char' ? tokenizer.chars.slice(0, 3).join('') : 'The';
  return `---
library_name: transformers
pipeline_tag: text-generation
tags:
- gpt2
- pretrain-playground
---

# ${facts.folderName}

A small GPT-2 trained from scratch in a web browser by Pretrain Playground, on **${facts.textName}**${files}.

| | |
|---|---|
| Trained on | ${facts.textName}: ${int(facts.characters)} characters; ${int(facts.trainTokens)} training and ${int(facts.valTokens)} validation tokens (the last 10 %) |
| Tokenizer | ${tokenizerLine(tokenizer, repeated)} |
| Model | GPT-2: ${plural(config.nLayer, 'layer')}, ${plural(config.nHead, 'head')}, width ${config.nEmbd}, context ${T} tokens, ${int(countParams(config))} parameters |
| Steps | ${int(step)} of ${int(s.maxSteps)}, batch ${s.batchSize} × ${T} tokens |
| Tokens seen | ${int(step * s.batchSize * T)} |
| Validation loss | ${loss} |
| Optimizer | AdamW (β ${OPTIMIZER.beta1}/${OPTIMIZER.beta2}, weight decay ${OPTIMIZER.weightDecay} on matrices), learning rate ${s.lr} after ${s.warmupSteps} warm-up steps, cosine to ${Number(minLr(s).toPrecision(6))} at step ${int(s.maxSteps)}, clipping ${OPTIMIZER.gradClip} |
| Seed | ${s.seed} |

${reproduce}

## Use it

\`\`\`python
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("${facts.folderName}")
model = AutoModelForCausalLM.from_pretrained("${facts.folderName}")
ids = tokenizer(${JSON.stringify(prompt)}, return_tensors="pt").input_ids
print(tokenizer.decode(model.generate(ids, max_new_tokens=${Math.max(1, Math.min(40, T - 8))}, do_sample=True)[0]))
\`\`\`

The model sees at most ${T} tokens: keep the prompt and the new tokens within that (generation_config.json stops there; GPT-2 has no position beyond it). There is no end-of-text token: generation runs to the length asked for.

To train on (one GPU or many, or the CPU), with the repository's scripts:

\`\`\`sh
torchrun --nproc_per_node=2 scripts/train_torch.py --from ${facts.folderName} --text your-text.txt --steps 1000 --out runs
\`\`\`

## Files

- \`model.safetensors\`: float32 weights under GPT2LMHeadModel's names (\`lm_head\` tied to \`transformer.wte\`); its metadata also holds the run (config, tokenizer, settings, step).
- \`config.json\` (GPT-2: \`gelu_new\`, LayerNorm eps 1e-5, biases everywhere, no dropout), \`generation_config.json\`.
- \`tokenizer.json\`, \`tokenizer_config.json\`${tokenizer.kind === 'bpe' ? ", and GPT-2's `vocab.json` and `merges.txt`" : ''}.
- \`playground_logits.json\`: the page's own next-token logits after a prompt; \`python3 scripts/check_hf_export.py ${facts.folderName}\` compares transformers' with them.
`;
}
