// Bounded concurrency, one way for every stage: reading a course's files, transcoding media, asking a
// publish target what it holds.

/** A function that runs the tasks given to it, at most `n` at once, in the order given. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  const size = Math.max(1, Math.floor(n));
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return (task) =>
    new Promise((resolve, reject) => {
      const run = () => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < size) run();
      else waiting.push(run);
    });
}

/** Runs `worker` on every item, at most `n` at once; rejects with the first failure. */
export async function forEachLimited<T>(items: readonly T[], n: number, worker: (item: T) => Promise<void>): Promise<void> {
  const limit = limiter(n);
  await Promise.all(items.map((item) => limit(() => worker(item))));
}
