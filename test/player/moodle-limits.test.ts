// Free texts as interaction responses hold under Moodle's checks (docs/lms.md): SCORM 1.2 strict strings
// are `^[\u0000-\uFFFF]{0,255}$` (UTF-16 units), SCORM 2004 responses must match `^.*$` (one line).
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/core/scoring.js';

const strict255 = /^[\u0000-\uFFFF]{0,255}$/;
const oneLineOnly = /^.*$/;

describe('free-text responses under Moodle limits', () => {
  it('cuts a plan full of emoji to 255 UTF-16 units without splitting one', () => {
    const plan = 'Kegiatan lintas agama bulanan 🤝🕌⛪🛕 di kantor wilayah, وَسَطًا. '.repeat(10);
    const cut = oneLine(plan, 255);
    expect(cut).toMatch(strict255);
    expect(cut.length).toBeGreaterThanOrEqual(254);
    expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false); // no lone high surrogate at the end
    expect(plan.startsWith(cut)).toBe(true);
  });

  it('puts paragraphs on one line and never starts with "{" (a {lang=…} delimiter in SCORM 2004)', () => {
    const text = '{Rencana} tindak lanjut:\r\n\r\n1. Forum kerukunan.\n2. Laporan bulanan.';
    const r = oneLine(text, 4000);
    expect(r).toMatch(oneLineOnly);
    expect(r).toBe('(Rencana} tindak lanjut: 1. Forum kerukunan. 2. Laporan bulanan.');
  });

  it('leaves a short answer as it is', () => {
    expect(oneLine('Bhinneka Tunggal Ika', 255)).toBe('Bhinneka Tunggal Ika');
  });
});
