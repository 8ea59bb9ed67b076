// Answer keys out of the page source: in the launch page every question travels sealed (its body XORed
// with a keystream seeded by the course and question ids, base64), and the player unseals it in memory.
// Threat model (docs/player.md): this stops reading the key in "view source" or searching the page for
// `"weight":1`; it does not stop a learner who runs the player's code in the console — client-side
// scoring never can. Certifying tests that must resist that need scoring on a server.

import type { Question } from './model/questions.js';

/** FNV-1a of the seed, then xorshift32: the same bytes in Node and in every browser. */
function keystream(seed: string): () => number {
  let x = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) x = Math.imul(x ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  x ||= 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 255;
  };
}

function xor(bytes: Uint8Array, seed: string): Uint8Array {
  const next = keystream(seed);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ next();
  return bytes;
}

/** A question as the launch page carries it: only its id in clear. */
export interface SealedQuestion {
  readonly id: string;
  readonly sealed: string;
}

export function sealQuestion(q: Question, courseId: string): SealedQuestion {
  const bytes = xor(new TextEncoder().encode(JSON.stringify(q)), `${courseId}\n${q.id}`);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return { id: q.id, sealed: btoa(bin) };
}

export function unsealQuestion(s: SealedQuestion | Question, courseId: string): Question {
  if (!('sealed' in s)) return s;
  const bin = atob(s.sealed);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return JSON.parse(new TextDecoder().decode(xor(bytes, `${courseId}\n${s.id}`))) as Question;
}

interface WithQuestions {
  readonly id: string;
  readonly banks: readonly { readonly questions: readonly unknown[] }[];
  readonly modules: readonly { readonly items: readonly unknown[] }[];
}

/** Seals (or unseals) every question of the course data: banks and questions written in quizzes. */
export function mapQuestions<T extends WithQuestions>(data: T, fn: (q: never, courseId: string) => unknown): T {
  const each = (qs: readonly unknown[]) => qs.map((q) => fn(q as never, data.id));
  return {
    ...data,
    banks: data.banks.map((b) => ({ ...b, questions: each(b.questions) })),
    modules: data.modules.map((m) => ({
      ...m,
      items: m.items.map((it) => {
        const q = it as { kind: string; settings?: { questions: readonly unknown[] } };
        return q.kind === 'quiz' && q.settings ? { ...q, settings: { ...q.settings, questions: each(q.settings.questions) } } : it;
      }),
    })),
  };
}
