// The preview's local LRS answered directly (no browser): what an AU gets back for the requests it makes —
// statements stored, fetched and refused, the State and Agent Profile documents, the cmi5 launch rules
// (LMS.LaunchData read-only, the fetch URL's one token) and a simulated outage.
import { describe, expect, it } from 'vitest';
import { PreviewLrs, type LrsResponse } from '../../src/preview/lrs.js';
import { VERB } from '../../src/core/statements.js';

const origin = 'http://127.0.0.1:4173';
const au = { publisherId: 'https://pusdiklat.kemenag.go.id/kursus/moderasi/au/1', moveOn: 'Passed', masteryScore: 0.7, url: 'index.html?bab=1', title: 'Pengertian moderasi beragama' };

/** A cmi5 launch, and what the AU does first: POST its fetch URL for the token. */
function launched(): { lrs: PreviewLrs; auth: string; activityId: string; registration: string } {
  const lrs = new PreviewLrs(origin);
  const url = new URL(lrs.launch({ profile: 'cmi5', origin, base: '/course/cmi5/', au }));
  const key = url.searchParams.get('fetch')!.split('/').pop()!;
  const token = JSON.parse(lrs.fetchToken(key).body!) as { 'auth-token': string };
  return { lrs, auth: `Basic ${token['auth-token']}`, activityId: url.searchParams.get('activityId')!, registration: url.searchParams.get('registration')! };
}

const body = (r: LrsResponse) => JSON.parse(r.body!) as Record<string, unknown>;

describe('the preview LRS', () => {
  it('stores a statement once, answers it by id and by registration, and refuses a different one under the same id', () => {
    const { lrs, auth, activityId, registration } = launched();
    const s = {
      id: '2d1c3b6e-5f7a-4e9b-8c0d-1a2b3c4d5e6f',
      actor: lrs.actor,
      verb: { id: VERB.initialized, display: { 'id-ID': 'memulai' } },
      object: { objectType: 'Activity', id: activityId },
      context: { registration },
    };
    const posted = lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify(s));
    expect(posted.status).toBe(200);
    expect(JSON.parse(posted.body!)).toEqual([s.id]);
    // The same statement again changes nothing; another one under its id is a conflict.
    expect(lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify(s)).status).toBe(200);
    expect(lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify({ ...s, verb: { id: VERB.terminated } })).status).toBe(409);
    const one = lrs.handle('GET', 'statements', new URLSearchParams({ statementId: s.id }), { authorization: auth }, '');
    expect(body(one).verb).toEqual(s.verb);
    expect(body(one).authority).toMatchObject({ name: 'ajar preview' });
    const list = body(lrs.handle('GET', 'statements', new URLSearchParams({ registration }), { authorization: auth }, '')) as { statements: { verb: { id: string } }[] };
    // Newest first: the AU's statement, then the LMS's own Launched statement.
    expect(list.statements.map((x) => x.verb.id)).toEqual([VERB.initialized, VERB.launched]);
    expect(lrs.handle('GET', 'statements', new URLSearchParams({ statementId: 'tidak-ada' }), { authorization: auth }, '').status).toBe(404);
    expect(lrs.counts.statementPosts).toBe(3);
  });

  it('takes a PUT under its statementId, refuses a batch with one bad statement whole, and refuses what is not JSON', () => {
    const { lrs, auth, activityId } = launched();
    const s = { actor: lrs.actor, verb: { id: VERB.experienced }, object: { objectType: 'Activity', id: `${activityId}/materi-1` } };
    expect(lrs.handle('PUT', 'statements', new URLSearchParams({ statementId: 'a1b2c3d4-0000-4000-8000-000000000001' }), { authorization: auth }, JSON.stringify(s)).status).toBe(204);
    expect(lrs.handle('PUT', 'statements', new URLSearchParams({ statementId: 'a1b2c3d4-0000-4000-8000-000000000002' }), { authorization: auth }, JSON.stringify({ ...s, id: 'lain' })).status).toBe(400);
    expect(lrs.handle('PUT', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify(s)).status).toBe(400);
    const before = lrs.statements.length;
    const batch = lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify([s, { verb: { id: VERB.passed } }]));
    expect(batch.status).toBe(400);
    expect(lrs.statements.length).toBe(before);
    const twice = { ...s, id: 'a1b2c3d4-0000-4000-8000-000000000003' };
    expect(lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, JSON.stringify([twice, twice])).status).toBe(400);
    expect(lrs.handle('POST', 'statements', new URLSearchParams(), { authorization: auth }, '{bukan json').status).toBe(400);
  });

  it('keeps State documents per activity, agent and registration; LMS.LaunchData is read-only; POST merges JSON', () => {
    const { lrs, auth, activityId, registration } = launched();
    const q = (stateId?: string) => new URLSearchParams({ activityId, agent: JSON.stringify(lrs.actor), registration, ...(stateId ? { stateId } : {}) });
    const launchData = body(lrs.handle('GET', 'activities/state', q('LMS.LaunchData'), { authorization: auth }, ''));
    expect(launchData).toMatchObject({ launchMode: 'Normal', moveOn: 'Passed', masteryScore: 0.7 });
    expect(lrs.handle('PUT', 'activities/state', q('LMS.LaunchData'), { authorization: auth }, '{}').status).toBe(403);
    const events: string[] = [];
    lrs.on((e) => events.push(e.type));
    expect(lrs.handle('PUT', 'activities/state', q('ajar.state'), { authorization: auth, 'content-type': 'application/json' }, '{"halaman":3}').status).toBe(204);
    expect(lrs.handle('POST', 'activities/state', q('ajar.state'), { authorization: auth, 'content-type': 'application/json' }, '{"skor":80}').status).toBe(204);
    expect(body(lrs.handle('GET', 'activities/state', q('ajar.state'), { authorization: auth }, ''))).toEqual({ halaman: 3, skor: 80 });
    expect(events).toEqual(['state', 'state']);
    expect(JSON.parse(lrs.handle('GET', 'activities/state', q(), { authorization: auth }, '').body!)).toEqual(['LMS.LaunchData', 'ajar.state']);
    expect(lrs.handle('POST', 'activities/state', q('ajar.state'), { authorization: auth }, 'bukan json').status).toBe(400);
    expect(lrs.handle('DELETE', 'activities/state', q('ajar.state'), { authorization: auth }, '').status).toBe(204);
    expect(lrs.handle('GET', 'activities/state', q('ajar.state'), { authorization: auth }, '').status).toBe(404);
    expect(lrs.handle('PUT', 'activities/state', q(), { authorization: auth }, '{}').status).toBe(400);
    expect(lrs.handle('GET', 'activities/state', new URLSearchParams({ agent: '{' }), { authorization: auth }, '').status).toBe(400);
    expect(lrs.handle('GET', 'activities/state', new URLSearchParams({ agent: JSON.stringify(lrs.actor), stateId: 'x' }), { authorization: auth }, '').status).toBe(400);
  });

  it('serves the learner preferences profile read-only, and other profiles read-write', () => {
    const { lrs, auth } = launched();
    const q = (profileId: string) => new URLSearchParams({ agent: JSON.stringify(lrs.actor), profileId });
    expect(body(lrs.handle('GET', 'agents/profile', q('cmi5LearnerPreferences'), { authorization: auth }, ''))).toEqual({ languagePreference: 'id-ID,en-US', audioPreference: 'on' });
    expect(lrs.handle('PUT', 'agents/profile', q('cmi5LearnerPreferences'), { authorization: auth }, '{}').status).toBe(403);
    expect(lrs.handle('PUT', 'agents/profile', q('catatan'), { authorization: auth, 'content-type': 'text/plain' }, 'Catatan peserta').status).toBe(204);
    const got = lrs.handle('GET', 'agents/profile', q('catatan'), { authorization: auth }, '');
    expect([got.body, got.type]).toEqual(['Catatan peserta', 'text/plain']);
  });

  it('asks for the token, gives the fetch URL’s token once, answers 404 for unknown resources and 503 in an outage', () => {
    const lrs = new PreviewLrs(origin);
    const url = new URL(lrs.launch({ profile: 'cmi5', origin, base: '/course/cmi5/', au }));
    expect(lrs.handle('GET', 'statements', new URLSearchParams(), {}, '').status).toBe(401);
    expect(body(lrs.handle('GET', 'about', new URLSearchParams(), {}, ''))).toEqual({ version: ['1.0.3'] });
    const key = url.searchParams.get('fetch')!.split('/').pop()!;
    const auth = `Basic ${(body(lrs.fetchToken(key)) as { 'auth-token': string })['auth-token']}`;
    expect(body(lrs.fetchToken(key))['error-code']).toBe('1');
    expect(body(lrs.fetchToken('tidak-dikenal'))['error-code']).toBe('2');
    const unknown = lrs.handle('GET', 'activities/profile', new URLSearchParams(), { authorization: auth }, '');
    expect(unknown.status).toBe(404);
    expect(lrs.handle('PATCH', 'statements', new URLSearchParams(), { authorization: auth }, '').status).toBe(404);
    lrs.outage = true;
    expect(lrs.handle('GET', 'statements', new URLSearchParams(), { authorization: auth }, '').status).toBe(503);
    expect(lrs.counts.refused).toBe(1);
  });

  it('launches Tin Can with endpoint, Basic auth, actor, registration and activity_id in the URL', () => {
    const lrs = new PreviewLrs(origin);
    const url = new URL(lrs.launch({ profile: 'tincan', origin, base: '/course/xapi/', au: { ...au, url: 'index.html' }, activityId: 'https://pusdiklat.kemenag.go.id/kursus/moderasi' }));
    expect(url.pathname).toBe('/course/xapi/index.html');
    expect(url.searchParams.get('endpoint')).toBe(`${origin}/lrs/`);
    expect(url.searchParams.get('activity_id')).toBe('https://pusdiklat.kemenag.go.id/kursus/moderasi');
    const auth = url.searchParams.get('auth')!;
    expect(lrs.handle('GET', 'statements', new URLSearchParams(), { authorization: auth }, '').status).toBe(200);
  });
});
