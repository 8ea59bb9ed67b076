// The xAPI tracker behind the player's Tracker interface, for both launch profiles: cmi5 (launch data
// from the LMS, cmi5 defined statements and their rules) and Tin Can (launch parameters only). Statements
// leave through the persisted queue; the resume state lives in the xAPI State API.
//
// cmi5 rules kept here (cmi5 spec §9.3, §9.5, §10): initialized first and terminated last in a session;
// completed and passed at most once per registration, no failed after passed; only one of passed/failed
// per session — so a failure waits until the session ends and is dropped if the learner passes first;
// score only on passed/failed and consistent with masteryScore; Browse/Review send nothing but
// initialized and terminated.

import type { PlayerData } from '../../core/player-data.js';
import type { InteractionRecord, ScoreReport, Tracker, TrackerStart } from './tracker.js';
import { decodeState, type PlayerState, type QuizState } from '../../core/state.js';
import { attemptsLeft, itemDone, mustPass, placedItems, quizPassed } from '../progress.js';
import { StatementQueue } from './queue.js';
import {
  ACTIVITY_TYPE,
  CMI5,
  activity,
  childIri,
  context,
  interactionParts,
  isoDuration,
  score as xscore,
  statement,
  uuid,
  type CourseIdentity,
  type Obj,
  type VerbName,
} from '../../core/statements.js';

export interface XapiLaunch {
  readonly profile: 'cmi5' | 'tincan';
  /** Base endpoint, ending with `/`. */
  readonly endpoint: string;
  /** Authorization header value. */
  readonly auth: string;
  readonly actor: Obj;
  readonly registration?: string;
  /** The object of cmi5 defined statements (the LMS's id for the AU) / the Tin Can root activity. */
  readonly activityId: string;
  readonly mode: TrackerStart['mode'];
  readonly template?: Obj;
  /** 0–1, from LMS.LaunchData. */
  readonly masteryScore?: number;
  readonly returnURL?: string;
  readonly course: CourseIdentity;
  /** cmi5 AU per module: the module this AU reports on (index in the course). */
  readonly module?: number;
  /** Activity whose State API document keeps the resume data. */
  readonly stateActivity: string;
  /** Identifies the session for the once-per-session flags kept in sessionStorage/localStorage. */
  readonly session: string;
  readonly audioOff?: boolean;
  /** Tin Can `grouping` launch parameter: added to every statement's context. */
  readonly grouping?: string;
}

interface SavedDoc {
  /** Encoded player state and location. */
  s?: string;
  l?: string;
  /** Per AU (activity id): completed / passed already sent in this registration. With one AU per
   *  module the AUs share this document (and the learner's progress) but not their verdicts. */
  a?: Record<string, { c?: boolean; p?: boolean }>;
}

interface SessionFlags {
  /** initialized sent, terminated sent, passed/failed sent in this session. */
  i?: boolean;
  t?: boolean;
  j?: boolean;
}

const STATE_ID = 'ajar.state';

export function xapiHeaders(auth: string): Record<string, string> {
  return { 'X-Experience-API-Version': '1.0.3', ...(auth ? { Authorization: auth } : {}) };
}

/** GET a document: its JSON, `null` when there is none (404), undefined when the LRS cannot be reached. */
export async function getJson(url: string, auth: string): Promise<unknown> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const r = await fetch(url, { headers: xapiHeaders(auth), cache: 'no-store', credentials: 'omit' });
      if (r.status === 404) return null;
      if (r.ok) {
        const text = await r.text();
        return text ? (JSON.parse(text) as unknown) : null;
      }
      if (r.status < 500) return null;
    } catch {
      /* network: try again */
    }
    await new Promise((ok) => setTimeout(ok, 500 * (attempt + 1)));
  }
  return undefined;
}

export function documentUrl(endpoint: string, resource: 'activities/state' | 'agents/profile', params: Record<string, string | undefined>): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
  return `${endpoint}${resource}?${q}`;
}

function randomId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return uuid(b);
}

function storeGet<T>(key: string): T {
  try {
    return JSON.parse(localStorage.getItem(key) || '{}') as T;
  } catch {
    return {} as T;
  }
}
function storeSet(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage disabled */
  }
}

/** Completion, success and score of one module (cmi5 AU per module), from the learner state. */
export function moduleStatus(data: PlayerData, state: PlayerState, module: number): { completed: boolean; success?: 'passed' | 'failed'; score?: number } {
  const placed = placedItems(data).filter((p) => p.module === module);
  const tracked = placed.filter((p) => p.item.kind !== 'activity');
  const completed = tracked.every((p) => itemDone(p.item, state.items[p.index]!));
  const judged = placed.filter((p) => p.item.kind === 'quiz' && mustPass(p.item));
  if (!judged.length) return { completed };
  const quizzes = judged.map((p) => ({ q: p.item as Extract<typeof p.item, { kind: 'quiz' }>, s: state.items[p.index] as QuizState }));
  const bests = quizzes.map((x) => x.s.best).filter((b) => b >= 0);
  const score = bests.length === quizzes.length ? Math.round(bests.reduce((a, b) => a + b, 0) / bests.length) / 100 : undefined;
  const passed = quizzes.every((x) => quizPassed(x.q, x.s));
  const exhausted = quizzes.some((x) => !quizPassed(x.q, x.s) && x.s.best >= 0 && attemptsLeft(x.q, x.s) === 0);
  const tried = quizzes.some((x) => x.s.best >= 0);
  return { completed, ...(passed ? { success: 'passed' as const } : exhausted || tried ? { success: 'failed' as const } : {}), ...(score !== undefined ? { score } : {}) };
}

export class XapiTracker implements Tracker {
  readonly kind: string;
  readonly connected = true;
  readonly queue: StatementQueue;
  private readonly lang: string;
  private started = Date.now();
  private doc: SavedDoc = {};
  private flags: SessionFlags;
  private readonly flagsKey: string;
  private progress = 0;
  private lastScore: ScoreReport | undefined;
  private pendingFailed = false;
  private ended = false;
  private exiting = false;
  private seen: boolean[] = [];

  constructor(
    readonly launch: XapiLaunch,
    private readonly data: PlayerData,
  ) {
    this.kind = launch.profile === 'cmi5' ? 'cmi5' : 'xapi';
    this.lang = launch.course.language || data.language;
    this.queue = new StatementQueue({ endpoint: launch.endpoint, auth: launch.auth, key: `ajar:xq:${launch.endpoint}|${launch.registration ?? ''}` });
    this.flagsKey = `ajar:xs:${launch.session}`;
    this.flags = storeGet<SessionFlags>(this.flagsKey);
    // Tin Can has no sessions: a launch after a finished one in the same tab simply starts again.
    if (launch.profile === 'tincan' && this.flags.t) storeSet(this.flagsKey, (this.flags = {}));
  }

  private get judging(): boolean {
    return this.launch.mode === 'normal' && !this.ended && !this.flags.t;
  }

  private get verdicts(): { c?: boolean; p?: boolean } {
    return this.doc.a?.[this.launch.activityId] ?? {};
  }
  private mark(f: 'c' | 'p'): void {
    this.doc = { ...this.doc, a: { ...this.doc.a, [this.launch.activityId]: { ...this.verdicts, [f]: true } } };
  }

  private get stateUrl(): string {
    const l = this.launch;
    return documentUrl(l.endpoint, 'activities/state', { activityId: l.stateActivity, agent: JSON.stringify(l.actor), registration: l.registration, stateId: STATE_ID });
  }

  private setFlag(f: keyof SessionFlags): void {
    this.flags = { ...this.flags, [f]: true };
    storeSet(this.flagsKey, this.flags);
  }

  /** Builds and queues one statement. `defined`: a cmi5 defined statement about the AU itself. */
  private send(v: VerbName, o: { result?: Obj; object?: Obj; defined?: boolean; parent?: string[]; extensions?: Obj } = {}): void {
    const l = this.launch;
    const cmi5 = l.profile === 'cmi5';
    const defined = o.defined ?? true;
    const r = o.result ?? {};
    const ctx = context({
      ...(l.template ? { template: l.template } : {}),
      ...(l.registration ? { registration: l.registration } : {}),
      course: l.course,
      cmi5Defined: cmi5 && defined,
      moveOn: cmi5 && defined && ('success' in r || 'completion' in r),
      ...(cmi5 ? {} : { grouping: [...(l.activityId === l.course.iri ? [] : [l.course.iri]), ...(l.grouping ? [l.grouping] : [])] }),
      ...(o.parent ? { parent: o.parent } : {}),
      ...(o.extensions ? { extensions: o.extensions } : {}),
    });
    const object = o.object ?? activity(l.activityId, cmi5 ? ACTIVITY_TYPE.course : ACTIVITY_TYPE.course, this.data.title, this.lang);
    this.queue.enqueue(statement({ id: randomId(), timestamp: new Date(), actor: l.actor, verb: v, object, result: r, context: ctx }, this.lang) as { id: string });
  }

  private duration(): string {
    return isoDuration(Date.now() - this.started);
  }

  async initialize(): Promise<TrackerStart> {
    const l = this.launch;
    // A write still queued from an earlier page (offline) is newer than the LRS's copy.
    const queued = this.queue.pendingDocument(this.stateUrl);
    let saved: SavedDoc | null | undefined;
    try {
      saved = (queued !== undefined ? JSON.parse(queued) : await getJson(this.stateUrl, l.auth)) as SavedDoc | null | undefined;
    } catch {
      saved = undefined; // a damaged document: start fresh rather than not at all
    }
    this.doc = saved && typeof saved === 'object' ? saved : {};
    this.started = Date.now();
    if (this.flags.t) this.ended = true; // reloaded after the session ended: nothing more may be sent
    if (!this.flags.i && !this.ended) {
      this.send(l.profile === 'cmi5' ? 'initialized' : this.doc.s ? 'resumed' : 'attempted');
      this.setFlag('i');
    }
    if (this.queue.pending) void this.queue.flush();
    const prior = this.doc.s ? decodeState(this.doc.s, this.data) : undefined;
    this.seen = prior ? this.lessonsDone(prior) : [];
    if (l.audioOff) document.addEventListener('play', (e) => ((e.target as HTMLMediaElement).muted = true), true);
    if (l.returnURL) setTimeout(() => this.addExit(l.returnURL!), 0);
    const name = typeof l.actor.name === 'string' ? l.actor.name : undefined;
    return {
      mode: l.mode,
      ...(this.doc.s ? { state: this.doc.s } : {}),
      ...(this.doc.l ? { location: this.doc.l } : {}),
      ...(name ? { learnerName: name } : {}),
      learnerId: JSON.stringify(l.actor),
      ...(l.masteryScore !== undefined && l.module === undefined ? { masteryScore: l.masteryScore * 100 } : {}),
    };
  }

  private lessonsDone(state: PlayerState): boolean[] {
    return placedItems(this.data).map((p) => p.item.kind === 'lesson' && itemDone(p.item, state.items[p.index]!));
  }

  /** The returnURL of cmi5 launch data: an exit button that ends the session, then goes there. */
  private addExit(url: string): void {
    const header = document.querySelector('header');
    if (!header || header.querySelector('[data-exit]')) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.setAttribute('data-exit', '');
    b.textContent = this.data.language === 'id' ? 'Keluar' : 'Exit';
    b.onclick = async () => {
      this.exiting = true;
      // The player leaves as on closing the tab (it listens to pagehide), which terminates this session.
      window.dispatchEvent(new Event('pagehide'));
      this.terminate('suspend');
      await Promise.race([this.queue.flush(), new Promise((ok) => setTimeout(ok, 5000))]);
      window.location.assign(url);
    };
    header.appendChild(b);
  }

  setLocation(location: string): void {
    if (!this.judging) return;
    this.doc = { ...this.doc, l: location };
  }

  setProgress(fraction: number): void {
    this.progress = Math.max(0, Math.min(1, fraction));
  }

  recordInteraction(i: InteractionRecord): void {
    if (!this.judging) return;
    const quiz = i.id.includes('.') ? i.id.slice(0, i.id.indexOf('.')) : undefined;
    const base = this.launch.course.iri;
    const id = childIri(base, 'interaction', ...i.id.split('.'));
    const { definition, result } = interactionParts(i, this.lang);
    this.send('answered', {
      defined: false,
      object: { objectType: 'Activity', id, definition },
      result,
      parent: [quiz ? childIri(base, 'quiz', quiz) : this.launch.activityId],
    });
  }

  quizScored(q: { id: string; title: string; score: ScoreReport; success?: 'passed' | 'failed' }): void {
    if (!this.judging) return;
    const result: Obj = { score: xscore(q.score), completion: true, ...(q.success ? { success: q.success === 'passed' } : {}) };
    this.send('scored', {
      defined: false,
      object: activity(childIri(this.launch.course.iri, 'quiz', q.id), ACTIVITY_TYPE.assessment, q.title, this.lang),
      result,
      parent: [this.launch.activityId],
    });
  }

  setScore(score: ScoreReport): void {
    this.lastScore = score;
    // A judged attempt below the mastery score is a failure for now (reported when the session ends).
    const ms = this.launch.masteryScore;
    if (this.launch.module === undefined && ms !== undefined && score.scaled < ms - 1e-9) this.judge('failed');
  }

  complete(): void {
    if (this.launch.module !== undefined) return;
    this.completeNow();
  }

  private completeNow(): void {
    if (!this.judging || this.verdicts.c) return;
    this.mark('c');
    this.send('completed', { result: { completion: true, duration: this.duration() } });
    this.putDoc();
  }

  setSuccess(success: 'passed' | 'failed'): void {
    if (this.launch.module !== undefined) return;
    this.judge(success);
  }

  private judge(success: 'passed' | 'failed'): void {
    if (!this.judging || this.verdicts.p) return;
    if (success === 'failed') {
      // Sent when the session ends, unless the learner passes before that (one judgement per session).
      this.pendingFailed = true;
      return;
    }
    if (this.flags.j) return; // judged already in this session: the pass is reported in the next one
    this.pendingFailed = false;
    this.mark('p');
    this.sendJudgement('passed');
    this.putDoc();
  }

  private sendJudgement(v: 'passed' | 'failed'): void {
    const ms = this.launch.masteryScore;
    const result: Obj = { success: v === 'passed', duration: this.duration() };
    const s = this.lastScore;
    // A score that contradicts the verb under masteryScore would break cmi5 §9.3.4/9.3.5: leave it out.
    if (s && (ms === undefined || (v === 'passed' ? s.scaled >= ms - 1e-9 : s.scaled < ms))) result.score = xscore(s);
    this.send(v, { result, ...(ms !== undefined ? { extensions: { [CMI5.masteryScore]: ms } } : {}) });
    this.setFlag('j');
  }

  saveState(encoded: string): void {
    if (!this.judging) return;
    this.doc = { ...this.doc, s: encoded };
    const state = decodeState(encoded, this.data);
    if (state) {
      const done = this.lessonsDone(state);
      placedItems(this.data).forEach((p, i) => {
        if (done[i] && !this.seen[i]) {
          const iri = childIri(this.launch.course.iri, 'lesson', p.item.id);
          this.send('experienced', { defined: false, object: activity(iri, ACTIVITY_TYPE.lesson, p.item.title, this.lang), parent: [this.launch.activityId] });
        }
      });
      this.seen = done;
      if (this.launch.module !== undefined) this.moduleUpdate(state);
    }
    this.putDoc();
  }

  private moduleUpdate(state: PlayerState): void {
    const m = moduleStatus(this.data, state, this.launch.module!);
    if (m.score !== undefined) this.lastScore = { raw: m.score, min: 0, max: 100, scaled: m.score / 100 };
    if (m.completed) this.completeNow();
    if (m.success) this.judge(m.success);
  }

  private putDoc(): void {
    this.queue.putDocument(this.stateUrl, JSON.stringify(this.doc));
  }

  flush(): void {
    void this.queue.flush();
  }

  terminate(exit: 'suspend' | 'normal'): void {
    if (this.ended || this.flags.t) return;
    if (this.launch.mode === 'normal') {
      if (this.pendingFailed && !this.verdicts.p && !this.flags.j) this.sendJudgement('failed');
      this.putDoc();
    }
    const result: Obj = { duration: this.duration() };
    if (this.launch.mode === 'normal' && !this.verdicts.c) result.extensions = { [CMI5.progress]: Math.round(this.progress * 100) };
    this.send(this.launch.profile === 'tincan' && exit === 'suspend' ? 'suspended' : 'terminated', { result });
    this.ended = true;
    this.setFlag('t');
    if (!this.exiting) void this.queue.flush({ keepalive: true });
  }
}

/** Tin Can launch (RusticiSoftware/launch): endpoint, auth, actor, registration, activity_id in the query. */
export function tincanLaunch(search: string, course: CourseIdentity): XapiLaunch | undefined {
  const q = new URLSearchParams(search);
  const endpoint = q.get('endpoint');
  const actorText = q.get('actor');
  if (!endpoint || !actorText) return undefined;
  let actor: Obj;
  try {
    actor = normalizeActor(JSON.parse(actorText) as Obj);
  } catch {
    return undefined;
  }
  const registration = q.get('registration') ?? undefined;
  const activityId = q.get('activity_id') || course.iri;
  const grouping = q.get('grouping');
  return {
    ...(grouping ? { grouping } : {}),
    profile: 'tincan',
    endpoint: endpoint.endsWith('/') ? endpoint : endpoint + '/',
    auth: q.get('auth') ?? '',
    actor,
    ...(registration ? { registration } : {}),
    activityId,
    mode: 'normal',
    course,
    stateActivity: activityId,
    session: `tincan|${registration ?? ''}|${activityId}|${sessionStart()}`,
  };
}

/** One id per page session (kept across reloads of the same tab). */
export function sessionStart(): string {
  try {
    let s = sessionStorage.getItem('ajar:session');
    if (!s) sessionStorage.setItem('ajar:session', (s = randomId()));
    return s;
  } catch {
    return randomId();
  }
}

/** Tin Can 0.9x actors carry arrays (`"name": ["…"], "mbox": ["…"]`); xAPI 1.0 wants single values. */
export function normalizeActor(a: Obj): Obj {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const out: Obj = { objectType: 'Agent' };
  const name = one(a.name);
  if (typeof name === 'string') out.name = name;
  for (const k of ['mbox', 'mbox_sha1sum', 'openid'] as const) {
    const v = one(a[k]);
    if (typeof v === 'string') out[k] = v;
  }
  const acc = one(a.account) as Obj | undefined;
  if (acc && typeof acc === 'object') {
    out.account = { homePage: String(acc.homePage ?? acc.accountServiceHomePage ?? ''), name: String(acc.name ?? acc.accountName ?? '') };
  }
  return out;
}
