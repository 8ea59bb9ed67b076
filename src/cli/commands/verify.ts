// `ajar verify <package.zip...>`: checks any package. Exit 0 clean (warnings allowed unless --strict),
// 1 problems found, 2 usage (a file that does not exist).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { verifyPackageReport, append, formatGrouped, type VerifyProfile } from '../../verify/index.js';
import { formatName, type PackageFormat } from '../../package/index.js';
import { rules } from '../../verify/rules.js';
import type { GrammarOptions } from '../options.js';
import { finish } from '../outcome.js';

interface Verified {
  file: string;
  /** What the package is (the format registry's id), null when it is none ajar knows. */
  format: PackageFormat | null;
  /** The SCORM version its manifest declares. */
  version: string | null;
  entries: number;
}

export interface VerifyCommandOptions extends GrammarOptions {
  /** Who judges: strict (XSD + ADL rules, the default) or lms (what LMSs import; schema-only problems are warnings). */
  profile?: VerifyProfile;
}

export async function verify(ctx: Context, packages: string[], options: VerifyCommandOptions): Promise<number> {
  const profile = options.profile ?? 'strict';
  for (const given of packages) {
    const info = await stat(path.resolve(ctx.cwd, given)).catch(() => undefined);
    if (!info?.isFile()) throw new AjarError(rules['package-not-found']({ data: { path: given } }));
  }
  const diagnostics: Diagnostic[] = [];
  const verified: Verified[] = [];
  for (const given of packages) {
    const report = await verifyPackageReport(path.resolve(ctx.cwd, given), { displayPath: given, profile });
    append(diagnostics, report.diagnostics);
    verified.push({ file: given, format: report.format ?? null, version: report.version ?? null, entries: report.entries });
  }
  return finish(
    ctx,
    'verify',
    {
      diagnostics,
      result: { packages: verified, profile },
      pretty: ({ shown }) => {
        if (!ctx.quiet) write(ctx.stdout, [...verified.map((v) => summary(ctx, v)), t(ctx.lang, `Dinilai dengan profil ${profile}.`, `Judged by the ${profile} profile.`)].join('\n'));
        if (shown.length || !ctx.quiet) write(ctx.stdout, formatGrouped(shown, { lang: ctx.lang, color: ctx.colorOut }));
      },
    },
    options,
  );
}

function summary(ctx: Context, v: Verified): string {
  // SCORM by the version its manifest declares (2004 may be any edition); cmi5 and xAPI by the registry's name.
  const version = v.version ? `SCORM ${v.version}` : v.format ? formatName[v.format] : t(ctx.lang, 'jenis tidak diketahui', 'unknown kind');
  return `${v.file}: ${version}, ${v.entries} ${t(ctx.lang, 'entri', v.entries === 1 ? 'entry' : 'entries')}`;
}
