// Back-off between retries: network errors and 5xx are retried, doubling the delay each time; 4xx never.

import { ConnectionClosed, TimeoutError } from './http.js';

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

/** Waits `ms`; Ctrl-C (the signal) ends the wait at once. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Why a request got no usable answer, as data for a diagnostic: a code that src/publish/rules.ts words in
 * each language (`reason` phrases), the numbers it needs, and — only when neither ajar nor Node names the
 * problem — the foreign library's own text as `detail`.
 */
export interface NoAnswer {
  readonly reason: NoAnswerReason;
  /** http-status: the status; a network error: Node's code (ECONNREFUSED, …); S3: the service's error code. */
  readonly status?: number;
  readonly code?: string;
  /** A timeout: the bound that passed, in seconds (as the ajar.yaml setting counts them). */
  readonly seconds?: number;
  readonly detail?: string;
}

export type NoAnswerReason =
  | 'http-status'
  | 'connect-timeout'
  | 'response-timeout'
  | 'idle-timeout'
  | 'closed'
  | 'closed-mid-answer'
  | 'refused'
  | 'reset'
  | 'host-not-found'
  | 'network';

const byNodeCode: Readonly<Record<string, NoAnswerReason>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ENOTFOUND: 'host-not-found',
  EAI_AGAIN: 'host-not-found',
};

/** A request that failed without an HTTP answer, classified: ajar's own timeouts and closes, Node's codes, or the library's text. */
export function noAnswer(error: unknown): NoAnswer {
  if (error instanceof TimeoutError) return { reason: `${error.kind}-timeout`, seconds: error.ms / 1000 };
  if (error instanceof ConnectionClosed) return { reason: error.midAnswer ? 'closed-mid-answer' : 'closed' };
  const e = error as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  const inner = e?.cause?.code ? e.cause : e;
  const code = typeof inner?.code === 'string' ? inner.code : undefined;
  const known = code ? byNodeCode[code] : undefined;
  if (known) return { reason: known, code: code! };
  const detail = inner?.message || e?.message || String(error);
  return { reason: 'network', ...(code ? { code } : {}), detail };
}

/** An HTTP status that was retried until the attempts ran out. */
export function statusAnswer(status: number, code?: string): NoAnswer {
  return { reason: 'http-status', status, ...(code ? { code } : {}) };
}
