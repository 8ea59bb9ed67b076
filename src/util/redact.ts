// Secrets never reach output, one way for every command: every line publish writes (report, progress,
// errors from libraries) passes through a redactor that knows the secret values of the run, raw, URL- and
// base64-encoded; and the user:password part of a URL (a Redis queue, an S3 store) is never printed.

import { Writable } from 'node:stream';

export const REDACTED = '[redacted]';

export type Redact = (text: string) => string;

export function makeRedactor(secrets: readonly string[]): Redact {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // Very short values would redact ordinary words; credentials are never that short.
    if (!secret || secret.length < 4) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(Buffer.from(secret).toString('base64'));
  }
  // Longest first, so a secret that contains another is removed whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrl(text);
    for (const needle of ordered) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  };
}

/** `redis://user:password@host` → `redis://[redacted]@host`, wherever a URL stands in the text. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/)[^@/\s]*@/g, `$1${REDACTED}@`);
}

/** A stream that redacts whatever is written to it before passing it on (keeps `isTTY`). */
export function redactingStream<T extends NodeJS.WritableStream & { isTTY?: boolean }>(target: T, redact: Redact): NodeJS.WritableStream & { isTTY?: boolean } {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      target.write(redact(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      callback();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = target.isTTY;
  return stream;
}
