// The message of anything thrown: an Error's message, or the value as text.

/** What a caught value says, for a message a person reads. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The model's outputs are not finite numbers: its weights have diverged. Typed so each caller can
 * say what to do next in its own terms (Reset the run; pick another saved run).
 */
export class OutputsNotFinite extends Error {
  constructor(message = "The model's outputs are not finite numbers: its weights have diverged.") {
    super(message);
  }
}
