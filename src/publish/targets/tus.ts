// tus 1.0 target (tus-js-client): resumable uploads to the MOOC server's upload endpoint.
//
// What the server already has is known in two ways:
// 1. the state file: each package's upload URL and sha256; a HEAD on that URL gives Upload-Offset and
//    Upload-Length — equal means complete (skip), smaller means interrupted (resume from the offset);
//    404/410 means the server dropped it (upload again);
// 2. optionally a server-side index (`lookup: https://…/{sha256}`), so a fresh CI machine without the
//    state file also sends nothing for a package the server holds.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import type { Artifact } from '../artifacts.js';
import type { TusTargetConfig } from '../config-schema.js';
import { publishDefaults, timeoutsOf } from '../config-schema.js';
import { send, TimedHttpStack, type SimpleResponse, type Timeouts } from '../http.js';
import type { Action, ContentCheck, Destination, RemoteObject, RemoteState } from '../plan.js';
import { backoffDelays, isAuthFailure, isRetryable, noAnswer, sleep, statusAnswer, type NoAnswer } from '../retry.js';
import type { PublishState, StateEntry } from '../state.js';
import { PublishFailure, type ActionOutcome, type ApplyHooks, type PublishTarget } from '../target.js';

export interface TusTargetOptions {
  name: string;
  config: TusTargetConfig;
  /** Resolved token (from the environment), if any. */
  token?: string;
  state: PublishState;
}

export class TusTarget implements PublishTarget {
  readonly type = 'tus';
  readonly name: string;
  private readonly config: TusTargetConfig;
  private readonly headers: Record<string, string>;
  private readonly state: PublishState;
  private readonly delays: number[];
  private readonly timeouts: Timeouts;
  readonly stateBinding: { endpoint: string; identity?: string };
  /** Ctrl-C of the call under way (inspect or apply; one at a time): stops its requests and back-off waits. */
  private signal: AbortSignal | undefined;

  get location(): string {
    return this.config.endpoint;
  }

  constructor(options: TusTargetOptions) {
    this.name = options.name;
    this.config = options.config;
    this.state = options.state;
    this.headers = {};
    if (options.token) {
      if (this.config.tokenHeader) this.headers[this.config.tokenHeader] = options.token;
      else this.headers.Authorization = `Bearer ${options.token}`;
    }
    this.timeouts = timeoutsOf(this.config);
    this.stateBinding = {
      endpoint: normaliseUrl(this.config.endpoint),
      ...(options.token ? { identity: credentialIdentity(this.config.tokenHeader ?? 'Authorization', options.token) } : {}),
    };
    this.delays = backoffDelays(this.config.retries ?? publishDefaults.retries, this.config.retryDelayMs ?? publishDefaults.retryDelayMs);
  }

  destinations(artifact: Artifact): Destination[] {
    if (artifact.kind !== 'package') return [];
    return [
      {
        id: `${artifact.courseId}/${artifact.version}/${artifact.format}`,
        display: `${this.config.endpoint} (${path.basename(artifact.file)})`,
        role: 'upload',
        artifact,
      },
    ];
  }

  async inspect(destinations: readonly Destination[], signal?: AbortSignal): Promise<RemoteState> {
    this.signal = signal;
    const remote = new Map<string, RemoteObject>();
    for (const destination of destinations) {
      const { sha256 } = destination.artifact;
      const known = this.state.get(this.name, destination.id);
      if (known && known.sha256 === sha256 && this.trusts(known)) {
        const response = await this.request('HEAD', known.url);
        // The URL must still be this package's upload (a server may reuse ids after a cleanup).
        const recorded = metadataValue(header(response, 'upload-metadata'), 'sha256');
        if (ok(response) && (recorded === undefined || recorded === sha256)) {
          const offset = Number(header(response, 'upload-offset'));
          const length = Number(header(response, 'upload-length'));
          if (Number.isFinite(offset) && offset === length) {
            // Offset and the recorded hash say "complete"; the content is checked before it counts as unchanged.
            remote.set(destination.id, await this.checkContent(known.url, sha256, length));
            continue;
          }
          if (Number.isFinite(offset)) {
            remote.set(destination.id, { sha256, complete: false, resumeUrl: known.url, offset });
            continue;
          }
        }
      }
      if (this.config.lookup && (await this.serverHolds(sha256))) remote.set(destination.id, { sha256, complete: true, checked: 'server-index' });
    }
    return remote;
  }

  private get verifyMode(): 'download' | 'lookup' | 'none' {
    return this.config.verifyUnchanged ?? (this.config.lookup ? 'lookup' : 'download');
  }

  /** The server's index says it stores bytes with this sha256 (`lookup`, HEAD → 200). */
  private async serverHolds(sha256: string): Promise<boolean> {
    if (!this.config.lookup) return false;
    return ok(await this.request('HEAD', this.config.lookup.replace('{sha256}', sha256)));
  }

  /**
   * A complete upload is unchanged only if its content is: same-size corruption on the server keeps the
   * offset and the recorded hash. `download` hashes the server's bytes (GET, as @tus/server serves
   * finished uploads); `lookup` asks the server's hash index; `none` trusts the record.
   */
  private async checkContent(url: string, sha256: string, length: number): Promise<RemoteObject> {
    const mode = this.verifyMode;
    if (mode === 'none') return { sha256, complete: true, checked: 'size-only' };
    if (mode === 'lookup') {
      return (await this.serverHolds(sha256)) ? { sha256, complete: true, checked: 'server-index' } : { complete: true, checked: 'server-index' };
    }
    const copy = await this.download(url);
    // A server that does not serve uploads back: the copy counts by its record, and the report says so.
    if (copy.unserved !== undefined) return { sha256, complete: true, checked: 'size-only', unverified: copy.unserved };
    return { sha256: copy.sha256, complete: true, checked: 'downloaded' };
  }

  /**
   * sha256 of the server's copy, streamed (nothing kept in memory), with the same retries as a HEAD
   * (network errors, 408/429/5xx); or, when the server does not serve uploads back (404, 405, …), that status.
   */
  private async download(url: string): Promise<{ sha256: string; unserved?: undefined } | { unserved: number }> {
    let hash = createHash('sha256');
    const response = await this.retrying(() => {
      hash = createHash('sha256');
      return send('GET', url, { headers: { 'Tus-Resumable': '1.0.0', ...this.headers }, timeouts: this.timeouts, sink: (chunk) => hash.update(chunk), ...this.abort });
    });
    return ok(response) ? { sha256: hash.digest('hex') } : { unserved: response.status };
  }

  /**
   * After an upload the server called complete: are its bytes these bytes? The check `verify_unchanged`
   * names (download, or the server's index), so "done" means the server holds exactly what was sent.
   */
  private async confirm(url: string, sha256: string): Promise<{ checked: ContentCheck; unverified?: number }> {
    const mode = this.verifyMode;
    if (mode === 'none') return { checked: 'size-only' };
    if (mode === 'lookup') {
      if (!(await this.serverHolds(sha256))) throw new PublishFailure('corrupt', '', undefined, undefined, 1, 'server-index');
      return { checked: 'server-index' };
    }
    const copy = await this.download(url);
    if (copy.unserved !== undefined) return { checked: 'size-only', unverified: copy.unserved };
    if (copy.sha256 !== sha256) throw new PublishFailure('corrupt', '', undefined, undefined, 1, 'downloaded');
    return { checked: 'downloaded' };
  }

  /**
   * A state entry is used only when it was made through the endpoint configured now, with the same
   * credential, and its URL is on that endpoint's origin: the token goes nowhere else.
   */
  private trusts(entry: StateEntry): boolean {
    if (entry.endpoint !== this.stateBinding.endpoint || entry.identity !== this.stateBinding.identity) return false;
    try {
      return new URL(entry.url).origin === new URL(this.config.endpoint).origin;
    } catch {
      return false;
    }
  }

  /** A HEAD with retries on network errors and 5xx; 401/403 stop with an auth failure. */
  private request(method: 'HEAD', url: string): Promise<SimpleResponse> {
    return this.retrying(() => send(method, url, { headers: { 'Tus-Resumable': '1.0.0', ...this.headers }, timeouts: this.timeouts, ...this.abort }));
  }

  private get abort(): { signal?: AbortSignal } {
    return this.signal ? { signal: this.signal } : {};
  }

  /**
   * One request until it gets an answer: network errors and 408/429/5xx are tried again after the back-off
   * delays; 401/403 stop at once with an auth failure; the last failure is reported.
   */
  private async retrying(once: () => Promise<SimpleResponse>): Promise<SimpleResponse> {
    for (let attempt = 0; ; attempt++) {
      let answer: NoAnswer;
      try {
        const response = await once();
        if (isAuthFailure(response.status)) throw new PublishFailure('auth', '', response.status);
        if (!isRetryable(response.status)) return response;
        answer = statusAnswer(response.status);
      } catch (error) {
        if (error instanceof PublishFailure || this.signal?.aborted) throw error;
        answer = noAnswer(error);
      }
      if (attempt >= this.delays.length) throw PublishFailure.unreachable(answer, attempt + 1);
      await sleep(this.delays[attempt]!, this.signal);
      if (this.signal?.aborted) throw new Error('interrupted');
    }
  }

  apply(action: Action, hooks: ApplyHooks): Promise<ActionOutcome> {
    const { destination } = action;
    const artifact = destination.artifact;
    if (artifact.kind !== 'package') return Promise.reject(new Error('tus takes packages only'));
    this.signal = hooks.signal;
    // Bytes this run put on the server: from where it started (0, or the resume offset) to the server's
    // offset. Counting completed chunks would miss the part of a cut chunk the server kept.
    const startOffset = action.kind === 'resume' ? (action.offset ?? 0) : 0;
    let accepted = startOffset;
    let attempts = 1;
    return new Promise<ActionOutcome>((resolve, reject) => {
      const upload = new tus.Upload(createReadStream(artifact.file), {
        endpoint: this.config.endpoint,
        ...(action.kind === 'resume' && action.resumeUrl ? { uploadUrl: action.resumeUrl } : {}),
        chunkSize: this.config.chunkSize ?? publishDefaults.tusChunkSize,
        retryDelays: this.delays,
        headers: this.headers,
        httpStack: new TimedHttpStack(this.timeouts) as unknown as tus.HttpStack,
        metadata: {
          filename: path.basename(artifact.file),
          filetype: artifact.contentType,
          courseId: artifact.courseId,
          version: artifact.version,
          format: artifact.format,
          sha256: artifact.sha256,
          size: String(artifact.size),
        },
        onUploadUrlAvailable: () => {
          if (upload.url) void hooks.remember?.(destination, upload.url, false);
        },
        onProgress: (sent, total) => hooks.progress(sent, total),
        onChunkComplete: (_chunk, bytesAccepted) => {
          accepted = bytesAccepted;
        },
        onShouldRetry: (error, retryAttempt) => {
          attempts = retryAttempt + 2;
          const status = (error as tus.DetailedError).originalResponse?.getStatus();
          return isRetryable(status || undefined);
        },
        onSuccess: () => {
          const url = upload.url ?? undefined;
          const sentBytes = artifact.size - startOffset;
          const done = url && hooks.remember ? hooks.remember(destination, url, true) : Promise.resolve();
          done
            .then(() => (url ? this.confirm(url, artifact.sha256) : undefined))
            .then(
              (confirmed) => resolve({ ...(url ? { url } : {}), sentBytes, ...confirmed }),
              (error) => reject(error instanceof PublishFailure ? error.withSent(sentBytes) : error),
            );
        },
        onError: (error) => reject(classifyTusError(error, attempts).withSent(accepted - startOffset)),
      });
      if (hooks.signal) {
        if (hooks.signal.aborted) return reject(new Error('interrupted'));
        // Stops the request under way; the upload URL stays in the state file, so the next run resumes.
        hooks.signal.addEventListener('abort', () => void upload.abort(false).finally(() => reject(new Error('interrupted'))), { once: true });
      }
      upload.start();
    });
  }

  close(): void {}
}

function normaliseUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Which credential: 16 hex digits of a domain-separated sha256 — enough to tell tokens apart, never the token. */
export function credentialIdentity(header: string, token: string): string {
  return createHash('sha256').update(`ajar-publish-identity\0${header.toLowerCase()}\0${token}`).digest('hex').slice(0, 16);
}

function ok(response: SimpleResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function header(response: SimpleResponse, name: string): string | null {
  const value = response.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/** One value of a tus `Upload-Metadata` header (`key base64,key base64`). */
function metadataValue(header: string | null, key: string): string | undefined {
  for (const pair of (header ?? '').split(',')) {
    const [k, v] = pair.trim().split(' ');
    if (k === key) return v ? Buffer.from(v, 'base64').toString('utf8') : '';
  }
  return undefined;
}

function classifyTusError(error: Error, attempts: number): PublishFailure {
  const detailed = error as tus.DetailedError;
  const response = detailed.originalResponse;
  const status = response?.getStatus() || undefined;
  if (status !== undefined && isAuthFailure(status)) return new PublishFailure('auth', '', status);
  if (status !== undefined && !isRetryable(status)) {
    // The server's own words, quoted in the report.
    const body = (response?.getBody() ?? '').trim().slice(0, 200);
    return new PublishFailure('rejected', body, status, undefined, attempts);
  }
  const cause = detailed.causingError;
  // Without a cause or a status, tus-js-client's own message is all there is: quoted as it is.
  const answer: NoAnswer = cause ? noAnswer(cause) : status ? statusAnswer(status) : { reason: 'network', detail: error.message.split(',')[0]! };
  return PublishFailure.unreachable(answer, attempts);
}
