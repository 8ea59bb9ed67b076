// The pure parts of the xAPI trackers: the context template is kept (never overwritten), Tin Can launch
// parameters including 0.9x array actors, scores, durations and interaction definitions.
import { describe, expect, it } from 'vitest';
import validate from '@learninglocker/xapi-validation';
import { CMI5, AJAR, context, interactionParts, isoDuration, score, statement, uuid, type CourseIdentity } from '../../src/core/statements.js';
import { normalizeActor, tincanLaunch } from '../../src/player/tracking/xapi.js';

const course: CourseIdentity = { iri: 'urn:ajar:course:k', language: 'id', title: 'Kursus', jp: 4, competencies: ['Wawasan kebangsaan'] };
const check = ((validate as unknown as { default?: unknown }).default ?? validate) as (s: unknown) => unknown[];

describe('statement builders', () => {
  it('copy the LMS context template and add to it without overwriting', () => {
    const template = {
      registration: 'ab6a8d58-0f5f-4d4b-9c2c-52a0b0a9b1c7',
      contextActivities: { grouping: [{ id: 'urn:publisher:au' }], category: [{ id: 'urn:lms:category' }] },
      extensions: { [CMI5.sessionId]: 's-1', [AJAR.jp]: 99 },
    };
    const ctx = context({ template, registration: 'other', course, cmi5Defined: true, moveOn: true, extensions: { [CMI5.masteryScore]: 0.7 } }) as any;
    expect(ctx.registration).toBe(template.registration);
    expect(ctx.extensions[AJAR.jp]).toBe(99); // the template's value wins
    expect(ctx.extensions[CMI5.sessionId]).toBe('s-1');
    expect(ctx.extensions[CMI5.masteryScore]).toBe(0.7);
    expect(ctx.extensions[AJAR.competencies]).toEqual(['Wawasan kebangsaan']);
    expect(ctx.contextActivities.category.map((a: any) => a.id)).toEqual(['urn:lms:category', CMI5.category, CMI5.moveOn]);
    expect(template.contextActivities.category).toHaveLength(1); // the template itself is untouched
  });

  it('make statements the xAPI validator accepts, with scores, durations and interactions', () => {
    const actor = { objectType: 'Agent', account: { homePage: 'https://lms.example.go.id', name: '1987' } };
    const { definition, result } = interactionParts(
      {
        id: 'post.q1',
        description: 'Pasangkan istilah',
        result: '0.5',
        weighting: 2,
        latencySeconds: 12.345,
        response: '1[.]c[,]2[.]b',
        type: 'matching',
        xapi: { interactionType: 'matching', correctResponsesPattern: ['1[.]c[,]2[.]a'], response: '1[.]c[,]2[.]b', source: [{ id: '1', description: { id: 'Tawasuth' } }], target: [{ id: 'c', description: { id: 'Jalan tengah' } }] },
      },
      'id',
    );
    expect(result).toEqual({ response: '1[.]c[,]2[.]b', duration: 'PT12.35S', score: { scaled: 0.5, raw: 1, min: 0, max: 2 } });
    const s = statement({ id: uuid(new Uint8Array(16).fill(7)), timestamp: new Date('2026-11-23T01:02:03Z'), actor, verb: 'answered', object: { objectType: 'Activity', id: 'urn:ajar:course:k/interaction/post/q1', definition }, result, context: context({ course }) }, 'id');
    expect(check(s)).toEqual([]);
    expect(check({ ...s, id: 'x' })).not.toEqual([]);
    expect(score({ raw: 74.6, min: 0, max: 100, scaled: 0.746 })).toEqual({ scaled: 0.746, raw: 75, min: 0, max: 100 });
    expect(isoDuration(3_723_450)).toBe('PT1H2M3.45S');
    expect(uuid(new Uint8Array(16))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('Tin Can launch', () => {
  it('reads endpoint, auth, actor (0.9x arrays too), registration, activity_id and grouping', () => {
    const actor = JSON.stringify({ name: ['Siti Rahmawati'], mbox: ['mailto:siti@pusdiklat.go.id'] });
    const q = new URLSearchParams({ endpoint: 'https://lrs.example.go.id/xapi', auth: 'Basic YTpi', actor, registration: 'ab6a8d58-0f5f-4d4b-9c2c-52a0b0a9b1c7', activity_id: 'urn:lms:kursus-7', grouping: 'urn:lms:program-2026' });
    const l = tincanLaunch(`?${q}`, course)!;
    expect(l).toMatchObject({ profile: 'tincan', endpoint: 'https://lrs.example.go.id/xapi/', auth: 'Basic YTpi', registration: 'ab6a8d58-0f5f-4d4b-9c2c-52a0b0a9b1c7', activityId: 'urn:lms:kursus-7', grouping: 'urn:lms:program-2026', mode: 'normal' });
    expect(l.actor).toEqual({ objectType: 'Agent', name: 'Siti Rahmawati', mbox: 'mailto:siti@pusdiklat.go.id' });
    expect(normalizeActor({ account: [{ accountServiceHomePage: 'https://lms', accountName: '42' }] } as any)).toEqual({ objectType: 'Agent', account: { homePage: 'https://lms', name: '42' } });
    expect(tincanLaunch('?endpoint=https://lrs', course)).toBeUndefined();
    expect(tincanLaunch(`?endpoint=https://lrs&actor=${encodeURIComponent('{bukan json')}`, course)).toBeUndefined();
  });
});
