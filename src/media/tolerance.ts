// How long a run waits for an unreachable Redis: apart from queue.ts so that reading the setting does not load
// BullMQ and ioredis (every `ajar build` reads the media stage's face; only a queue run needs the client).

/** How long Redis may stay unreachable before a run gives up on it (`--queue-tolerance`, AJAR_QUEUE_TOLERANCE). */
export const DEFAULT_QUEUE_TOLERANCE_SECONDS = 60;

/** The tolerance in seconds from the option or AJAR_QUEUE_TOLERANCE; the default when neither is a number ≥ 1. */
export function toleranceFrom(option: number | undefined, env: Readonly<Record<string, string | undefined>>): number {
  if (option !== undefined && option >= 1) return option;
  const fromEnv = Number(env.AJAR_QUEUE_TOLERANCE);
  return Number.isFinite(fromEnv) && fromEnv >= 1 ? fromEnv : DEFAULT_QUEUE_TOLERANCE_SECONDS;
}
