// `--formats`: the package formats ajar knows, checked once for build and preview (the one list lives
// with the packagers); an unknown name is a usage error that lists the known ones.

import { AjarError } from '../diagnostics/errors.js';
import { PACKAGE_FORMATS, type PackageFormat } from '../package/index.js';
import { rules } from '../package/rules.js';
import { rules as cliRules } from './rules.js';

/** The format registry's formats (src/package/formats.ts). */
export const packageFormats: readonly PackageFormat[] = PACKAGE_FORMATS;

export function packageFormatsFrom(given: readonly string[] | undefined): PackageFormat[] | undefined {
  if (given === undefined) return undefined;
  const formats = [...new Set(given)];
  const wrong = formats.find((f) => !(packageFormats as readonly string[]).includes(f)) ?? (formats.length === 0 ? '' : undefined);
  if (wrong !== undefined) throw new AjarError(rules['unknown-format']({ data: { format: wrong, known: packageFormats.join(', ') } }));
  return formats as PackageFormat[];
}

/** Commands that make one thing (preview, questions export) take exactly one `--formats` value. */
export function oneFormat<F extends string>(given: readonly string[] | undefined, known: readonly F[], fallback?: F): F {
  const formats = [...new Set(given ?? (fallback ? [fallback] : []))];
  if (formats.length !== 1 || !(known as readonly string[]).includes(formats[0]!)) {
    throw new AjarError(cliRules['one-format']({ data: { given: formats.join(',') || '—', known: known.join(', ') } }));
  }
  return formats[0] as F;
}
