// The preview's own pages: the LMS shell (the course in a frame, the tracking panel beside it) and the
// panel's script and style. Kept as text here so they ship inside lib/ with the compiled code.

import { escapeHtml } from '../util/xml.js';
import { formats, PACKAGE_FORMATS, type PackageFormat } from '../package/index.js';

/** Preview plays a course as each package format of the registry (src/package/formats.ts) would. */
export type PreviewMode = PackageFormat;
export const PREVIEW_MODES: readonly PreviewMode[] = PACKAGE_FORMATS;
export type LaunchMode = 'Normal' | 'Browse' | 'Review';

export interface ShellConfig {
  readonly mode: PreviewMode;
  readonly launch: LaunchMode;
  readonly au: number;
  readonly aus: readonly string[];
  readonly title: string;
  readonly lang: 'id' | 'en';
  /** SCORM: the SCO's launch URL on this server. */
  readonly start: string;
  /** Modes offered in the panel (a built package plays in its own only). */
  readonly modes?: readonly PreviewMode[];
}


const MODE_NAMES = Object.fromEntries(PREVIEW_MODES.map((m) => [m, formats[m].short])) as Record<PreviewMode, string>;

export function shellPage(c: ShellConfig): string {
  const id = c.lang === 'id';
  const L = (a: string, b: string) => escapeHtml(id ? a : b);
  const scorm = formats[c.mode].family === 'scorm';
  const modes = (c.modes ?? PREVIEW_MODES).map((m) => `<a href="/?mode=${m}"${m === c.mode ? ' aria-current="page"' : ''}>${MODE_NAMES[m]}</a>`).join(' ');
  const aus =
    c.aus.length > 1
      ? `<label>AU <select id="au">${c.aus.map((t, i) => `<option value="${i}"${i === c.au ? ' selected' : ''}>${escapeHtml(t)}</option>`).join('')}</select></label>`
      : '';
  const config = JSON.stringify(c).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; frame-src 'self'; connect-src 'self'">
<link rel="icon" href="data:,">
<title>${L('Pratinjau', 'Preview')} — ${escapeHtml(c.title)}</title>
<link rel="stylesheet" href="/_preview/panel.css">
${scorm ? `<script src="/_preview/scorm-again/${c.mode}.min.js"></script>\n` : ''}<script src="/_preview/panel.js" defer></script>
</head>
<body>
<div class="layout">
<main><iframe id="course" title="${escapeHtml(c.title)}"></iframe></main>
<aside id="panel" aria-label="${L('Data pelacakan', 'Tracking data')}">
<h1>ajar ${L('pratinjau', 'preview')} <span class="mode">${MODE_NAMES[c.mode]} · ${c.launch}</span></h1>
<nav aria-label="${L('Format', 'Format')}">${modes}</nav>
<div class="actions">
<button type="button" data-launch="Normal">${L('Luncurkan ulang', 'Relaunch')}</button>
<button type="button" data-launch="Browse">Browse</button>
<button type="button" data-launch="Review">Review</button>
<button type="button" id="reset">${L('Ulang dari awal', 'Reset attempt')}</button>
${aus}
${scorm ? '' : `<label><input type="checkbox" id="outage"> ${L('Simulasikan jaringan putus', 'Simulate a network outage')}</label>`}
</div>
<p id="status" role="status"></p>
<div id="build-error" role="alert" hidden></div>
<h2>${scorm ? L('Data CMI', 'CMI data') : 'Statements'}</h2>
${scorm ? '<pre id="cmi"></pre>' : '<ol id="statements" reversed></ol>'}
<h2>${scorm ? 'suspend_data' : L('Dokumen State', 'State documents')}</h2>
<pre id="state"></pre>
</aside>
</div>
<script type="application/json" id="preview-config">${config}</script>
</body>
</html>
`;
}

export const PANEL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1b1b1b;background:#f4f4f2}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 26rem;height:100vh}
main{min-width:0}
#course{width:100%;height:100%;border:0;background:#fff}
aside{overflow:auto;padding:.75rem 1rem;border-left:1px solid #ccc;background:#fafaf8}
h1{font-size:1.05rem;margin:.2rem 0 .5rem}
h1 .mode{font-weight:400;color:#555}
h2{font-size:.95rem;margin:1rem 0 .3rem}
nav a{margin-right:.5rem}
nav a[aria-current]{font-weight:700;text-decoration:none;color:#1b1b1b}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.5rem 0}
button{font:inherit;padding:.25rem .6rem;border:1px solid #666;border-radius:4px;background:#fff;cursor:pointer}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:.5rem;font-size:12px;max-height:40vh;overflow:auto}
ol{padding-left:1.6rem;font-size:12px}
li{margin:.15rem 0}
li .v{font-weight:700}
li .r{color:#555}
#build-error{background:#fdecea;border:1px solid #b3261e;color:#5f1410;padding:.5rem;white-space:pre-wrap;font:12px ui-monospace,monospace}
@media (max-width:800px){.layout{grid-template-columns:1fr;grid-template-rows:70vh auto;height:auto}}
`;

/** The panel script (plain browser JavaScript, no build step). */
export const PANEL_JS = String.raw`(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('preview-config').textContent);
  var frame = document.getElementById('course');
  var status = document.getElementById('status');
  var statePre = document.getElementById('state');
  var scorm = cfg.mode === 'scorm12' || cfg.mode === 'scorm2004';
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) }).then(function (r) { return r.json(); });
  }
  var afterCommit = null;
  function relaunch(launch, before) {
    var u = new URL(location.href);
    u.searchParams.set('mode', cfg.mode);
    u.searchParams.set('launch', launch);
    u.searchParams.set('au', String(cfg.au));
    var go = function () {
      afterCommit = null;
      (before ? before() : Promise.resolve()).then(function () { location.assign(u.toString()); });
    };
    if (!scorm) return go();
    // Unload the course first: it finishes its session and the LMS keeps the last commit for the relaunch.
    afterCommit = go;
    frame.src = 'about:blank';
    setTimeout(function () { if (afterCommit) afterCommit(); }, 1500);
  }
  function say(text) { status.textContent = text; }
  function verbName(s) { var d = s.verb && s.verb.display; return d ? (d['en-US'] || d[Object.keys(d)[0]]) : String(s.verb && s.verb.id); }
  function objName(s) { var d = s.object && s.object.definition && s.object.definition.name; return d ? d[Object.keys(d)[0]] : String(s.object && s.object.id); }
  function showStatement(s) {
    var list = document.getElementById('statements');
    if (!list) return;
    var li = document.createElement('li');
    li.setAttribute('data-verb', verbName(s));
    var v = document.createElement('span'); v.className = 'v'; v.textContent = verbName(s);
    var o = document.createElement('span'); o.textContent = ' ' + objName(s);
    li.appendChild(v); li.appendChild(o);
    if (s.result) { var r = document.createElement('span'); r.className = 'r'; r.textContent = ' ' + JSON.stringify(s.result); li.appendChild(r); }
    list.insertBefore(li, list.firstChild);
  }
  function showState(body) {
    try { var d = JSON.parse(body); statePre.textContent = JSON.stringify(d, null, 1); } catch (e) { statePre.textContent = body; }
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-launch]'), function (b) {
    b.addEventListener('click', function () { relaunch(b.getAttribute('data-launch')); });
  });
  var au = document.getElementById('au');
  if (au) au.addEventListener('change', function () { cfg.au = Number(au.value); relaunch(cfg.launch); });
  document.getElementById('reset').addEventListener('click', function () {
    // The course ends its session first, so its last commit cannot land after the reset.
    relaunch('Normal', function () { return post('/_preview/reset', { mode: cfg.mode }); });
  });
  var outage = document.getElementById('outage');
  if (outage) outage.addEventListener('change', function () {
    post('/_preview/outage', { on: outage.checked }).then(function (r) { say(r.on ? 'LRS: 503' : 'LRS: OK'); });
  });
  var events = new EventSource('/_preview/events');
  events.onmessage = function (m) {
    var e = JSON.parse(m.data);
    if (e.type === 'reload') relaunch(cfg.launch);
    else if (e.type === 'statement') showStatement(e.statement);
    else if (e.type === 'state') showState(e.body);
    else if (e.type === 'build-error') { var b = document.getElementById('build-error'); b.textContent = e.text; b.hidden = false; }
    else if (e.type === 'outage' && outage) outage.checked = e.on;
    else if (e.type === 'cmi' && afterCommit) setTimeout(function () { if (afterCommit) afterCommit(); }, 100);
  };
  if (scorm) {
    var v12 = cfg.mode === 'scorm12';
    var cmiPre = document.getElementById('cmi');
    fetch('/_preview/cmi?mode=' + cfg.mode).then(function (r) { return r.json(); }).then(function (saved) {
      var api = v12 ? new window.Scorm12API({ lmsCommitUrl: '/_preview/commit?mode=scorm12', autocommit: false, logLevel: 5 })
                    : new window.Scorm2004API({ lmsCommitUrl: '/_preview/commit?mode=scorm2004', autocommit: false, logLevel: 5 });
      var mode = cfg.launch.toLowerCase();
      var c = saved && saved.cmi;
      var load;
      if (v12) {
        load = { core: { lesson_mode: mode, student_id: 'peserta-1', student_name: 'Pratinjau, Peserta' } };
        if (c && c.suspend_data) {
          load.suspend_data = c.suspend_data;
          load.core.lesson_location = c.core.lesson_location;
          load.core.lesson_status = c.core.lesson_status;
          load.core.entry = 'resume';
          if (c.core.score) load.core.score = c.core.score;
        }
      } else {
        load = { mode: mode, learner_id: 'peserta-1', learner_name: 'Pratinjau, Peserta' };
        if (c && c.suspend_data) {
          load.suspend_data = c.suspend_data; load.location = c.location; load.entry = 'resume';
          load.completion_status = c.completion_status; load.success_status = c.success_status;
          if (c.score) load.score = c.score;
        }
      }
      api.loadFromJSON(load);
      function show() { var cmi = JSON.parse(JSON.stringify(api.cmi)); cmiPre.textContent = JSON.stringify(cmi, null, 1); statePre.textContent = cmi.suspend_data || ''; }
      api.on(v12 ? 'LMSSetValue.cmi.*' : 'SetValue.cmi.*', show);
      if (v12) window.API = api; else window.API_1484_11 = api;
      show();
      frame.src = cfg.start;
    });
  } else {
    fetch('/_preview/records').then(function (r) { return r.json(); }).then(function (rec) {
      rec.statements.forEach(showStatement);
      if (rec.state) showState(rec.state);
      if (outage) outage.checked = rec.outage;
    });
    post('/_preview/launch', { launch: cfg.launch, au: cfg.au, mode: cfg.mode }).then(function (r) {
      if (r.error) { say(r.error); return; }
      frame.src = r.url;
    });
  }
})();
`;
