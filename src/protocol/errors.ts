// The message of anything thrown: an Error's message, or the value as text.

/** What a caught value says, for a message a person reads. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
