// Assignments: written tasks such as the RTL (rencana tindak lanjut, follow-up action plan).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Assignment } from '../core/model/course.js';
import type { SourceDoc } from './doc.js';
import { validateAgainst } from '../source/schema-check.js';
import { assignmentSchema } from './schemas.js';
import { toSafeHtml } from '../source/markdown.js';
import { courseHref } from '../source/files.js';
import { idOf, titleOf } from './ids.js';

export function loadAssignment(doc: SourceDoc): { assignment: Assignment; diagnostics: Diagnostic[] } {
  const file = doc.file.path;
  const diagnostics = doc.fm.yamlError ? [] : validateAgainst(assignmentSchema, doc.fm.data, file, doc.fm.locate);
  const d = doc.fm.data;
  const minLength = typeof d.min_length === 'number' && d.min_length >= 0 ? Math.floor(d.min_length) : 0;
  return {
    assignment: {
      kind: 'assignment',
      id: idOf(doc),
      title: titleOf(doc, file),
      link: { file },
      file,
      html: toSafeHtml(doc.root, { rewriteUrl: (url) => courseHref(file, url), handOver: true }),
      minLength,
      ...(typeof d.max_length === 'number' ? { maxLength: Math.floor(d.max_length) } : {}),
      ...(typeof d.purpose === 'string' ? { purpose: d.purpose } : {}),
    },
    diagnostics,
  };
}
