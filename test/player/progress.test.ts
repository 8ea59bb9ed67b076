// Completion, success, course score and gating from the state alone (pure, no browser).
import { describe, expect, it } from 'vitest';
import { planPlayerData } from '../../src/render/player-data.js';
import { courseStatus, itemUnlocked, placedItems } from '../../src/player/progress.js';
import { initialState, type ItemState, type PlayerState, type QuizState } from '../../src/core/state.js';
import { fixtureCourse } from '../support/course-fixtures.js';

const data = planPlayerData(fixtureCourse({ video: 'media/v.mp4' }), 'scorm2004', {}).data;
const at = (id: string) => placedItems(data).find((p) => p.item.id === id)!.index;

function withItems(state: PlayerState, changes: Record<string, Partial<ItemState>>): PlayerState {
  const items = state.items.slice();
  for (const [id, change] of Object.entries(changes)) items[at(id)] = { ...items[at(id)]!, ...change } as ItemState;
  return { ...state, items };
}
const quiz = (best: number, attempts = 1): Partial<QuizState> => ({ best, last: best, attempts });

const everythingButPost = (s: PlayerState) =>
  withItems(s, {
    pembuka: { visited: true, watched: true },
    'pre-test': quiz(2500),
    wasathiyah: { visited: true },
    rtl: { submitted: true },
    latihan: quiz(0),
  });

describe('course status', () => {
  const fresh = initialState(data, 1);

  it('has no score and no result before anything is submitted', () => {
    expect(courseStatus(data, fresh)).toEqual({ progress: 0, score: undefined, completed: false, success: undefined });
  });

  it('a video lesson needs the video played through, not just a visit', () => {
    const visited = withItems(fresh, { pembuka: { visited: true } });
    expect(courseStatus(data, visited).progress).toBe(0);
    expect(courseStatus(data, withItems(visited, { pembuka: { watched: true } })).progress).toBeCloseTo(1 / 6);
  });

  it('stays incomplete after a failed post-test with attempts left, then passes on the retry', () => {
    const failed = withItems(everythingButPost(fresh), { 'post-test': quiz(2500) });
    expect(courseStatus(data, failed)).toMatchObject({ completed: false, success: undefined, score: 25 });
    const passed = withItems(failed, { 'post-test': quiz(7500, 2) });
    expect(courseStatus(data, passed)).toEqual({ progress: 1, score: 75, completed: true, success: 'passed' });
  });

  it('ends completed and failed when the post-test attempts are used up', () => {
    const used = withItems(everythingButPost(fresh), { 'post-test': quiz(5000, 3) });
    expect(courseStatus(data, used)).toMatchObject({ completed: true, success: 'failed', score: 50 });
  });

  it("lets the LMS's mastery score win over the course's passing grade", () => {
    const s = withItems(everythingButPost(fresh), { 'post-test': quiz(7500, 2) });
    expect(courseStatus(data, s, 80).success).toBe('failed');
    expect(courseStatus(data, s, 60).success).toBe('passed');
  });
});

describe('gating', () => {
  const fresh = initialState(data, 1);
  it('opens a module only when the previous ones are mastered', () => {
    expect(itemUnlocked(data, fresh, at('pembuka'))).toBe(true);
    expect(itemUnlocked(data, fresh, at('wasathiyah'))).toBe(false);
    const m1 = withItems(fresh, { pembuka: { visited: true, watched: true }, 'pre-test': quiz(0) });
    expect(itemUnlocked(data, m1, at('wasathiyah'))).toBe(true);
    expect(itemUnlocked(data, m1, at('post-test'))).toBe(false);
    expect(itemUnlocked(data, everythingButPost(fresh), at('post-test'))).toBe(true);
  });

  it('opens everything when the course is not sequential', () => {
    const open = { ...data, gating: { ...data.gating, sequential: false } };
    expect(itemUnlocked(open, fresh, at('post-test'))).toBe(true);
  });
});
