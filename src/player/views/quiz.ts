// A quiz: an intro with the rules, an attempt (questions drawn for this attempt from the learner's seed),
// a time limit the learner can extend, feedback as the author chose, and the attempt's result.

import type { App } from '../view-host.js';
import type { PlayerQuiz } from '../../core/player-data.js';
import type { EssayQuestion, MatchingQuestion, MultipleChoiceQuestion, NumericalQuestion, OrderingQuestion, Question, ShortQuestion } from '../../core/model/questions.js';
import { h, trusted, uid } from '../dom.js';
import type { Answer, QuizState } from '../../core/state.js';
import { LIMITS } from '../../core/state.js';
import { drawAttempt, interactionFor, quizScore, scoreAnswer, type DrawnQuestion } from '../engine.js';
import { attemptsLeft, mustPass, quizPassed } from '../progress.js';
import { formatScore, type Strings } from '../i18n.js';
import { localText } from '../local-text.js';

const MAX_EXTENSIONS = 10;

export function drawnFor(app: App, quiz: PlayerQuiz, s: QuizState): DrawnQuestion[] {
  return drawAttempt(quiz.settings, app.data.banks, app.state.seed, quiz.id, Math.max(0, s.attempts - 1));
}

function verdict(app: App, fraction: number | undefined): string {
  if (fraction === undefined) return '';
  return fraction >= 1 ? `✓ ${app.t.correct}` : fraction <= 0 ? `✗ ${app.t.incorrect}` : `◐ ${app.t.partial}`;
}

function feedbackBlock(app: App, q: Question, a: Answer): HTMLElement {
  const r = scoreAnswer(q, a, app.data.language);
  const f = r.fraction;
  return h(
    'div',
    { class: `fb ${f === undefined ? '' : f >= 1 ? 'right' : 'wrong'}` },
    h('p', { class: 'verdict' }, verdict(app, f)),
    r.feedback.map((html) => trusted(html, 'div', { dir: 'auto' })),
  );
}

export function renderQuiz(app: App, quiz: PlayerQuiz, index: number): HTMLElement {
  const root = h('article', { class: 'quiz' });
  const show = () => {
    const s = app.itemState<QuizState>(index);
    root.replaceChildren(...(s.open ? attempt(app, quiz, index, show) : intro(app, quiz, index, show)));
    const heading = root.querySelector<HTMLElement>('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  };
  const s = app.itemState<QuizState>(index);
  root.append(...(s.open ? attempt(app, quiz, index, show) : intro(app, quiz, index, show)));
  return root;
}

function intro(app: App, quiz: PlayerQuiz, index: number, rerender: () => void): HTMLElement[] {
  const { t, data } = app;
  const s = app.itemState<QuizState>(index);
  const st = quiz.settings;
  const left = attemptsLeft(quiz, s);
  // Labels match what is scored: descriptions are no questions, essays are not auto-scored.
  const drawnNow = drawnFor(app, quiz, s).filter((d) => d.question.type !== 'description');
  const count = drawnNow.length;
  const scored = drawnNow.filter((d) => d.question.type !== 'essay').length;
  const passed = quizPassed(quiz, s);
  const graded = mustPass(quiz);
  const facts = h(
    'ul',
    { class: 'facts' },
    h('li', {}, `${count} ${t.questions}${scored < count ? ` (${scored} ${t.autoScored})` : ''}`),
    graded ? h('li', {}, `${t.passingGrade}: ${st.passingGrade}`) : null,
    h('li', {}, `${t.attemptsLeft}: ${left === Infinity ? t.unlimited : left}`),
    st.timeLimit ? h('li', {}, `${t.timeLimit}: ${st.timeLimit} ${t.minutes}`) : null,
  );
  const out: HTMLElement[] = [h('h1', { dir: 'auto' }, quiz.title), trusted(quiz.html, 'div', { class: 'prose', dir: 'auto' }), facts];
  if (s.last >= 0) {
    out.push(
      h(
        'div',
        { class: 'last', role: 'status' },
        h('p', { 'data-last-score': String(s.last / 100) }, `${t.score}: ${formatScore(s.last, data.language)} · ${t.best}: ${formatScore(s.best, data.language)}`),
        // A pre-test or practice measures: it is done, not passed (a score of 0 is no "Lulus").
        graded ? h('p', { class: passed ? 'right' : 'wrong' }, passed ? `✓ ${t.passed}` : `✗ ${t.failed}`) : h('p', {}, `✓ ${t.done}`),
      ),
    );
    if (st.feedback === 'after-submit') {
      const drawn = drawnFor(app, quiz, s);
      out.push(
        h(
          'ol',
          { class: 'review' },
          drawn.map((d, i) =>
            d.question.type === 'description' ? null : h('li', {}, trusted(d.question.html, 'div', { dir: 'auto' }), feedbackBlock(app, d.question, s.answers[i] ?? null)),
          ),
        ),
      );
    }
  }
  if (left > 0) {
    const start = () => {
      const cur = app.itemState<QuizState>(index);
      const next: QuizState = { ...cur, attempts: cur.attempts + 1, open: true, elapsed: 0, started: Math.floor(Date.now() / 1000), answers: [], checked: [] };
      const drawn = drawAttempt(quiz.settings, data.banks, app.state.seed, quiz.id, next.attempts - 1);
      app.update(index, { ...next, answers: drawn.map((d) => initialAnswer(d)), checked: drawn.map(() => false) }, true);
      rerender();
    };
    out.push(h('p', {}, h('button', { type: 'button', class: 'primary', 'data-start': '', onclick: start }, s.attempts > 0 ? t.tryAgain : t.start)));
  } else if (data.gating.remediation && graded && !passed) {
    // Remediation (course setting): study the module's lessons again, then the attempts open again.
    const review = () => {
      app.placed.forEach((p) => {
        const l = app.state.items[p.index]!;
        if (p.module === app.placed[index]!.module && l.k === 'lesson') app.update(p.index, { ...l, visited: false, watched: false, furthest: 0 });
      });
      app.update(index, { ...app.itemState<QuizState>(index), attempts: st.attempts + 1 }, true);
      app.go(-1);
    };
    out.push(h('p', { class: 'notice', 'data-exhausted': '' }, t.noAttempts, ' ', s.attempts > st.attempts ? t.remediating : t.remediate));
    if (s.attempts <= st.attempts) out.push(h('p', {}, h('button', { type: 'button', class: 'primary', 'data-review': '', onclick: review }, t.reviewStart)));
  } else out.push(h('p', { class: 'notice', 'data-exhausted': '' }, t.noAttempts, passed || !graded ? '' : ` ${t.noAttemptsNext}`));
  return out;
}

function initialAnswer(d: DrawnQuestion): Answer {
  // Ordering starts from the drawn order, which is itself an answer the learner may keep.
  return d.question.type === 'ordering' ? d.order.slice() : null;
}

function attempt(app: App, quiz: PlayerQuiz, index: number, rerender: () => void): HTMLElement[] {
  const { t, data } = app;
  const st = quiz.settings;
  const s0 = app.itemState<QuizState>(index);
  const drawn = drawnFor(app, quiz, s0);
  const textKey = (i: number) => `${data.id}:${quiz.id}:${s0.attempts}:${i}`;
  const answers = restoredAnswers(app, s0, drawn, textKey);
  const checked = drawn.map((_, i) => s0.checked[i] === true);
  const shownAt = Date.now();
  // The time limit is wall-clock from the start of the attempt: it runs while the learner is away.
  const started = s0.started || nowSeconds() - s0.elapsed;
  let elapsed = st.timeLimit ? Math.min(LIMITS.seconds, Math.max(s0.elapsed, nowSeconds() - started)) : 0;
  let submitted = false;

  // Where free texts do not fit the suspend data (SCORM 1.2), essays stay on the device only; the
  // worst-case size the build checked counts them as empty.
  const forState = (): Answer[] => answers.map((a, i) => (drawn[i]!.question.type === 'essay' && !data.keepTexts ? null : a));
  const persist = (urgent = false) => {
    const cur = app.itemState<QuizState>(index);
    app.update(index, { ...cur, answers: forState(), checked: checked.slice(), elapsed: st.timeLimit ? elapsed : 0, ...(st.timeLimit ? { started } : {}) }, urgent);
  };

  const total = drawn.filter((d) => d.question.type !== 'description').length;
  let n = 0;
  const sections = drawn.map((d, i) => {
    const q = d.question;
    const heading = q.type === 'description' ? '' : t.questionOf(++n, total);
    const set = (a: Answer) => {
      answers[i] = a;
      if (q.type === 'essay' && !data.keepTexts && typeof a === 'string') localText.set(textKey(i), a);
      persist();
    };
    const onChecked = () => {
      checked[i] = true;
      persist();
    };
    return questionSection(app, st.feedback === 'immediate', d, heading, () => answers[i] ?? null, set, checked[i]!, onChecked);
  });

  const finish = (timedOut: boolean) => {
    if (submitted) return;
    submitted = true;
    app.onLeave(() => undefined);
    timer?.stop();
    const score = quizScore(drawn, answers, data.language);
    const cur = app.itemState<QuizState>(index);
    const next: QuizState = { ...cur, open: false, elapsed: 0, started: 0, answers: forState(), checked: checked.slice(), last: score, best: Math.max(cur.best, score) };
    const passed = quizPassed(quiz, next);
    if (app.start.mode === 'normal') reportAttempt(app, quiz, drawn, answers, score, passed, shownAt);
    app.update(index, next, true);
    // Submitted essays are the LMS's now: no device copy stays behind.
    drawn.forEach((d, i) => d.question.type === 'essay' && localText.remove(textKey(i)));
    rerender();
    app.announce(`${timedOut ? t.timeUp + ' ' : ''}${t.score}: ${formatScore(score, data.language)}. ${passed ? t.passed : t.failed}.`);
  };

  const onTick = (seconds: number) => {
    elapsed = seconds;
    if (elapsed % 10 === 0) persist();
  };
  const timer = st.timeLimit ? timeLimit(app, quiz, st.timeLimit, started, elapsed, onTick, () => finish(true)) : undefined;
  app.onLeave(() => {
    timer?.stop();
    if (!submitted) persist();
  });

  return [
    h('h1', { dir: 'auto' }, quiz.title),
    h('p', { class: 'attempt' }, `${t.attempt} ${s0.attempts}`),
    timer?.box,
    h('form', { class: 'qs', onsubmit: (e: Event) => (e.preventDefault(), finish(false)) }, sections, h('p', {}, h('button', { type: 'submit', class: 'primary', 'data-submit': '' }, t.submit))),
  ].filter((el): el is HTMLElement => el !== undefined);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The answers given so far in this attempt; essays kept on the device only (see forState) come from there. */
function restoredAnswers(app: App, s0: QuizState, drawn: DrawnQuestion[], textKey: (i: number) => string): Answer[] {
  return drawn.map((d, i) => {
    const a = s0.answers[i] ?? initialAnswer(d);
    return d.question.type === 'essay' && !app.data.keepTexts && !a ? (localText.get(textKey(i)) ?? null) : a;
  });
}

/**
 * One question of the attempt: its number, stem, answer controls, a check button where feedback is
 * immediate, and the feedback once checked (a checked question cannot be changed).
 */
function questionSection(
  app: App,
  immediate: boolean,
  d: DrawnQuestion,
  heading: string,
  answer: () => Answer,
  set: (a: Answer) => void,
  checked: boolean,
  onChecked: () => void,
): HTMLElement {
  const q = d.question;
  const hid = uid('qh');
  const sid = uid('qs');
  const fb = h('div', { class: 'qfb', role: 'status' });
  if (q.type === 'description') return h('section', { class: 'q desc' }, trusted(q.html, 'div', { class: 'prose', dir: 'auto' }));
  const controls = questionControls(app, d, answer(), set, `${hid} ${sid}`);
  const disable = () => controls.querySelectorAll('input,select,textarea,button').forEach((el) => ((el as HTMLInputElement).disabled = true));
  if (checked) {
    disable();
    fb.append(feedbackBlock(app, q, answer()));
  }
  const check = (e: Event) => {
    disable();
    (e.currentTarget as HTMLButtonElement).disabled = true;
    fb.replaceChildren(feedbackBlock(app, q, answer()));
    onChecked();
  };
  const checkBtn = immediate && q.type !== 'essay' ? h('button', { type: 'button', class: 'check', onclick: check, disabled: checked }, app.t.check) : null;
  return h(
    'section',
    { class: 'q', 'data-question': q.id, 'data-type': q.type },
    h('h2', { id: hid }, heading),
    trusted(q.html, 'div', { id: sid, class: 'stem', dir: 'auto' }),
    controls,
    checkBtn,
    fb,
  );
}

/** What the LMS hears of a submitted attempt: one interaction per question, then the quiz's score and result. */
function reportAttempt(app: App, quiz: PlayerQuiz, drawn: DrawnQuestion[], answers: Answer[], score: number, passed: boolean, shownAt: number): void {
  const { language } = app.data;
  const latency = (Date.now() - shownAt) / 1000 / Math.max(1, drawn.length);
  drawn.forEach((d, i) => {
    if (d.question.type === 'description') return;
    app.tracker.recordInteraction({ ...interactionFor(quiz.id, d.question, answers[i] ?? null, language), latencySeconds: latency, timestamp: new Date() });
  });
  app.tracker.quizScored?.({ id: quiz.id, title: quiz.title, score: { raw: score / 100, min: 0, max: 100, scaled: score / 10000 }, ...(mustPass(quiz) ? { success: passed ? 'passed' : 'failed' } : {}) });
}

/**
 * The attempt's clock, ticking each second; the attempt is submitted when it runs out. WCAG 2.2.1: the
 * learner can extend the limit up to ten times, unless the quiz says the limit is essential (extend_time:
 * false, the default for a post-test: a certifying test's limit is its point).
 */
function timeLimit(
  app: App,
  quiz: PlayerQuiz,
  minutes: number,
  started: number,
  elapsed: number,
  onTick: (elapsed: number) => void,
  onTimeUp: () => void,
): { box: HTMLElement; stop: () => void } {
  const { t } = app;
  const base = Math.round(minutes * 60);
  const canExtend = quiz.settings.extendTime ?? quiz.role !== 'post';
  let extensions = canExtend ? Math.min(MAX_EXTENSIONS, Math.floor(elapsed / base)) : 0;
  const clock = h('span', { class: 'clock' });
  const extend = h('button', { type: 'button', class: 'extend' }, t.extendTime);
  const paint = () => {
    const left = Math.max(0, base * (1 + extensions) - elapsed);
    clock.textContent = `${t.timeLeft}: ${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    extend.disabled = extensions >= MAX_EXTENSIONS;
  };
  extend.addEventListener('click', () => {
    extensions = Math.min(MAX_EXTENSIONS, extensions + 1);
    paint();
  });
  paint();
  const tick = setInterval(() => {
    elapsed = Math.min(LIMITS.seconds, nowSeconds() - started);
    paint();
    onTick(elapsed);
    if (elapsed >= base * (1 + extensions)) onTimeUp();
  }, 1000);
  // Back after the time ran out (reload, another day): the answers given are submitted.
  if (elapsed >= base * (1 + extensions)) setTimeout(onTimeUp);
  return { box: h('p', { class: 'timer', role: 'timer', 'aria-live': 'off' }, clock, ' ', canExtend ? extend : null), stop: () => clearInterval(tick) };
}

function questionControls(app: App, d: DrawnQuestion, a: Answer, set: (a: Answer) => void, labelledby: string): HTMLElement {
  const { t } = app;
  const q = d.question;
  const name = uid('n'); // the choices' group (radio buttons, checkboxes)
  const group = (...children: HTMLElement[]) => h('div', { role: 'group', class: 'opts', 'aria-labelledby': labelledby }, ...children);
  const radio = (value: number, html: string) => option(name, 'radio', value, a === value, html, () => set(value));
  switch (q.type) {
    case 'single':
      return group(...d.order.map((ci) => radio(ci, q.choices[ci]!.html)));
    case 'multiple':
      return group(...checkboxes(name, q, d.order, a, set));
    case 'truefalse':
      return group(radio(1, t.true), radio(0, t.false));
    case 'short':
    case 'numerical':
    case 'essay':
      return textAnswer(t, q, a, set, labelledby.split(' ')[1]!);
    case 'matching':
      return group(...matchingSelects(t, q, d.order, a, set));
    case 'ordering':
      return group(orderingList(app, q, d.order, a, set));
    case 'description':
      return h('div');
  }
}

/** A radio button or checkbox with its label (the choice's course HTML). */
function option(name: string, type: 'radio' | 'checkbox', value: number, checked: boolean, html: string, onchange: (el: HTMLInputElement) => void): HTMLElement {
  const id = uid('o');
  const input = h('input', { type, name, id, value, checked });
  input.addEventListener('change', () => onchange(input));
  return h('div', { class: 'opt' }, input, h('label', { for: id, dir: 'auto' }, trusted(html, 'span')));
}

/** Multiple choice: the answer is a bit mask of the choices ticked. */
function checkboxes(name: string, q: MultipleChoiceQuestion, order: readonly number[], a: Answer, set: (a: Answer) => void): HTMLElement[] {
  let mask = typeof a === 'number' ? a : 0;
  return order.map((ci) =>
    option(name, 'checkbox', ci, (mask & (1 << ci)) > 0, q.choices[ci]!.html, (el) => {
      mask = el.checked ? mask | (1 << ci) : mask & ~(1 << ci);
      set(mask);
    }),
  );
}

/** A one-line answer (short, numerical) or a text area (essay), described by the question's stem. */
function textAnswer(t: Strings, q: ShortQuestion | NumericalQuestion | EssayQuestion, a: Answer, set: (a: Answer) => void, describedby: string): HTMLElement {
  const id = uid('i');
  const field =
    q.type === 'essay'
      ? h('textarea', { id, dir: 'auto', rows: 6, maxlength: Math.min(q.maxLength ?? LIMITS.text, LIMITS.text), 'aria-describedby': describedby })
      : h('input', {
          id,
          type: 'text',
          dir: 'auto',
          autocomplete: 'off',
          maxlength: q.type === 'short' ? LIMITS.shortAnswer : LIMITS.numericalAnswer,
          inputmode: q.type === 'numerical' ? 'decimal' : null,
          'aria-describedby': describedby,
        });
  field.value = typeof a === 'string' ? a : '';
  field.addEventListener('input', () => set(field.value));
  return h('div', { class: 'opts' }, h('label', { for: id }, t.answerLabel), q.type === 'essay' ? null : ' ', field);
}

/** Matching: one select of the targets per prompt (-1: none chosen yet). */
function matchingSelects(t: Strings, q: MatchingQuestion, order: readonly number[], a: Answer, set: (a: Answer) => void): HTMLElement[] {
  const list = Array.isArray(a) ? a.slice() : q.pairs.map(() => -1);
  return q.pairs.map((p, pi) => {
    const id = uid('m');
    const select = h('select', { id }, h('option', { value: -1 }, t.choose), order.map((ti) => h('option', { value: ti, selected: list[pi] === ti }, htmlText(q.targets[ti]!.html))));
    select.addEventListener('change', () => {
      list[pi] = Number(select.value);
      set(list.slice());
    });
    return h('div', { class: 'match' }, h('label', { for: id, dir: 'auto' }, trusted(p.prompt, 'span')), select);
  });
}

/**
 * Ordering by ↑/↓ buttons (no drag-only): each move is said aloud, and the focus follows the item moved
 * (to the same direction's button while it can still move that way).
 */
function orderingList(app: App, q: OrderingQuestion, drawnOrder: readonly number[], a: Answer, set: (a: Answer) => void): HTMLElement {
  const { t } = app;
  const order = Array.isArray(a) && a.length === q.items.length ? a.slice() : drawnOrder.slice();
  const ol = h('ol', { class: 'order' });
  const paint = (focusIndex?: number, focusDir?: 'up' | 'down') => {
    ol.replaceChildren(
      ...order.map((ii, pos) => {
        const text = htmlText(q.items[ii]!.html);
        const move = (delta: number) => {
          const to = pos + delta;
          if (to < 0 || to >= order.length) return;
          [order[pos], order[to]] = [order[to]!, order[pos]!];
          set(order.slice());
          paint(to, delta < 0 ? 'up' : 'down');
          app.announce(`${text}: ${to + 1}`);
        };
        return h(
          'li',
          { dir: 'auto' },
          trusted(q.items[ii]!.html, 'span'),
          ' ',
          h('button', { type: 'button', class: 'up', 'aria-label': `${t.moveUp}: ${text}`, disabled: pos === 0, onclick: () => move(-1) }, '↑'),
          h('button', { type: 'button', class: 'down', 'aria-label': `${t.moveDown}: ${text}`, disabled: pos === order.length - 1, onclick: () => move(1) }, '↓'),
        );
      }),
    );
    if (focusIndex !== undefined) {
      const li = ol.children[focusIndex];
      const btn = li?.querySelector<HTMLButtonElement>(focusDir === 'up' ? 'button.up:not([disabled])' : 'button.down:not([disabled])') ?? li?.querySelector<HTMLButtonElement>('button:not([disabled])');
      btn?.focus();
    }
  };
  paint();
  return ol;
}

function htmlText(html: string): string {
  const d = document.createElement('div');
  d.innerHTML = html;
  return (d.textContent ?? '').trim();
}
