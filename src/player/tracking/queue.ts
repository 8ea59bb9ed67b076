// The statement client for slow and intermittent links. Statements are kept in order in localStorage
// from the moment they are made, so a page reload or a closed tab loses nothing; they leave in batches,
// a failed send is retried with growing pauses, and each keeps the id it was given, so a batch whose
// answer was lost is sent again as the same statements and the LRS stores nothing twice.
// State documents (resume data) wait behind the statements: the last write of a document wins.

export type Doc = { readonly url: string; readonly body: string };

interface Stored {
  /** Statements not yet acknowledged, oldest first. */
  s: { id: string; [k: string]: unknown }[];
  /** Documents to PUT, by URL (last write wins). */
  d: Record<string, string>;
}

export interface QueueOptions {
  /** xAPI base endpoint, ending with `/`. */
  readonly endpoint: string;
  /** The Authorization header value (cmi5: `Basic <auth-token>`). */
  readonly auth: string;
  /** localStorage key; one queue per endpoint and registration. */
  readonly key: string;
  readonly batch?: number;
  /** Pauses between retries (ms); the last repeats. */
  readonly backoff?: readonly number[];
  readonly onChange?: (pending: number) => void;
}

const VERSION_HEADER = { 'X-Experience-API-Version': '1.0.3' };

function load(key: string): Stored {
  try {
    const v = JSON.parse(localStorage.getItem(key) || '') as Stored;
    if (Array.isArray(v.s) && v.d && typeof v.d === 'object') return v;
  } catch {
    /* nothing kept yet, or storage disabled */
  }
  return { s: [], d: {} };
}

export class StatementQueue {
  private data: Stored;
  private sending: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private size: number;
  private readonly backoff: readonly number[];

  constructor(private readonly o: QueueOptions) {
    this.data = load(o.key);
    this.size = o.batch ?? 25;
    this.backoff = o.backoff ?? [1000, 2000, 4000, 8000, 10000];
    if (typeof window !== 'undefined') window.addEventListener('online', () => void this.flush());
  }

  get pending(): number {
    return this.data.s.length + Object.keys(this.data.d).length;
  }

  private save(): void {
    try {
      localStorage.setItem(this.o.key, JSON.stringify(this.data));
    } catch {
      /* storage full or disabled: the queue still works for this page */
    }
    this.o.onChange?.(this.pending);
  }

  enqueue(statement: { id: string }): void {
    this.data.s.push(statement as Stored['s'][number]);
    this.save();
    this.soon();
  }

  /** What was queued leaves within a second, together with whatever follows it in that second. */
  private soon(): void {
    if (this.timer === undefined && !this.sending) this.timer = setTimeout(() => void this.flush(), 1000);
  }

  /** A document write still waiting to be sent (newer than what the LRS has). */
  pendingDocument(url: string): string | undefined {
    return this.data.d[url];
  }

  putDocument(url: string, body: string): void {
    this.data.d[url] = body;
    this.save();
    this.soon();
  }

  private headers(json: boolean): Record<string, string> {
    // No auth (a Tin Can launch for an OAuth-registered provider): no empty Authorization header either.
    return { ...VERSION_HEADER, ...(this.o.auth ? { Authorization: this.o.auth } : {}), ...(json ? { 'Content-Type': 'application/json' } : {}) };
  }

  private async request(method: string, url: string, body: string, keepalive: boolean): Promise<number> {
    try {
      const r = await fetch(url, { method, headers: this.headers(true), body, keepalive, cache: 'no-store', credentials: 'omit' });
      return r.status;
    } catch {
      return 0;
    }
  }

  private drop(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.data.s = this.data.s.filter((x) => !gone.has(x.id));
    this.save();
  }

  /** One step: a batch of statements, else one document. 'done' | 'sent' | 'retry'. */
  private async step(keepalive: boolean): Promise<'done' | 'sent' | 'retry'> {
    const batch = this.data.s.slice(0, keepalive ? 10 : this.size);
    if (batch.length) {
      const status = await this.request('POST', this.o.endpoint + 'statements', JSON.stringify(batch), keepalive);
      if (status >= 200 && status < 300) return this.drop(batch.map((x) => x.id)), 'sent';
      if (status === 409) {
        // Some of these are stored already (an earlier answer was lost). One by one with PUT: 204 stores
        // it, 409 means the LRS has it — either way it is not sent again.
        for (const st of batch) {
          const one = await this.request('PUT', `${this.o.endpoint}statements?statementId=${encodeURIComponent(st.id)}`, JSON.stringify(st), keepalive);
          if ((one >= 200 && one < 300) || one === 409 || one === 400) this.drop([st.id]);
          else return 'retry';
        }
        return 'sent';
      }
      // A statement the LRS refuses outright (malformed, forbidden) would block every later one: set it aside.
      if (status === 400 || status === 403) {
        if (batch.length === 1) return this.drop([batch[0]!.id]), 'sent';
        this.size = 1;
        return 'sent';
      }
      return 'retry';
    }
    const url = Object.keys(this.data.d)[0];
    if (url === undefined) return 'done';
    const body = this.data.d[url]!;
    const status = await this.request('PUT', url, body, keepalive);
    if ((status >= 200 && status < 300) || status === 400 || status === 403) {
      // Drop only what was sent: a newer write of the same document stays queued.
      if (this.data.d[url] === body) delete this.data.d[url];
      this.save();
      return 'sent';
    }
    return 'retry';
  }

  /** Sends everything pending; resolves true when the queue is empty. Concurrent calls share one run. */
  flush(options: { keepalive?: boolean } = {}): Promise<boolean> {
    if (options.keepalive) {
      // The page is going away: fire what fits, without waiting. Whatever is not acknowledged stays
      // stored and leaves with the next launch.
      void this.step(true);
      // The resume document too, so another device resumes from here (it is the same document if sent twice).
      for (const [url, body] of Object.entries(this.data.d)) void this.request('PUT', url, body, true);
      return Promise.resolve(this.pending === 0);
    }
    if (this.sending) return this.sending;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = (async () => {
      for (;;) {
        const r = await this.step(false);
        if (r === 'done') {
          this.failures = 0;
          this.size = this.o.batch ?? 25;
          return true;
        }
        if (r === 'retry') {
          const wait = this.backoff[Math.min(this.failures++, this.backoff.length - 1)]!;
          this.timer = setTimeout(() => void this.flush(), wait);
          return false;
        }
        this.failures = 0;
      }
    })().finally(() => (this.sending = undefined));
    return this.sending;
  }
}
