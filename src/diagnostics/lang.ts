import type { Lang } from '../core/model/course.js';

/** The UI language from `--lang`, else AJAR_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG); English otherwise. */
export function detectLang(env: Readonly<Record<string, string | undefined>>, flag?: string): Lang {
  for (const value of [flag, env.AJAR_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!value) continue;
    const code = value.toLowerCase().slice(0, 2);
    if (code === 'id' || code === 'in') return 'id';
    if (code === 'en') return 'en';
    if (value === 'C' || value === 'POSIX' || value.startsWith('C.')) continue;
    return 'en';
  }
  return 'en';
}

/** Pick the text for the language: `t(lang, 'Berkas', 'File')`. */
export function t(lang: Lang, id: string, en: string): string {
  return lang === 'id' ? id : en;
}

/** An English count with its noun in the right number: `counted(1, 'file')` is "1 file", `counted(3, 'file')` "3 files". */
export function counted(count: number | string | undefined, one: string, many = `${one}s`): string {
  return `${count} ${Number(count) === 1 ? one : many}`;
}
