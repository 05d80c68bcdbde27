// The example prompts the page offers for Moby Dick (src/ui/promptPresets.ts), completed by the
// long run's last snapshot when it is packed, for the README and the manifest.
export const PROMPTS = [
  'Call me',
  'The whale',
  'The crew of the Pequod:\n1. Ahab, the captain.\n2. Starbuck, the chief mate.\n3.',
  '"Aye, aye, sir!" cried Stubb. "',
  'Explain what a harpoon is.',
];
