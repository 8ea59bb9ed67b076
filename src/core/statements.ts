// xAPI statement builders for the cmi5 and Tin Can trackers: pure functions from what happened to the
// statement JSON (no clock, no ids, no network — the caller passes them). Shared by the browser player,
// the preview LMS and tests, so the vocabulary lives in one place.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

const ADL = 'http://adlnet.gov/expapi/verbs/';
export const VERB = {
  launched: ADL + 'launched',
  initialized: ADL + 'initialized',
  completed: ADL + 'completed',
  passed: ADL + 'passed',
  failed: ADL + 'failed',
  terminated: ADL + 'terminated',
  experienced: ADL + 'experienced',
  answered: ADL + 'answered',
  attempted: ADL + 'attempted',
  resumed: ADL + 'resumed',
  suspended: ADL + 'suspended',
  scored: ADL + 'scored',
} as const;
export type VerbName = keyof typeof VERB;

/** Display names in the course language (xAPI `display` is a language map). */
const DISPLAY: Record<VerbName, [string, string]> = {
  launched: ['meluncurkan', 'launched'],
  initialized: ['memulai', 'initialized'],
  completed: ['menyelesaikan', 'completed'],
  passed: ['lulus', 'passed'],
  failed: ['belum lulus', 'failed'],
  terminated: ['mengakhiri', 'terminated'],
  experienced: ['mempelajari', 'experienced'],
  answered: ['menjawab', 'answered'],
  attempted: ['mencoba', 'attempted'],
  resumed: ['melanjutkan', 'resumed'],
  suspended: ['menjeda', 'suspended'],
  scored: ['mendapat nilai', 'scored'],
};

export const CMI5 = {
  category: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  moveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchUrl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOnExt: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  progress: 'https://w3id.org/xapi/cmi5/result/extensions/progress',
  auType: 'https://w3id.org/xapi/cmi5/activitytype/course',
} as const;

/** ajar's own extensions: URNs, so they are valid IRIs without claiming anyone's domain. */
export const AJAR = {
  jp: 'urn:ajar:xapi:extension:jp',
  competencies: 'urn:ajar:xapi:extension:competencies',
  institution: 'urn:ajar:xapi:extension:institution',
} as const;

export const ACTIVITY_TYPE = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

/** What the package tells the tracker about the course (`ajar/xapi.json`, written by src/package/cmi5.ts). */
export interface CourseIdentity {
  /** The course IRI (cmi5 course id, Tin Can root activity id). */
  readonly iri: string;
  readonly language: string;
  readonly title: string;
  readonly jp: number;
  readonly competencies: readonly string[];
  readonly institution?: string;
}

/** The course's own IRI for a course id: stable across builds and versions. */
export function courseIri(courseId: string): string {
  return `urn:ajar:course:${encodeURIComponent(courseId)}`;
}
export function childIri(base: string, ...parts: string[]): string {
  return [base, ...parts.map((p) => encodeURIComponent(p))].join('/');
}

export function verb(name: VerbName, language: string): Obj {
  const [id, en] = DISPLAY[name];
  return { id: VERB[name], display: language === 'id' ? { id, 'en-US': en } : { 'en-US': en } };
}

/** ISO 8601 duration with centisecond precision, e.g. PT1H2M3.45S. */
export function isoDuration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h ? h + 'H' : ''}${m ? m + 'M' : ''}${s}S`;
}

/** Deep copy of a JSON value (templates must never be shared between statements). */
const copy = <T extends Json>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export interface ContextInput {
  /** cmi5: LMS.LaunchData.contextTemplate — copied, never overwritten. */
  readonly template?: Obj;
  readonly registration?: string;
  readonly course: CourseIdentity;
  /** cmi5 defined statement: adds the cmi5 category. */
  readonly cmi5Defined?: boolean;
  /** The statement's result has success or completion: adds the moveOn category (cmi5). */
  readonly moveOn?: boolean;
  /** Extra grouping/parent activities (Tin Can: the course; allowed statements: the quiz). */
  readonly parent?: readonly string[];
  readonly grouping?: readonly string[];
  /** Extra context extensions (masteryScore on passed/failed). */
  readonly extensions?: Obj;
}

function pushActivity(ca: Obj, list: string, id: string): void {
  const arr = ((ca[list] as Json[] | undefined) ?? []) as Obj[];
  if (!arr.some((a) => a.id === id)) arr.push({ id, objectType: 'Activity' });
  ca[list] = arr;
}

/** The statement context: the template first, then what ajar adds (never replacing template values). */
export function context(input: ContextInput): Obj {
  const ctx: Obj = input.template ? copy(input.template) : {};
  if (input.registration && ctx.registration === undefined) ctx.registration = input.registration;
  if (ctx.language === undefined) ctx.language = input.course.language;
  const ca = ((ctx.contextActivities as Obj | undefined) ?? {}) as Obj;
  if (input.cmi5Defined) pushActivity(ca, 'category', CMI5.category);
  if (input.moveOn) pushActivity(ca, 'category', CMI5.moveOn);
  for (const id of input.grouping ?? []) pushActivity(ca, 'grouping', id);
  for (const id of input.parent ?? []) pushActivity(ca, 'parent', id);
  if (Object.keys(ca).length) ctx.contextActivities = ca;
  const ext = ((ctx.extensions as Obj | undefined) ?? {}) as Obj;
  const add = (k: string, v: Json | undefined) => {
    if (v !== undefined && ext[k] === undefined) ext[k] = v;
  };
  add(AJAR.jp, input.course.jp);
  if (input.course.competencies.length) add(AJAR.competencies, [...input.course.competencies]);
  add(AJAR.institution, input.course.institution);
  for (const [k, v] of Object.entries(input.extensions ?? {})) add(k, v);
  ctx.extensions = ext;
  return ctx;
}

export interface StatementInput {
  readonly id: string;
  readonly timestamp: Date;
  readonly actor: Obj;
  readonly verb: VerbName;
  readonly object: Obj;
  readonly result?: Obj;
  readonly context: Obj;
}

export function statement(s: StatementInput, language: string): Obj {
  return {
    id: s.id,
    timestamp: s.timestamp.toISOString(),
    actor: copy(s.actor),
    verb: verb(s.verb, language),
    object: s.object,
    ...(s.result && Object.keys(s.result).length ? { result: s.result } : {}),
    context: s.context,
  };
}

export function activity(id: string, type: string, name: string, language: string, extra: Obj = {}): Obj {
  return { objectType: 'Activity', id, definition: { type, name: { [language]: name }, ...extra } };
}

export interface ScoreInput {
  readonly raw: number;
  readonly min: number;
  readonly max: number;
  readonly scaled: number;
}

/** xAPI score: scaled in -1..1, raw within min..max (cmi5 wants integers for raw/min/max). */
export function score(s: ScoreInput, integers = true): Obj {
  const round = (n: number) => (integers ? Math.round(n) : Math.round(n * 10000) / 10000);
  const scaled = Math.max(-1, Math.min(1, Math.round(s.scaled * 10000) / 10000));
  return { scaled, raw: Math.min(round(s.max), Math.max(round(s.min), round(s.raw))), min: round(s.min), max: round(s.max) };
}

/** The scoring module's interaction report as an xAPI activity definition + result. */
export interface InteractionInput {
  readonly id: string;
  readonly description: string;
  readonly result: string;
  readonly weighting: number;
  readonly latencySeconds: number;
  readonly xapi?: unknown;
  readonly response: string;
  readonly pattern?: string;
  readonly type: string;
}

interface XapiPart {
  interactionType?: string;
  correctResponsesPattern?: string[];
  response?: string;
  choices?: Json[];
  source?: Json[];
  target?: Json[];
  steps?: Json[];
}

export function interactionParts(i: InteractionInput, language: string): { definition: Obj; result: Obj } {
  const x = (i.xapi ?? {}) as XapiPart;
  const type = x.interactionType ?? i.type;
  const definition: Obj = {
    type: ACTIVITY_TYPE.interaction,
    name: { [language]: i.description || i.id },
    interactionType: type === 'other' || !type ? 'other' : type,
  };
  const patterns = x.correctResponsesPattern ?? (i.pattern !== undefined ? [i.pattern] : []);
  if (patterns.length) definition.correctResponsesPattern = [...patterns];
  for (const k of ['choices', 'source', 'target', 'steps'] as const) if (x[k]?.length) definition[k] = copy(x[k] as Json[]);
  const result: Obj = { response: x.response ?? i.response, duration: isoDuration(i.latencySeconds * 1000) };
  if (i.result === 'correct' || i.result === 'incorrect') result.success = i.result === 'correct';
  const fraction = i.result === 'correct' ? 1 : i.result === 'incorrect' ? 0 : Number(i.result);
  if (i.result !== 'neutral' && Number.isFinite(fraction)) {
    result.score = i.weighting > 0 ? score({ raw: fraction * i.weighting, min: 0, max: i.weighting, scaled: fraction }, false) : { scaled: Math.max(-1, Math.min(1, fraction)) };
  }
  return { definition, result };
}

/** RFC 4122 version 4 UUID from 16 random bytes. */
export function uuid(bytes: Uint8Array): string {
  const b = Array.from(bytes.slice(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
