// A Markdown bank → an IMS QTI content package (imsmanifest.xml + one item per question), in QTI 2.1
// (what Canvas classic quizzes and most LMSs import) or QTI 3.0. One tree is built with QTI 2.1 names
// and written out in either version (3.0: `qti-` kebab-case elements and attributes).

import { fromHtml } from 'hast-util-from-html';
import type { Element, Nodes as HastNodes } from 'hast';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { QuestionBank } from '../../core/model/course.js';
import type { ChoiceQuestion, MatchingQuestion, NumericalQuestion, OrderingQuestion, Question, ShortQuestion } from '../../core/model/questions.js';
import { formatNumber } from '../../core/numbers.js';
import { lossReporter, reportUnwritableXmlChars } from './common.js';
import { escapeXml } from '../../util/xml.js';

export type QtiVersion = '2.1' | '3.0';

interface Node {
  readonly tag: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly children?: readonly (Node | string)[];
  /** HTML content: element names and attributes are kept as they are in both versions. */
  readonly html?: boolean;
}

const n = (tag: string, attrs: Node['attrs'] = {}, children: (Node | string)[] = []): Node => ({ tag, attrs, children });

export interface QtiPackage {
  readonly files: { path: string; data: string }[];
  readonly diagnostics: Diagnostic[];
}

const ns = {
  '2.1': {
    item: 'http://www.imsglobal.org/xsd/imsqti_v2p1',
    schema: 'http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd',
    cp: 'http://www.imsglobal.org/xsd/imscp_v1p1',
    cpSchema: 'http://www.imsglobal.org/xsd/imscp_v1p1.xsd',
    resource: 'imsqti_item_xmlv2p1',
    template: (name: string) => `http://www.imsglobal.org/question/qti_v2p1/rptemplates/${name}`,
  },
  '3.0': {
    item: 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0',
    schema: 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd',
    cp: 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1',
    cpSchema: 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd',
    resource: 'imsqti_item_xmlv3p0',
    template: (name: string) => `https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/${name}.xml`,
  },
} as const;

/** QTI identifiers are XML names: start with a letter or `_`. */
export function qtiIdentifier(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `Q_${clean}`;
}

export function exportQti(bank: QuestionBank, version: QtiVersion): QtiPackage {
  const diagnostics: Diagnostic[] = [];
  const lost = lossReporter(`QTI ${version}`, diagnostics);
  const files: { path: string; data: string }[] = [];
  const resources: Node[] = [];
  for (const q of bank.questions) {
    reportUnwritableXmlChars(q, lost);
    const item = buildItem(q, version, lost);
    const path = `items/${qtiIdentifier(q.id)}.xml`;
    files.push({ path, data: `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(item, version)}\n` });
    const deps = (q.assets ?? []).map((a) => n('file', { href: a }));
    resources.push(n('resource', { identifier: `RES-${qtiIdentifier(q.id)}`, type: ns[version].resource, href: path }, [n('file', { href: path }), ...deps]));
  }
  const manifest = n(
    'manifest',
    {
      xmlns: ns[version].cp,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${ns[version].cp} ${ns[version].cpSchema}`,
      identifier: `MANIFEST-${qtiIdentifier(bank.id)}`,
    },
    [n('metadata', {}, [n('schema', {}, [`QTI Package`]), n('schemaversion', {}, [version === '2.1' ? '2.1' : '3.0.0'])]), n('organizations'), n('resources', {}, resources)],
  );
  files.unshift({ path: 'imsmanifest.xml', data: `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(manifest, '2.1')}\n` });
  return { files, diagnostics };
}

function decl(identifier: string, cardinality: string, baseType: string | undefined, children: Node[] = []): Node {
  return n('responseDeclaration', { identifier, cardinality, baseType }, children);
}

const value = (v: string | number) => n('value', {}, [String(v)]);
const float = (v: number) => n('baseValue', { baseType: 'float' }, [formatNumber(v)]);

function outcome(identifier: string, v: number): Node {
  return n('outcomeDeclaration', { identifier, cardinality: 'single', baseType: 'float' }, [n('defaultValue', {}, [value(formatNumber(v))])]);
}

function mapping(entries: [string, number, boolean?][], upper: number): Node {
  return n(
    'mapping',
    { defaultValue: 0, lowerBound: 0, upperBound: formatNumber(upper) },
    entries.map(([key, v, caseSensitive]) => n('mapEntry', { mapKey: key, mappedValue: formatNumber(v), ...(caseSensitive !== undefined ? { caseSensitive } : {}) })),
  );
}

function htmlNodes(html: string, version: QtiVersion): Node[] {
  const tree = fromHtml(html, { fragment: true });
  const keep = new Set(['href', 'src', 'alt', 'width', 'height', 'colSpan', 'rowSpan', 'title', ...(version === '3.0' ? ['dir'] : [])]);
  const convert = (node: HastNodes): (Node | string)[] => {
    if (node.type === 'text') return [node.value];
    if (node.type === 'root') return node.children.flatMap(convert);
    if (node.type !== 'element') return [];
    const el = node as Element;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(el.properties ?? {})) {
      if (!keep.has(k) || v === undefined || v === null || v === false) continue;
      attrs[k === 'colSpan' ? 'colspan' : k === 'rowSpan' ? 'rowspan' : k] = Array.isArray(v) ? v.join(' ') : String(v);
    }
    return [{ tag: el.tagName, attrs, children: el.children.flatMap(convert), html: true }];
  };
  return convert(tree).map((c) => (typeof c === 'string' ? { tag: 'span', children: [c], html: true } : c));
}

/** Block content for the item body: inline HTML is wrapped in a paragraph. */
function block(html: string, version: QtiVersion): Node[] {
  const nodes = htmlNodes(html, version);
  const blockTags = new Set(['p', 'div', 'blockquote', 'table', 'ul', 'ol', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);
  return nodes.every((x) => blockTags.has(x.tag)) ? nodes : [{ tag: 'div', children: nodes, html: true }];
}

function inline(html: string, version: QtiVersion): (Node | string)[] {
  return htmlNodes(html, version);
}

/** What a question type puts into an item: its response declaration, its interaction in the body, how it is scored. */
interface Interaction {
  readonly declarations: Node[];
  readonly body: Node[];
  readonly processing?: Node;
}

function buildItem(q: Question, version: QtiVersion, lost: ReturnType<typeof lossReporter>): Node {
  if ((q.type === 'short' || q.type === 'numerical') && q.answers.some((a) => a.feedback)) lost(q, 'answer-feedback');
  const interaction = interactionOf(q, version, lost);
  const scored = q.type !== 'description' && q.type !== 'essay';
  const feedback = feedbackOf(q, scored, version);
  const processing = feedback.rules.length ? withFeedbackRules(interaction.processing, feedback.rules) : interaction.processing;
  return n(
    'assessmentItem',
    {
      xmlns: ns[version].item,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${ns[version].item} ${ns[version].schema}`,
      identifier: qtiIdentifier(q.id),
      title: q.name || q.text.slice(0, 60),
      adaptive: false,
      timeDependent: false,
    },
    [
      ...interaction.declarations,
      outcome('SCORE', 0),
      ...(scored ? [outcome('MAXSCORE', q.points)] : []),
      ...(feedback.rules.length ? [n('outcomeDeclaration', { identifier: 'FEEDBACK', cardinality: 'multiple', baseType: 'identifier' })] : []),
      n('itemBody', {}, [...block(q.html, version), ...interaction.body]),
      ...(processing ? [processing] : []),
      ...feedback.modal,
    ],
  );
}

const mapResponse = (version: QtiVersion) => n('responseProcessing', { template: ns[version].template('map_response') });

function interactionOf(q: Question, version: QtiVersion, lost: ReturnType<typeof lossReporter>): Interaction {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return choiceInteraction(q, version);
    case 'truefalse':
      return {
        declarations: [decl('RESPONSE', 'single', 'identifier', [n('correctResponse', {}, [value(q.answer ? 'true' : 'false')]), mapping([[q.answer ? 'true' : 'false', q.points]], q.points)])],
        body: [n('choiceInteraction', { responseIdentifier: 'RESPONSE', shuffle: false, maxChoices: 1 }, [n('simpleChoice', { identifier: 'true' }, ['Benar']), n('simpleChoice', { identifier: 'false' }, ['Salah'])])],
        processing: mapResponse(version),
      };
    case 'short':
      return textEntryInteraction(q, version, lost);
    case 'numerical':
      return numericalInteraction(q);
    case 'matching':
      return matchInteraction(q, version);
    case 'ordering':
      lost(q, 'ordering-partial-credit');
      return orderInteraction(q, version);
    case 'essay':
      return { declarations: [decl('RESPONSE', 'single', 'string')], body: [n('extendedTextInteraction', { responseIdentifier: 'RESPONSE', expectedLength: q.maxLength ?? 2000 })] };
    case 'description':
      return { declarations: [], body: [] };
  }
}

function choiceInteraction(q: ChoiceQuestion, version: QtiVersion): Interaction {
  const full = q.choices.filter((c) => c.weight >= 1 - 1e-9).map((c) => c.id);
  const correct = q.type === 'single' ? full.slice(0, 1) : q.choices.filter((c) => c.weight > 0).map((c) => c.id);
  return {
    declarations: [
      decl('RESPONSE', q.type === 'single' ? 'single' : 'multiple', 'identifier', [
        n('correctResponse', {}, correct.map(value)),
        mapping(q.choices.filter((c) => c.weight !== 0).map((c) => [c.id, c.weight * q.points]), q.points),
      ]),
    ],
    body: [
      n('choiceInteraction', { responseIdentifier: 'RESPONSE', shuffle: true, maxChoices: q.type === 'single' ? 1 : 0 }, q.choices.map((c) => n('simpleChoice', { identifier: c.id, ...(c.fixed ? { fixed: true } : {}) }, inline(c.html, version)))),
    ],
    processing: mapResponse(version),
  };
}

function textEntryInteraction(q: ShortQuestion, version: QtiVersion, lost: ReturnType<typeof lossReporter>): Interaction {
  if (q.answers.some((a) => a.text.includes('*'))) lost(q, 'wildcards');
  const best = [...q.answers].sort((a, b) => b.weight - a.weight)[0];
  return {
    declarations: [
      decl('RESPONSE', 'single', 'string', [
        ...(best ? [n('correctResponse', {}, [value(best.text)])] : []),
        mapping(q.answers.map((a) => [a.text, a.weight * q.points, q.caseSensitive]), q.points),
      ]),
    ],
    body: [{ tag: 'div', html: true, children: [n('textEntryInteraction', { responseIdentifier: 'RESPONSE', expectedLength: Math.max(10, ...q.answers.map((a) => a.text.length)) })] }],
    processing: mapResponse(version),
  };
}

/** A number scores the weight of the best answer whose range holds it: one condition per answer, best first. */
function numericalInteraction(q: NumericalQuestion): Interaction {
  const branches = [...q.answers]
    .sort((a, b) => b.weight - a.weight)
    .filter((a) => a.weight > 0)
    .map((a, index) => {
      const [lo, hi] = a.value !== undefined ? [a.value - Math.abs(a.tolerance ?? 0), a.value + Math.abs(a.tolerance ?? 0)] : [a.min ?? -1e15, a.max ?? 1e15];
      const test = n('and', {}, [n('gte', {}, [n('variable', { identifier: 'RESPONSE' }), float(lo)]), n('lte', {}, [n('variable', { identifier: 'RESPONSE' }), float(hi)])]);
      return n(index === 0 ? 'responseIf' : 'responseElseIf', {}, [test, n('setOutcomeValue', { identifier: 'SCORE' }, [float(a.weight * q.points)])]);
    });
  return {
    declarations: [decl('RESPONSE', 'single', 'float')],
    body: [{ tag: 'div', html: true, children: [n('textEntryInteraction', { responseIdentifier: 'RESPONSE', expectedLength: 12 })] }],
    processing: n('responseProcessing', {}, branches.length ? [n('responseCondition', {}, branches)] : []),
  };
}

function matchInteraction(q: MatchingQuestion, version: QtiVersion): Interaction {
  const src = q.pairs.map((p) => n('simpleAssociableChoice', { identifier: `S${p.id}`, matchMax: 1 }, inline(p.prompt, version)));
  const tgt = q.targets.map((t) => n('simpleAssociableChoice', { identifier: `T${t.id}`, matchMax: q.pairs.length }, inline(t.html, version)));
  const pairs = q.pairs.map((p) => `S${p.id} T${q.answerOf[p.id]}`);
  return {
    declarations: [decl('RESPONSE', 'multiple', 'directedPair', [n('correctResponse', {}, pairs.map(value)), mapping(pairs.map((k) => [k, q.points / q.pairs.length]), q.points)])],
    body: [n('matchInteraction', { responseIdentifier: 'RESPONSE', shuffle: true, maxAssociations: q.pairs.length }, [n('simpleMatchSet', {}, src), n('simpleMatchSet', {}, tgt)])],
    processing: mapResponse(version),
  };
}

function orderInteraction(q: OrderingQuestion, version: QtiVersion): Interaction {
  return {
    declarations: [decl('RESPONSE', 'ordered', 'identifier', [n('correctResponse', {}, q.items.map((i) => value(i.id)))])],
    body: [n('orderInteraction', { responseIdentifier: 'RESPONSE', shuffle: true }, q.items.map((i) => n('simpleChoice', { identifier: i.id }, inline(i.html, version))))],
    // Not the match_correct template: it scores 1, and the question may be worth more.
    processing: n('responseProcessing', {}, [
      n('responseCondition', {}, [n('responseIf', {}, [n('match', {}, [n('variable', { identifier: 'RESPONSE' }), n('correct', { identifier: 'RESPONSE' })]), n('setOutcomeValue', { identifier: 'SCORE' }, [float(q.points)])])]),
    ]),
  };
}

/** Templates cannot also set FEEDBACK: a template (map_response) is spelt out, then the feedback rules follow. */
function withFeedbackRules(processing: Node | undefined, feedbackRules: Node[]): Node {
  const rules = processing?.attrs?.template
    ? [
        n('responseCondition', {}, [
          n('responseIf', {}, [n('isNull', {}, [n('variable', { identifier: 'RESPONSE' })]), n('setOutcomeValue', { identifier: 'SCORE' }, [float(0)])]),
          n('responseElse', {}, [n('setOutcomeValue', { identifier: 'SCORE' }, [n('mapResponse', { identifier: 'RESPONSE' })])]),
        ]),
      ]
    : [...(processing?.children ?? [])];
  return n('responseProcessing', {}, [...(rules as Node[]), ...feedbackRules]);
}

/** Feedback as QTI modal feedback: FEEDBACK collects identifiers (GENERAL, CORRECT, PARTIAL, INCORRECT, CHOICE_x). */
function feedbackOf(q: Question, scored: boolean, version: QtiVersion): { rules: Node[]; modal: Node[] } {
  const rules: Node[] = [];
  const modal: Node[] = [];
  const add = (id: string) => n('setOutcomeValue', { identifier: 'FEEDBACK' }, [n('multiple', {}, [n('variable', { identifier: 'FEEDBACK' }), n('baseValue', { baseType: 'identifier' }, [id])])]);
  const show = (id: string, html: string) =>
    modal.push(n('modalFeedback', { outcomeIdentifier: 'FEEDBACK', showHide: 'show', identifier: id }, version === '3.0' ? [n('contentBody', {}, block(html, version))] : block(html, version)));
  const choiceRule = (id: string, multiple: boolean) =>
    n('responseCondition', {}, [
      n('responseIf', {}, [
        multiple
          ? n('member', {}, [n('baseValue', { baseType: 'identifier' }, [id]), n('variable', { identifier: 'RESPONSE' })])
          : n('match', {}, [n('variable', { identifier: 'RESPONSE' }), n('baseValue', { baseType: 'identifier' }, [id])]),
        add(`CHOICE_${id}`),
      ]),
    ]);
  if (q.type === 'single' || q.type === 'multiple') {
    for (const c of q.choices) {
      if (!c.feedback) continue;
      rules.push(choiceRule(c.id, q.type === 'multiple'));
      show(`CHOICE_${c.id}`, c.feedback);
    }
  }
  if (q.type === 'truefalse') {
    for (const [id, html] of [['true', q.feedbackTrue], ['false', q.feedbackFalse]] as const) {
      if (!html) continue;
      rules.push(choiceRule(id, false));
      show(`CHOICE_${id}`, html);
    }
  }
  const f = q.feedback;
  if (scored && (f.correct || f.partial || f.incorrect)) {
    const partial = f.partial ? 'PARTIAL' : f.incorrect ? 'INCORRECT' : undefined;
    const score = n('variable', { identifier: 'SCORE' });
    rules.push(
      n('responseCondition', {}, [
        n('responseIf', {}, [n('gte', {}, [score, n('variable', { identifier: 'MAXSCORE' })]), ...(f.correct ? [add('CORRECT')] : [])]),
        n('responseElseIf', {}, [n('gt', {}, [score, float(0)]), ...(partial ? [add(partial)] : [])]),
        n('responseElse', {}, f.incorrect ? [add('INCORRECT')] : []),
      ]),
    );
    if (f.correct) show('CORRECT', f.correct);
    if (f.partial) show('PARTIAL', f.partial);
    if (f.incorrect) show('INCORRECT', f.incorrect);
  }
  if (f.general) {
    rules.push(add('GENERAL'));
    show('GENERAL', f.general);
  }
  return { rules, modal };
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function serialise(node: Node, version: QtiVersion, depth = 0): string {
  const pad = '  '.repeat(depth);
  const name = version === '3.0' && !node.html && !['manifest', 'metadata', 'schema', 'schemaversion', 'organizations', 'resources', 'resource', 'file'].includes(node.tag) ? `qti-${kebab(node.tag)}` : node.tag;
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${version === '3.0' && !node.html && !k.includes(':') && k !== 'xmlns' ? kebab(k) : k}="${escapeXml(String(v))}"`)
    .join('');
  const children = node.children ?? [];
  if (!children.length) return `${pad}<${name}${attrs}/>`;
  // Mixed or HTML content is written inline so that white space inside it is not changed.
  if (node.html || children.some((c) => typeof c === 'string' || c.html)) {
    return `${pad}<${name}${attrs}>${children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialise(c, version, 0).trim())).join('')}</${name}>`;
  }
  return `${pad}<${name}${attrs}>\n${children.map((c) => serialise(c as Node, version, depth + 1)).join('\n')}\n${pad}</${name}>`;
}
