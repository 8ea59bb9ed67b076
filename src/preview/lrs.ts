// The preview's in-process LMS for cmi5 and xAPI: an LRS with the Statement, State and Agent Profile
// resources (the parts an AU uses), the cmi5 fetch URL that issues one auth token per session, and the
// launch that writes LMS.LaunchData and the Launched statement first, as cmi5 §8 and §10 ask.
// In memory, one learner; every change is reported to listeners (the side panel).

import { randomBytes, randomUUID } from 'node:crypto';
import { CMI5, VERB, type Obj } from '../core/statements.js';

export interface StoredStatement {
  readonly statement: Obj;
  readonly stored: string;
}

export type LrsEvent =
  | { readonly type: 'statement'; readonly statement: Obj }
  | { readonly type: 'state'; readonly stateId: string; readonly activityId: string; readonly body: string }
  | { readonly type: 'launch'; readonly url: string; readonly mode: string; readonly registration: string };

export interface LrsResponse {
  readonly status: number;
  readonly body?: string;
  readonly type?: string;
}

export interface AuLaunchInfo {
  /** Publisher id from cmi5.xml. */
  readonly publisherId: string;
  readonly moveOn: string;
  readonly masteryScore?: number;
  /** Course-relative launch URL of the AU (may carry its own query). */
  readonly url: string;
  readonly title: string;
}

export interface LaunchRequest {
  readonly profile: 'cmi5' | 'tincan';
  /** Absolute origin of the preview server, e.g. http://127.0.0.1:4173 */
  readonly origin: string;
  /** Where the course is served, e.g. /course/ */
  readonly base: string;
  readonly au: AuLaunchInfo;
  readonly launchMode?: 'Normal' | 'Browse' | 'Review';
  /** Where the AU sends the learner when it exits (cmi5 returnURL). */
  readonly returnURL?: string;
  /** Tin Can: the course's root activity id. */
  readonly activityId?: string;
}

/** A canonical key for an agent: what identifies it (IFI), not the JSON text. */
export function agentKey(agent: unknown): string {
  const a = (agent ?? {}) as Obj;
  const acc = a.account as Obj | undefined;
  if (acc) return `account:${String(acc.homePage)}|${String(acc.name)}`;
  for (const k of ['mbox', 'mbox_sha1sum', 'openid']) if (typeof a[k] === 'string') return `${k}:${String(a[k])}`;
  return JSON.stringify(a);
}

/** Statement identity for the "same statement twice" check: without what the LRS adds. */
function comparable(s: Obj): string {
  const { stored: _s, authority: _a, version: _v, ...rest } = s;
  return JSON.stringify(rest);
}

const json = (status: number, value: unknown): LrsResponse => ({ status, body: JSON.stringify(value), type: 'application/json' });

/** A request body as JSON (an empty body is `undefined`), or undefined when it is not JSON. */
function parseJson(body: string): { value: unknown } | undefined {
  try {
    return { value: body ? JSON.parse(body) : undefined };
  } catch {
    return undefined;
  }
}

/** A POSTed JSON document merged over the stored one (xAPI: POST merges JSON objects), or the 400 that says which is not JSON. */
function mergeJson(stored: string, body: string): string | LrsResponse {
  const posted = parseJson(body);
  if (!posted) return json(400, { error: 'POST merges JSON documents only.' });
  try {
    return JSON.stringify({ ...(JSON.parse(stored) as Obj), ...(posted.value as Obj) });
  } catch {
    return json(400, { error: 'The stored document is not JSON.' });
  }
}

export class PreviewLrs {
  readonly actor: Obj;
  registration = randomUUID();
  readonly statements: StoredStatement[] = [];
  private readonly byId = new Map<string, StoredStatement>();
  private readonly documents = new Map<string, { body: string; type: string }>();
  private readonly tokens = new Set<string>();
  private readonly fetchKeys = new Map<string, { token: string; used: boolean }>();
  private readonly listeners = new Set<(e: LrsEvent) => void>();
  /** Requests to the LRS and the fetch URL answer 503 (a simulated outage). */
  outage = false;
  /** Answer 409 for any statement id already stored, as some LRSs do (default: only when it differs). */
  strictDuplicates = false;
  /** Counts of requests by kind, for the panel and tests. */
  readonly counts = { statementPosts: 0, refused: 0, fetches: 0 };

  constructor(origin: string, learner = { name: 'Peserta Pratinjau', id: 'peserta-1' }) {
    this.actor = { objectType: 'Agent', name: learner.name, account: { homePage: origin, name: learner.id } };
    this.setDocument(this.profileKey('cmi5LearnerPreferences'), JSON.stringify({ languagePreference: 'id-ID,en-US', audioPreference: 'on' }), 'application/json');
  }

  on(listener: (e: LrsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private emit(e: LrsEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** A new registration: the learner starts the course again (statements are kept for reporting). */
  reset(): void {
    this.registration = randomUUID();
  }

  private stateKey(activityId: string, agent: unknown, registration: string | undefined, stateId: string): string {
    return `state|${activityId}|${agentKey(agent)}|${registration ?? ''}|${stateId}`;
  }
  private profileKey(profileId: string, agent: unknown = this.actor): string {
    return `profile|${agentKey(agent)}|${profileId}`;
  }
  private setDocument(key: string, body: string, type: string): void {
    this.documents.set(key, { body, type });
  }

  /** The LMS side of a launch: token, LaunchData, Launched statement; returns the AU's launch URL. */
  launch(r: LaunchRequest): string {
    const token = randomBytes(18).toString('base64url');
    this.tokens.add(token);
    const [path, query] = r.au.url.split('?') as [string, string | undefined];
    const params = new URLSearchParams(query ?? '');
    const endpoint = `${r.origin}/lrs/`;
    const actor = JSON.stringify(this.actor);
    if (r.profile === 'tincan') {
      params.set('endpoint', endpoint);
      params.set('auth', `Basic ${Buffer.from(`ajar:${token}`).toString('base64')}`);
      params.set('actor', actor);
      params.set('registration', this.registration);
      params.set('activity_id', r.activityId ?? r.au.publisherId);
      const url = `${r.origin}${r.base}${path}?${params}`;
      this.emit({ type: 'launch', url, mode: 'Normal', registration: this.registration });
      return url;
    }
    const key = randomBytes(12).toString('base64url');
    this.fetchKeys.set(key, { token, used: false });
    // The LMS's own activity id for the AU, never the publisher id (cmi5 §8.1, activityId).
    const activityId = `${r.origin}/lms/au/${encodeURIComponent(r.au.publisherId)}`;
    const sessionId = randomUUID();
    const mode = r.launchMode ?? 'Normal';
    const contextTemplate: Obj = {
      contextActivities: { grouping: [{ objectType: 'Activity', id: r.au.publisherId }] },
      extensions: { [CMI5.sessionId]: sessionId },
    };
    const launchData: Obj = {
      contextTemplate,
      launchMode: mode,
      moveOn: r.au.moveOn,
      ...(r.au.masteryScore !== undefined ? { masteryScore: r.au.masteryScore } : {}),
      ...(r.returnURL ? { returnURL: r.returnURL } : {}),
    };
    this.setDocument(this.stateKey(activityId, this.actor, this.registration, 'LMS.LaunchData'), JSON.stringify(launchData), 'application/json');
    const launchUrl = `${r.origin}${r.base}${path}`;
    this.store({
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      actor: this.actor,
      verb: { id: VERB.launched, display: { 'en-US': 'launched' } },
      object: { objectType: 'Activity', id: activityId, definition: { name: { id: r.au.title } } },
      context: {
        registration: this.registration,
        contextActivities: { category: [{ objectType: 'Activity', id: CMI5.category }], grouping: [{ objectType: 'Activity', id: r.au.publisherId }] },
        extensions: {
          [CMI5.sessionId]: sessionId,
          [CMI5.launchMode]: mode,
          [CMI5.launchUrl]: launchUrl,
          [CMI5.moveOnExt]: r.au.moveOn,
          ...(r.au.masteryScore !== undefined ? { [CMI5.masteryScore]: r.au.masteryScore } : {}),
        },
      },
    });
    params.set('endpoint', endpoint);
    params.set('fetch', `${r.origin}/lms/fetch/${key}`);
    params.set('actor', actor);
    params.set('registration', this.registration);
    params.set('activityId', activityId);
    const url = `${launchUrl}?${params}`;
    this.emit({ type: 'launch', url, mode, registration: this.registration });
    return url;
  }

  /** POST to a fetch URL: the token once, then error-code 1 (cmi5 §8.2). Always HTTP 200. */
  fetchToken(key: string): LrsResponse {
    this.counts.fetches++;
    if (this.outage) return { status: 503 };
    const entry = this.fetchKeys.get(key);
    if (!entry) return json(200, { 'error-code': '2', 'error-text': 'Unknown fetch URL.' });
    if (entry.used) return json(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
    entry.used = true;
    return json(200, { 'auth-token': Buffer.from(`ajar:${entry.token}`).toString('base64') });
  }

  private authorised(header: string | undefined): boolean {
    const m = /^Basic\s+(.+)$/.exec(header ?? '');
    if (!m) return false;
    const [, token] = /^ajar:(.*)$/.exec(Buffer.from(m[1]!, 'base64').toString('utf8')) ?? [];
    return token !== undefined && this.tokens.has(token);
  }

  private store(s: Obj): void {
    const entry = { statement: { ...s, stored: new Date().toISOString(), authority: { objectType: 'Agent', name: 'ajar preview', mbox: 'mailto:preview@ajar.invalid' } }, stored: new Date().toISOString() };
    this.statements.push(entry);
    this.byId.set(String(s.id), entry);
    this.emit({ type: 'statement', statement: entry.statement });
  }

  /** Stores a batch atomically: all or none (xAPI: a batch with one rejected statement is rejected). */
  private storeBatch(batch: Obj[]): LrsResponse | string[] {
    const ids = new Set<string>();
    const fresh: Obj[] = [];
    for (const s of batch) {
      if (!s || typeof s !== 'object' || !s.actor || !s.verb || !s.object) return json(400, { error: 'A statement needs actor, verb and object.' });
      if (typeof s.id !== 'string') s.id = randomUUID();
      if (ids.has(s.id as string)) return json(400, { error: `Statement id ${String(s.id)} twice in one batch.` });
      ids.add(s.id as string);
      const old = this.byId.get(s.id as string);
      if (old) {
        if (this.strictDuplicates || comparable(old.statement) !== comparable(s)) return json(409, { error: `Statement ${String(s.id)} exists.` });
        continue; // the same statement again: nothing changes
      }
      fresh.push(s);
    }
    for (const s of fresh) this.store(s);
    return [...ids];
  }

  /** Handles a request under /lrs/. `path` is the part after /lrs/. */
  handle(method: string, path: string, query: URLSearchParams, headers: Record<string, string | undefined>, body: string): LrsResponse {
    if (this.outage) {
      this.counts.refused++;
      return { status: 503, body: 'LRS unavailable (simulated outage)', type: 'text/plain' };
    }
    if (path === 'about') return json(200, { version: ['1.0.3'] });
    if (!this.authorised(headers.authorization)) return json(401, { error: 'Authorization required.' });
    const answer =
      path === 'statements'
        ? this.statementsResource(method, query, body)
        : path === 'activities/state' || path === 'agents/profile'
          ? this.documentResource(path, method, query, headers, body)
          : undefined;
    return answer ?? json(404, { error: `No resource ${method} /${path}` });
  }

  /** The Statement resource: POST a statement or a batch, PUT one under its id, GET one or the list. */
  private statementsResource(method: string, query: URLSearchParams, body: string): LrsResponse | undefined {
    if (method === 'POST') {
      this.counts.statementPosts++;
      const parsed = parseJson(body);
      if (!parsed) return json(400, { error: 'Not JSON.' });
      const batch = (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) as Obj[];
      const r = this.storeBatch(batch);
      return Array.isArray(r) ? json(200, r) : r;
    }
    if (method === 'PUT') {
      const id = query.get('statementId');
      const parsed = id ? parseJson(body) : undefined;
      if (!id || !parsed) return json(400, { error: 'PUT needs statementId and a JSON statement.' });
      const s = parsed.value as Obj;
      if (s.id !== undefined && s.id !== id) return json(400, { error: 'statementId and id differ.' });
      s.id = id;
      const r = this.storeBatch([s]);
      return Array.isArray(r) ? { status: 204 } : r;
    }
    if (method === 'GET') {
      const id = query.get('statementId');
      if (id) {
        const s = this.byId.get(id);
        return s ? json(200, s.statement) : json(404, { error: 'No such statement.' });
      }
      const registration = query.get('registration');
      const list = this.statements.filter((s) => !registration || (s.statement.context as Obj | undefined)?.registration === registration).map((s) => s.statement);
      return json(200, { statements: list.reverse(), more: '' });
    }
    return undefined;
  }

  /**
   * The State (activities/state) and Agent Profile (agents/profile) resources: GET one document or the list of
   * ids, PUT/POST (POST merges JSON) and DELETE one; what the LMS owns is read-only for the AU.
   */
  private documentResource(path: 'activities/state' | 'agents/profile', method: string, query: URLSearchParams, headers: Record<string, string | undefined>, body: string): LrsResponse | undefined {
    let agent: unknown;
    try {
      agent = JSON.parse(query.get('agent') ?? '');
    } catch {
      return json(400, { error: 'agent must be JSON.' });
    }
    const state = path === 'activities/state';
    const docId = state ? query.get('stateId') : query.get('profileId');
    const activityId = query.get('activityId') ?? '';
    if (state && !activityId) return json(400, { error: 'activityId is required.' });
    const key = (id: string) => (state ? this.stateKey(activityId, agent, query.get('registration') ?? undefined, id) : this.profileKey(id, agent));
    if (method === 'GET') {
      if (!docId) {
        const prefix = key('');
        return json(200, [...this.documents.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
      }
      const doc = this.documents.get(key(docId));
      return doc ? { status: 200, body: doc.body, type: doc.type } : { status: 404 };
    }
    if (!docId) return json(400, { error: 'stateId/profileId is required.' });
    // The AU must not change LMS.LaunchData (cmi5 §10); learner preferences are the LMS's to keep.
    if (docId === 'LMS.LaunchData' || docId === 'cmi5LearnerPreferences') return json(403, { error: `${docId} is read-only for the AU.` });
    if (method === 'PUT' || method === 'POST') {
      const k = key(docId);
      const stored = this.documents.get(k);
      const text = method === 'POST' && stored ? mergeJson(stored.body, body) : body;
      if (typeof text !== 'string') return text;
      this.setDocument(k, text, headers['content-type'] ?? 'application/octet-stream');
      if (state) this.emit({ type: 'state', stateId: docId, activityId, body: text });
      return { status: 204 };
    }
    if (method === 'DELETE') {
      this.documents.delete(key(docId));
      return { status: 204 };
    }
    return undefined;
  }

  /** The statements of the current registration, in the order they were stored. */
  current(): Obj[] {
    return this.statements.map((s) => s.statement).filter((s) => (s.context as Obj | undefined)?.registration === this.registration);
  }

  /** The State API document the player resumes from (for the panel). */
  stateDocuments(): { key: string; body: string }[] {
    return [...this.documents.entries()].filter(([k]) => k.startsWith('state|')).map(([key, d]) => ({ key, body: d.body }));
  }
}
