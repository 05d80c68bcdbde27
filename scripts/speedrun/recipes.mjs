// The recipes a speedrun can name: URL parameters on top of the page's defaults. 'default' is the
// page as it ships (no parameters); 'nanogpt' pins the default of before issue 21 (nanoGPT's baby
// recipe with a 5,000-step cosine and the page's old cadences), so it stays measurable after the
// defaults change. A lever under test is given with --params.

export const RECIPES = {
  default: {},
  nanogpt: {
    preset: 'baby',
    lr: '0.001',
    warmupSteps: '100',
    maxSteps: '5000',
    evalEvery: '100',
    evalBatches: '20',
    sampleEvery: '250',
    sampleLength: '200',
  },
};

/** The bundled texts a speedrun trains on, with the targets it reports (nats per character). */
export const TEXTS = {
  'moby-dick': { name: 'Moby Dick', corpus: 'public/corpus/moby-dick.txt', targets: [2.5, 2.2, 2.0, 1.8] },
  sotu: { name: 'State of the Union', corpus: 'public/corpus/sotu.txt', targets: [2.5, 2.2, 2.0, 1.8] },
};
