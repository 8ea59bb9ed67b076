// Back-off between retries: network errors and 5xx are retried, doubling the delay each time; 4xx never.

export function backoffDelays(retries: number, firstDelayMs: number): number[] {
  return Array.from({ length: retries }, (_, i) => firstDelayMs * 2 ** i);
}

/** Whether an HTTP status (undefined: no response, i.e. a network error) is worth another attempt. */
export function isRetryable(status: number | undefined): boolean {
  if (status === undefined || status === 0) return true;
  if (status === 408 || status === 429) return true;
  return status >= 500;
}

export function isAuthFailure(status: number | undefined, code?: string): boolean {
  if (status === 401) return true;
  if (status === 403) return true;
  return code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** “connect ECONNREFUSED 127.0.0.1:1080” rather than a library's whole error chain. */
export function describeNetworkError(error: unknown): string {
  const e = error as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  const inner = e?.cause ?? e;
  return inner?.message || inner?.code || String(error);
}
