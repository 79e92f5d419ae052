// The state of `ehcp minutes new`'s questions, saved after every answer: its own module so
// that the questions (minutes.ts) and the review (review.ts) share it without importing each other.

export const MINUTES_STEPS = ['kind', 'date', 'when', 'attendees', 'purpose', 'discussion', 'decisions', 'outcome', 'actions', 'finish'] as const;
export type MinutesStep = (typeof MINUTES_STEPS)[number];

export interface MinutesSession {
  /** The minutes fields answered or given so far (no schema, id, case or status). */
  values: Record<string, unknown>;
  done: Set<string>;
  pending?: { step: string; item: Record<string, unknown> };
  /** Top-level fields given by flags, --set or --from: never asked. */
  given: Set<string>;
  /** List sections the officer went back to from the review: their items are offered for change. */
  revisit?: Set<string>;
}
