// The publish state file (default .ajar/publish-state.json beside ajar.yaml): per target, the tus
// upload URL of each package, so an interrupted upload continues in a later run. Written atomically
// after every change; it holds URLs and hashes, never credentials.

import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic.js';

export interface StateEntry {
  readonly sha256: string;
  readonly size: number;
  readonly url: string;
  readonly complete: boolean;
  /**
   * The endpoint the upload was made to, as configured then. An entry is used only while the target's
   * endpoint is still this one: after `endpoint:` changes (staging → production) the new server gets the
   * package, and the old URL — and the token — are never sent anything again.
   */
  readonly endpoint?: string;
  /** Which credential made the upload: a short hash of it (never the secret itself); absent without one. */
  readonly identity?: string;
}

export interface PublishStateData {
  version: 1;
  targets: Record<string, Record<string, StateEntry>>;
}

export class PublishState {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private data: PublishStateData,
  ) {}

  /** Reads the state; a missing file is an empty state, an unreadable one is reported and ignored. */
  static async load(file: string): Promise<{ state: PublishState; unreadable: boolean }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { state: new PublishState(file, { version: 1, targets: {} }), unreadable: false };
    }
    try {
      const data = JSON.parse(text) as PublishStateData;
      if (data?.version !== 1 || typeof data.targets !== 'object' || data.targets === null) throw new Error('shape');
      return { state: new PublishState(file, data), unreadable: false };
    } catch {
      return { state: new PublishState(file, { version: 1, targets: {} }), unreadable: true };
    }
  }

  get(target: string, id: string): StateEntry | undefined {
    return this.data.targets[target]?.[id];
  }

  /** Records an entry and writes the file (writes are serialised; each one is atomic). */
  set(target: string, id: string, entry: StateEntry): Promise<void> {
    const targets = { ...this.data.targets, [target]: { ...this.data.targets[target], [id]: entry } };
    this.data = { version: 1, targets };
    const snapshot = JSON.stringify(this.data, null, 2) + '\n';
    this.queue = this.queue.then(() => writeFileAtomic(this.file, snapshot));
    return this.queue;
  }
}
