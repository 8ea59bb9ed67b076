// The one small interface every publish target implements. tus and s3 today; a Moodle web service or
// SCORM Cloud would be another file in targets/ implementing the same four members.

import type { Artifact } from './artifacts.js';
import type { Action, ContentCheck, Destination, RemoteState } from './plan.js';
import type { NoAnswer } from './retry.js';

export interface ApplyHooks {
  /** Bytes of this action's file now on the target (including bytes sent by an earlier run). */
  progress(sent: number, total: number): void;
  /** A resumable upload got its URL: remember it now, so a later run can continue. */
  remember?(destination: Destination, url: string, complete: boolean): Promise<void>;
  /** Aborted on Ctrl-C: stop the transfer (a tus upload stays resumable) and reject. */
  signal?: AbortSignal;
  /** --force: a release key may be overwritten with different bytes. */
  force?: boolean;
}

export interface ActionOutcome {
  /** Where the bytes landed (a tus upload URL or an object URL). */
  readonly url?: string;
  /** Bytes this run actually sent. */
  readonly sentBytes: number;
  /** The stable key was left at this newer version (found when writing, e.g. a concurrent newer publish). */
  readonly kept?: string;
  /** How the bytes on the target were confirmed to be these bytes after sending (see ContentCheck). */
  readonly checked?: ContentCheck;
  /** The target would not show its copy (this HTTP status), so only its size was confirmed. */
  readonly unverified?: number;
}

export interface PublishTarget {
  readonly name: string;
  readonly type: string;
  /** Where the target is, for messages: the tus endpoint, or s3://bucket/prefix. */
  readonly location: string;
  /** Recorded with each state entry this target writes; an entry is trusted only while it matches. */
  readonly stateBinding?: { readonly endpoint: string; readonly identity?: string };
  /** Where an artifact goes on this target; [] when this target does not take that kind. Pure. */
  destinations(artifact: Artifact): Destination[];
  /** What the target already holds at these destinations (reads only). Ctrl-C (the signal) stops it. */
  inspect(destinations: readonly Destination[], signal?: AbortSignal): Promise<RemoteState>;
  /** Carries out one transfer (upload, resume or copy). Throws a PublishFailure. */
  apply(action: Action, hooks: ApplyHooks): Promise<ActionOutcome>;
  /** Releases connections. */
  close(): void;
}

/** A transfer that did not succeed, classified for the report (never carrying a secret). */
export class PublishFailure extends Error {
  constructor(
    /**
     * conflict: the release key holds (or another publish is writing) different bytes for this version;
     * corrupt: the target's copy, checked after sending, is not the bytes sent;
     * changed-in-transit: the server refused bytes whose hash is not the one the request was signed with.
     */
    readonly kind: 'auth' | 'rejected' | 'unreachable' | 'conflict' | 'no-bucket' | 'corrupt' | 'changed-in-transit',
    /** rejected: the server's own words (quoted); no-bucket: the bucket; conflict: the destination. Never ajar's prose. */
    readonly detail: string,
    readonly status?: number,
    readonly code?: string,
    readonly attempts = 1,
    /** unreachable: why, as a code and numbers; corrupt: how the copy was checked. */
    readonly why?: NoAnswer | ContentCheck,
  ) {
    super(detail || (typeof why === 'object' ? why.reason : why) || kind);
    this.name = 'PublishFailure';
  }

  /** No usable answer after `attempts` tries. */
  static unreachable(answer: NoAnswer, attempts: number): PublishFailure {
    return new PublishFailure('unreachable', answer.detail ?? '', answer.status, answer.code, attempts, answer);
  }

  /** Bytes this attempt left on the server before it failed (a resumable upload keeps them). */
  sentBytes = 0;

  withSent(bytes: number): this {
    this.sentBytes = Math.max(0, bytes);
    return this;
  }
}
