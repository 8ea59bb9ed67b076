// The AU side of a cmi5 launch (cmi5 spec §8, §10, §11): launch parameters from the URL, the auth token
// from the one-time fetch URL (kept in sessionStorage, so a reload of the same session does not ask
// twice), LMS.LaunchData and the learner preferences. The statements themselves are XapiTracker's.

import type { PlayerData } from '../../core/player-data.js';
import { CMI5, courseIri, type CourseIdentity, type Obj } from '../../core/statements.js';
import { documentUrl, getJson, normalizeActor, tincanLaunch, type XapiLaunch } from './xapi.js';

interface LaunchData {
  contextTemplate?: Obj;
  launchMode?: string;
  moveOn?: string;
  masteryScore?: number;
  returnURL?: string;
  launchParameters?: string;
}

async function authToken(fetchUrl: string): Promise<string | undefined> {
  const key = `ajar:cmi5:token:${fetchUrl}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
  } catch {
    /* no sessionStorage */
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const r = await fetch(fetchUrl, { method: 'POST', cache: 'no-store', credentials: 'omit' });
      const body = (await r.json()) as Record<string, string>;
      const token = body['auth-token'];
      if (!token) return undefined; // error-code 1/2/3: the LMS will not give one (§8.2.3)
      try {
        sessionStorage.setItem(key, token);
      } catch {
        /* kept in memory only */
      }
      return token;
    } catch {
      await new Promise((ok) => setTimeout(ok, 700 * (attempt + 1)));
    }
  }
  return undefined;
}

export async function cmi5Launch(search: string, course: CourseIdentity, data: PlayerData): Promise<XapiLaunch | undefined> {
  const q = new URLSearchParams(search);
  const endpointRaw = q.get('endpoint');
  const fetchUrl = q.get('fetch');
  const actorText = q.get('actor');
  const registration = q.get('registration');
  const activityId = q.get('activityId');
  if (!endpointRaw || !fetchUrl || !actorText || !registration || !activityId) return undefined;
  const endpoint = endpointRaw.endsWith('/') ? endpointRaw : endpointRaw + '/';
  let actor: Obj;
  try {
    actor = normalizeActor(JSON.parse(actorText) as Obj);
  } catch {
    return undefined;
  }
  const token = await authToken(fetchUrl);
  if (!token) return undefined;
  const auth = `Basic ${token}`;
  const agent = JSON.stringify(actor);
  // Kept for the session: a reload while the link is down still knows how it was launched.
  const keep = `ajar:cmi5:launch:${fetchUrl}`;
  let kept: { launchData?: LaunchData; prefs?: { audioPreference?: string } | null } = {};
  try {
    kept = JSON.parse(sessionStorage.getItem(keep) || '{}') as typeof kept;
  } catch {
    /* none */
  }
  const launchData = kept.launchData ?? ((await getJson(documentUrl(endpoint, 'activities/state', { activityId, agent, registration, stateId: 'LMS.LaunchData' }), auth)) as LaunchData | null | undefined);
  if (!launchData || !launchData.contextTemplate) return undefined;
  const prefs = kept.launchData ? kept.prefs : ((await getJson(documentUrl(endpoint, 'agents/profile', { agent, profileId: 'cmi5LearnerPreferences' }), auth)) as { audioPreference?: string } | null | undefined);
  try {
    sessionStorage.setItem(keep, JSON.stringify({ launchData, prefs: prefs ?? null }));
  } catch {
    /* not kept */
  }
  const mode = launchData.launchMode === 'Browse' ? 'browse' : launchData.launchMode === 'Review' ? 'review' : 'normal';
  const session = String((launchData.contextTemplate.extensions as Obj | undefined)?.[CMI5.sessionId] ?? `${registration}|${activityId}`);
  const moduleId = q.get('ajar-au');
  const module = moduleId ? data.modules.findIndex((m) => m.id === moduleId) : -1;
  return {
    profile: 'cmi5',
    endpoint,
    auth,
    actor,
    registration,
    activityId,
    mode,
    template: launchData.contextTemplate,
    ...(typeof launchData.masteryScore === 'number' ? { masteryScore: launchData.masteryScore } : {}),
    ...(launchData.returnURL ? { returnURL: launchData.returnURL } : {}),
    course,
    ...(module >= 0 ? { module } : {}),
    // AUs of one course share the learner's progress: per-module AUs keep it under the course IRI.
    stateActivity: module >= 0 ? course.iri : activityId,
    session: `cmi5|${session}`,
    ...(prefs?.audioPreference === 'off' ? { audioOff: true } : {}),
  };
}

/** `ajar/xapi.json` beside the launch page (written by the cmi5/xAPI packagers), or what the data says. */
export async function courseIdentity(data: PlayerData): Promise<CourseIdentity> {
  try {
    const r = await fetch('ajar/xapi.json', { cache: 'no-store' });
    if (r.ok) return (await r.json()) as CourseIdentity;
  } catch {
    /* not packaged with it */
  }
  return { iri: courseIri(data.id), language: data.language, title: data.title, jp: data.jp, competencies: [], ...(data.institution ? { institution: data.institution } : {}) };
}

export { tincanLaunch };
