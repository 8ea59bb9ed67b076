// A stand-in for a Moodle site's SCORM activity, for Chromium tests: the player page that Moodle's PHP
// prints (player.php with datamodels/scorm_12.php or scorm_13.php: the globals def, cmiobj, cmiint,
// cmistring256, cmistring4096, the launch mode and attempt), a model of Moodle's JavaScript runtime
// (test/support/lms/moodle/), and datamodel.php, which stores every committed element as Moodle's
// scorm_insert_track would, per attempt. The next launch is prepared from what was stored, as
// get_scorm_default and scorm_check_mode do: entry "resume" after exit "suspend", and review mode (no
// credit, nothing recorded) once the attempt's status is completed, passed or failed.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, serveStatic } from './chromium.js';

export type MoodleVersion = '1.2' | '2004';

export interface MoodleSite {
  /** Site setting scormstandard (scorm12standard before Moodle 3.5): 255/4,096-character strings when true, 64,000 when false. Default true. */
  readonly scormstandard?: boolean;
  /** Activity setting masteryoverride (Moodle 3.x+, on by default). */
  readonly masteryoverride?: boolean;
  /** Activity setting autocommit (off by default): a commit 60 s after the first change. */
  readonly autocommit?: boolean;
}

export interface MoodleCommit {
  readonly activity: number;
  readonly attempt: number;
  /** Sent by navigator.sendBeacon (multipart, `?api=beacon`) while the page was being closed. */
  readonly beacon: boolean;
  /** Size of the request body in bytes (Chromium queues at most 64 KiB of beacon data). */
  readonly bytes: number;
  /** False when the stand-in refused it on purpose (failNextCommits). */
  readonly accepted: boolean;
  /** Element → value, as datamodel.php turns the POST fields back into element names. */
  readonly elements: Readonly<Record<string, string>>;
}

export interface MoodleLaunch {
  readonly activity: number;
  readonly attempt: number;
  readonly mode: 'normal' | 'browse' | 'review';
  readonly entry: string;
}

export interface MoodleLms {
  readonly url: string;
  readonly commits: MoodleCommit[];
  readonly launches: MoodleLaunch[];
  /** Adds a SCORM activity for an unzipped package (its imsmanifest.xml is read as Moodle would). */
  addActivity(dir: string): number;
  /** The player page of an activity (player.php), optionally asking for a new attempt. */
  playerUrl(activity: number, options?: { newattempt?: boolean; mode?: 'normal' | 'browse' }): string;
  /** What Moodle has stored for an attempt (scorm_scoes_track), default the last. */
  tracks(activity: number, attempt?: number): Record<string, string>;
  failNextCommits(n: number): void;
  /** Loses every beacon from now on, as a browser does past its 64 KiB queue or a connection dropping as the tab closes. */
  loseBeacons(lose: boolean): void;
  close(): Promise<void>;
}

interface Activity {
  readonly id: number;
  readonly version: MoodleVersion;
  readonly dir: string;
  readonly launch: string;
  readonly masteryscore: string;
  readonly scaledPassingScore: string;
  readonly completionThreshold: string;
  /** attempt → element → value */
  readonly attempts: Map<number, Record<string, string>>;
}

const RUNTIME_DIR = path.join(projectRoot, 'test/support/lms/moodle');

/** What Moodle reads from a manifest for the runtime: the launch file and the SCO's data (scorm_scoes_data). */
function readManifest(dir: string): Omit<Activity, 'id' | 'dir' | 'attempts'> {
  const xml = readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
  const version: MoodleVersion = /<schemaversion>\s*1\.2\s*<\/schemaversion>/.test(xml) ? '1.2' : '2004';
  const launch = /<resource[^>]*\bhref="([^"]+)"/.exec(xml)?.[1] ?? 'index.html';
  const masteryscore = /<adlcp:masteryscore>\s*([^<\s]+)\s*<\/adlcp:masteryscore>/.exec(xml)?.[1] ?? '';
  // scorm_13lib: the primary objective's minNormalizedMeasure when satisfiedByMeasure is true.
  const primary = /<imsss:primaryObjective\b([^>]*)>([\s\S]*?)<\/imsss:primaryObjective>/.exec(xml);
  const byMeasure = primary !== null && /satisfiedByMeasure="true"/.test(primary[1]!);
  const scaledPassingScore = byMeasure ? (/<imsss:minNormalizedMeasure>\s*([^<\s]+)\s*</.exec(primary[2]!)?.[1] ?? '1.0') : '';
  const completionThreshold = /<adlcp:completionThreshold\b[^>]*minProgressMeasure="([^"]+)"/.exec(xml)?.[1] ?? /<adlcp:completionThreshold>\s*([^<\s]+)\s*</.exec(xml)?.[1] ?? '';
  return { version, launch, masteryscore, scaledPassingScore, completionThreshold };
}

const LEARNER = { username: 'ani.siregar', firstname: 'Ani', lastname: 'Siregar' };

/** lib.php scorm_check_mode: an attempt whose status is completed, passed or failed is over. */
function attemptOver(a: Activity, tracks: Record<string, string> | undefined): boolean {
  const status = tracks?.[a.version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status'];
  return status === 'completed' || status === 'passed' || status === 'failed';
}

function playerPage(a: Activity, attempt: number, mode: MoodleLaunch['mode'], site: Required<MoodleSite>, base: string, launches: MoodleLaunch[]): string {
  const stored = a.attempts.get(attempt);
  const credit = mode === 'normal' ? 'credit' : 'no-credit';
  let def: Record<string, string | null>;
  let entry: string;
  let arrays: Record<string, string> = {};
  const pick = (prefix: string, t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith(prefix)));
  if (a.version === '1.2') {
    const t = stored ?? {};
    const status = t['cmi.core.lesson_status'] ?? '';
    entry = !stored || status === '' ? 'ab-initio' : t['cmi.core.exit'] === 'suspend' ? 'resume' : '';
    def = {
      'cmi.core.student_id': LEARNER.username,
      // scormstandard: "Lastname, Firstname" as SCORM 1.2 says; otherwise Moodle's full name.
      'cmi.core.student_name': site.scormstandard ? `${LEARNER.lastname}, ${LEARNER.firstname}` : `${LEARNER.firstname} ${LEARNER.lastname}`,
      'cmi.core.credit': credit,
      'cmi.core.entry': entry,
      'cmi.core.lesson_mode': mode,
      'cmi.launch_data': '',
      'cmi.student_data.mastery_score': a.masteryscore,
      'cmi.student_data.max_time_allowed': '',
      'cmi.student_data.time_limit_action': '',
      'cmi.core.total_time': t['cmi.core.total_time'] ?? '00:00:00',
      'cmi.core.lesson_location': t['cmi.core.lesson_location'] ?? '',
      'cmi.core.lesson_status': status,
      'cmi.core.score.raw': t['cmi.core.score.raw'] ?? '',
      'cmi.core.score.max': t['cmi.core.score.max'] ?? '',
      'cmi.core.score.min': t['cmi.core.score.min'] ?? '',
      'cmi.core.exit': t['cmi.core.exit'] ?? '',
      'cmi.suspend_data': t['cmi.suspend_data'] ?? '',
      'cmi.comments': t['cmi.comments'] ?? '',
      'cmi.student_preference.language': t['cmi.student_preference.language'] ?? '',
      'cmi.student_preference.audio': t['cmi.student_preference.audio'] ?? '0',
      'cmi.student_preference.speed': t['cmi.student_preference.speed'] ?? '0',
      'cmi.student_preference.text': t['cmi.student_preference.text'] ?? '0',
    };
    arrays = t;
  } else {
    // scorm_13lib: only a session left with cmi.exit = suspend brings its data back (RTE 4.2.8).
    const t = stored && stored['cmi.exit'] === 'suspend' ? stored : {};
    entry = !stored ? 'ab-initio' : stored['cmi.exit'] === 'suspend' ? 'resume' : '';
    def = {
      'cmi.learner_id': LEARNER.username,
      'cmi.learner_name': `${LEARNER.lastname}, ${LEARNER.firstname}`,
      'cmi.mode': mode,
      'cmi.credit': credit,
      'cmi.entry': entry,
      'cmi.completion_threshold': a.completionThreshold || null,
      'cmi.scaled_passing_score': a.scaledPassingScore || null,
      'cmi.launch_data': '',
      'cmi.max_time_allowed': '',
      'cmi.time_limit_action': 'continue,no message',
      'cmi.total_time': stored?.['cmi.total_time'] ?? 'PT0H0M0S',
      'cmi.completion_status': t['cmi.completion_status'] ?? 'unknown',
      'cmi.success_status': t['cmi.success_status'] ?? 'unknown',
      'cmi.location': t['cmi.location'] ?? '',
      'cmi.suspend_data': t['cmi.suspend_data'] ?? '',
      'cmi.progress_measure': t['cmi.progress_measure'] ?? null,
      'cmi.score.raw': t['cmi.score.raw'] ?? null,
      'cmi.score.min': t['cmi.score.min'] ?? null,
      'cmi.score.max': t['cmi.score.max'] ?? null,
      'cmi.score.scaled': t['cmi.score.scaled'] ?? null,
      'cmi.exit': '',
      'cmi.learner_preference.audio_level': '1',
      'cmi.learner_preference.language': '',
      'cmi.learner_preference.delivery_speed': '1',
      'cmi.learner_preference.audio_captioning': '0',
    };
    // A fresh attempt left without suspend starts with not attempted, as Moodle prints ''.
    if (!stored || stored['cmi.exit'] !== 'suspend') def['cmi.completion_status'] = '';
    arrays = t;
  }
  launches.push({ activity: a.id, attempt, mode, entry });
  const s256 = site.scormstandard ? '^[\\u0000-\\uFFFF]{0,255}$' : '^[\\u0000-\\uFFFF]{0,64000}$';
  const s4096 = site.scormstandard ? '^[\\u0000-\\uFFFF]{0,4096}$' : s256;
  const scoid = a.id * 10;
  const args =
    a.version === '1.2'
      ? [null, def, pick('cmi.objectives.', arrays), pick('cmi.interactions.', arrays), s256, s4096, 0, 0, a.id, base, 'sesskey1', scoid, attempt, mode, a.id, '', site.autocommit ? 1 : 0, site.masteryoverride ? 1 : 0]
      : [null, def, pick('cmi.objectives.', arrays), pick('cmi.interactions.', arrays), {}, {}, 0, 0, a.id, base, 'sesskey1', scoid, attempt, mode, a.id, '', site.autocommit ? 1 : 0];
  const json = JSON.stringify(args).replace(/</g, '\\u003c');
  const runtime = a.version === '1.2' ? 'runtime12.js' : 'runtime13.js';
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Moodle: SCORM player</title>
<script src="/moodle-runtime/request.js"></script>
<script src="/moodle-runtime/${runtime}"></script>
<script>
  M.scorm_api.init.apply(null, ${json});
  window.__cmi = function () { return (window.API || window.API_1484_11).__values(); };
</script></head>
<body><div id="scorm_layout"><iframe id="sco" title="Kursus" style="width:100%;height:90vh;border:0" src="/pluginfile/${a.id}/${a.launch}"></iframe></div></body></html>`;
}

/** datamodel.php: `cmi__core__lesson_status` → cmi.core.lesson_status, `cmi__interactions_0__id` (1.2) and `cmi__interactions__N0__id` (2004) → cmi.interactions.0.id. */
export function elementName(field: string, version: MoodleVersion): string {
  const dotted = field.replace(/__/g, '.');
  return version === '1.2' ? dotted.replace(/_(\d+)/g, '.$1') : dotted.replace(/\.N(\d+)\./g, '.$1.');
}

export async function startMoodle(options: MoodleSite = {}): Promise<MoodleLms> {
  const site: Required<MoodleSite> = { scormstandard: options.scormstandard ?? true, masteryoverride: options.masteryoverride ?? true, autocommit: options.autocommit ?? false };
  const activities = new Map<number, Activity>();
  const commits: MoodleCommit[] = [];
  const launches: MoodleLaunch[] = [];
  let failures = 0;
  let losing = false;
  let base = '';

  const lastAttempt = (a: Activity) => Math.max(1, ...a.attempts.keys());

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/mod/scorm/datamodel.php') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        const type = req.headers['content-type'] ?? '';
        // A beacon carries multipart FormData; a commit from a page in use, a urlencoded body.
        // A lost beacon never reaches datamodel.php: nothing is stored or recorded.
        if (losing && url.searchParams.get('api') === 'beacon') return void res.writeHead(200).end();
        const form = type.startsWith('multipart/form-data')
          ? ((await new Response(body, { headers: { 'content-type': type } }).formData()) as unknown as Iterable<[string, string]> & { get(k: string): string | null })
          : new URLSearchParams(body.toString('utf8'));
        const a = activities.get(Number(form.get('a')));
        const attempt = Number(form.get('attempt'));
        const accepted = a !== undefined && failures === 0;
        if (a && failures > 0) failures--;
        const elements: Record<string, string> = {};
        if (a) for (const [k, v] of form) if (k.startsWith('cmi')) elements[elementName(k, a.version)] = String(v);
        if (a && accepted) {
          const tracks = a.attempts.get(attempt) ?? {};
          Object.assign(tracks, elements);
          a.attempts.set(attempt, tracks);
        }
        commits.push({ activity: a?.id ?? 0, attempt, beacon: url.searchParams.get('api') === 'beacon', bytes: body.length, accepted, elements });
        res.writeHead(accepted ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(accepted ? 'true\n0' : 'false\n101');
      });
      return;
    }
    if (url.pathname === '/mod/scorm/player.php') {
      const a = activities.get(Number(url.searchParams.get('a')));
      if (!a) return void res.writeHead(404).end();
      // scorm_check_mode
      let attempt = lastAttempt(a);
      let mode: MoodleLaunch['mode'] = url.searchParams.get('mode') === 'browse' ? 'browse' : 'normal';
      if (mode === 'normal') {
        const over = attemptOver(a, a.attempts.get(attempt));
        if (over && url.searchParams.get('newattempt') === 'on') attempt++;
        else if (over) mode = 'review';
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(playerPage(a, attempt, mode, site, base, launches));
    }
    if (url.pathname.startsWith('/moodle-runtime/')) return serveStatic(req, res, RUNTIME_DIR, decodeURIComponent(url.pathname.slice('/moodle-runtime/'.length)));
    const files = /^\/pluginfile\/(\d+)\/(.*)$/.exec(url.pathname);
    if (files) {
      const a = activities.get(Number(files[1]));
      if (!a) return void res.writeHead(404).end();
      let rel: string;
      try {
        rel = decodeURIComponent(files[2]!);
      } catch {
        return void res.writeHead(400).end();
      }
      return serveStatic(req, res, a.dir, rel);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: base,
    commits,
    launches,
    addActivity(dir) {
      const id = activities.size + 1;
      activities.set(id, { id, dir: path.resolve(dir), attempts: new Map(), ...readManifest(dir) });
      return id;
    },
    playerUrl(activity, o = {}) {
      const q = new URLSearchParams({ a: String(activity), currentorg: '', scoid: String(activity * 10) });
      if (o.newattempt) q.set('newattempt', 'on');
      if (o.mode) q.set('mode', o.mode);
      return `${base}/mod/scorm/player.php?${q}`;
    },
    tracks(activity, attempt) {
      const a = activities.get(activity);
      if (!a) return {};
      return { ...(a.attempts.get(attempt ?? lastAttempt(a)) ?? {}) };
    },
    failNextCommits(n) {
      failures = n;
    },
    loseBeacons(lose) {
      losing = lose;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
