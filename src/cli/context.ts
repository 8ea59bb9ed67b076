// What a command needs from the outside world. Tests pass their own streams and cwd.

import type { Lang } from '../core/model/course.js';

export interface Io {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

export interface Context extends Io {
  lang: Lang;
  /** `--lang` when given on the command line (it also picks a new course's language in `init`). */
  explicitLang?: Lang;
  debug: boolean;
  quiet: boolean;
  /** Colour for what goes to stderr: it is a TTY and NO_COLOR is unset. */
  color: boolean;
  /** The same for stdout (a report redirected to a file gets no escape codes). */
  colorOut: boolean;
  /** Progress bars and other redrawn lines make sense (stderr is a TTY and not CI). */
  interactive: boolean;
}

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') || text === '' ? text : text + '\n');
}
