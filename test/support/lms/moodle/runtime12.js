// A model of Moodle's SCORM 1.2 runtime (mod/scorm/datamodels/scorm_12.js), written for ajar's tests from a
// reading of Moodle's file; it is not Moodle's code (Moodle is GPL-3.0 and stays out of this repository).
// What it reproduces, because the player depends on it (docs/lms.md lists the Moodle commit that was read):
// - the data model: which elements exist, read/write rights, formats, ranges, error codes 201–405;
// - the string limits printed by the page: CMIString256/CMIString4096 are `cmistring256`/`cmistring4096`
//   (255/4096 characters under the site setting scormstandard, 64,000 for both otherwise);
// - LMSCommit/LMSFinish POST, synchronously, only the values that changed since the last commit, as
//   `cmi__core__lesson_status=…` form fields beside id/a/sesskey/attempt/scoid, and read "true\n0";
// - LMSFinish first rewrites cmi.core.lesson_status: 'not attempted' → 'completed'; in normal mode with
//   credit, when masteryoverride is on, a mastery score is set and cmi.core.score.raw is not empty, the
//   status becomes 'passed' (raw ≥ mastery) or 'failed'; it adds cmi.core.total_time (never session_time);
// - a 60-second autocommit after the first change when the activity's autocommit is on.
// Like Moodle's page, it is started by M.scorm_api.init(Y, def, cmiobj, cmiint, cmistring256, …).
/* eslint-disable */
(function () {
  'use strict';
  var M = (window.M = window.M || {});

  function SCORMapi1_2(def, cmiobj, cmiint, cmistring256, cmistring4096, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit, masteryoverride) {
    var S256 = cmistring256, S4096 = cmistring4096;
    var TIME = /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/;
    var SPAN = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/;
    var SINT = /^-?([0-9]+)$/;
    var DEC = /^-?([0-9]{0,3})(\.[0-9]*)?$/;
    var IDENT = /^[\u0021-\u007E]{0,255}$/;
    var STATUS = /^passed$|^completed$|^failed$|^incomplete$|^browsed$/;
    var STATUS2 = /^passed$|^completed$|^failed$|^incomplete$|^browsed$|^not attempted$/;
    var EXIT = /^time-out$|^suspend$|^logout$|^$/;
    var TYPE = /^true-false$|^choice$|^fill-in$|^matching$|^performance$|^sequencing$|^likert$|^numeric$/;
    var RESULT = /^correct$|^wrong$|^unanticipated$|^neutral$|^([0-9]{0,3})?(\.[0-9]*)?$/;
    var re = function (s) { return new RegExp(s); };
    // element → [mode, format, range, default]
    var model = {
      'cmi._children': ['k', null, null, 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions'],
      'cmi._version': ['k', null, null, '3.4'],
      'cmi.core._children': ['k', null, null, 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time'],
      'cmi.core.student_id': ['r'], 'cmi.core.student_name': ['r'],
      'cmi.core.lesson_location': ['rw', re(S256)],
      'cmi.core.credit': ['r'],
      'cmi.core.lesson_status': ['rw', STATUS],
      'cmi.core.entry': ['r'],
      'cmi.core.score._children': ['k', null, null, 'raw,min,max'],
      'cmi.core.score.raw': ['rw', DEC, [0, 100]], 'cmi.core.score.max': ['rw', DEC, [0, 100]], 'cmi.core.score.min': ['rw', DEC, [0, 100]],
      'cmi.core.total_time': ['r'], 'cmi.core.lesson_mode': ['r'],
      'cmi.core.exit': ['w', EXIT], 'cmi.core.session_time': ['w', SPAN],
      'cmi.suspend_data': ['rw', re(S4096)], 'cmi.launch_data': ['r'], 'cmi.comments': ['rw', re(S4096)],
      'cmi.comments_from_lms': ['r'],
      'cmi.objectives._children': ['k', null, null, 'id,score,status'], 'cmi.objectives._count': ['k'],
      'cmi.objectives.n.id': ['rw', IDENT], 'cmi.objectives.n.score._children': ['k', null, null, 'raw,min,max'],
      'cmi.objectives.n.score.raw': ['rw', DEC, [0, 100]], 'cmi.objectives.n.score.min': ['rw', DEC, [0, 100]], 'cmi.objectives.n.score.max': ['rw', DEC, [0, 100]],
      'cmi.objectives.n.status': ['rw', STATUS2],
      'cmi.student_data._children': ['k', null, null, 'mastery_score,max_time_allowed,time_limit_action'],
      'cmi.student_data.mastery_score': ['r'], 'cmi.student_data.max_time_allowed': ['r'], 'cmi.student_data.time_limit_action': ['r'],
      'cmi.student_preference._children': ['k', null, null, 'audio,language,speed,text'],
      'cmi.student_preference.audio': ['rw', SINT, [-1, 100]], 'cmi.student_preference.language': ['rw', re(S256)],
      'cmi.student_preference.speed': ['rw', SINT, [-100, 100]], 'cmi.student_preference.text': ['rw', SINT, [-1, 1]],
      'cmi.interactions._children': ['k', null, null, 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'],
      'cmi.interactions._count': ['k'],
      'cmi.interactions.n.id': ['w', IDENT], 'cmi.interactions.n.objectives._count': ['k'], 'cmi.interactions.n.objectives.n.id': ['w', IDENT],
      'cmi.interactions.n.time': ['w', TIME], 'cmi.interactions.n.type': ['w', TYPE],
      'cmi.interactions.n.correct_responses._count': ['k'], 'cmi.interactions.n.correct_responses.n.pattern': ['w', re(S256)],
      'cmi.interactions.n.weighting': ['w', DEC, [-100, 100]], 'cmi.interactions.n.student_response': ['w', re(S256)],
      'cmi.interactions.n.result': ['w', RESULT], 'cmi.interactions.n.latency': ['w', SPAN],
      'nav.event': ['w', /^previous$|^continue$/],
    };
    var generic = function (el) { return String(el).replace(/\.(\d+)\./g, '.n.'); };

    // The values: what the page printed (def, then the objectives and interactions it reconstituted).
    var values = {}, committed = {}, counts = {};
    var defaults = ['cmi.core.student_id', 'cmi.core.student_name', 'cmi.core.lesson_location', 'cmi.core.credit', 'cmi.core.lesson_status', 'cmi.core.entry',
      'cmi.core.score.raw', 'cmi.core.score.max', 'cmi.core.score.min', 'cmi.core.total_time', 'cmi.core.lesson_mode', 'cmi.core.exit', 'cmi.suspend_data',
      'cmi.launch_data', 'cmi.comments', 'cmi.student_data.mastery_score', 'cmi.student_data.max_time_allowed', 'cmi.student_data.time_limit_action',
      'cmi.student_preference.audio', 'cmi.student_preference.language', 'cmi.student_preference.speed', 'cmi.student_preference.text'];
    defaults.forEach(function (k) { values[k] = def[k] === undefined || def[k] === null ? '' : String(def[k]); committed[k] = values[k]; });
    values['cmi.core.session_time'] = '00:00:00'; committed['cmi.core.session_time'] = '00:00:00';
    if (values['cmi.core.lesson_status'] === '') values['cmi.core.lesson_status'] = 'not attempted';
    // cmiobj / cmiint: the stored objectives and interactions, as {element: value} with numeric indexes.
    [cmiobj, cmiint].forEach(function (stored) {
      Object.keys(stored || {}).forEach(function (k) { values[k] = String(stored[k]); committed[k] = values[k]; bump(k); });
    });
    function bump(el) {
      var parts = el.split('.'), prefix = 'cmi';
      for (var i = 1; i < parts.length - 1; i++) {
        if (/^\d+$/.test(parts[i + 1])) {
          var arr = prefix + '.' + parts[i], n = Number(parts[i + 1]);
          counts[arr] = Math.max(counts[arr] || 0, n + 1);
          prefix = arr + '.' + parts[i + 1]; i++;
        } else prefix += '.' + parts[i];
      }
    }

    var errorCode = '0', initialized = false, timer = null, api = this;

    function LMSInitialize(p) {
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (initialized) { errorCode = '101'; return 'false'; }
      initialized = true;
      return 'true';
    }

    function LMSGetValue(el) {
      errorCode = '0';
      if (!initialized) { errorCode = '301'; return ''; }
      if (el === '') { errorCode = '201'; return ''; }
      var g = generic(el), m = model[g];
      if (!m) {
        if (/\._children$/.test(g)) errorCode = model[g.slice(0, -10)] ? '202' : '201';
        else if (/\._count$/.test(g)) errorCode = model[g.slice(0, -7)] ? '203' : '201';
        else errorCode = '201';
        return '';
      }
      if (m[0] === 'w') { errorCode = '404'; return ''; }
      if (/\._count$/.test(el)) return String(counts[el.slice(0, -7)] || 0);
      if (m[0] === 'k') return m[3] === undefined ? '' : m[3];
      return values[el] === undefined ? '' : values[el];
    }

    function LMSSetValue(el, value) {
      errorCode = '0';
      if (!initialized) { errorCode = '301'; return 'false'; }
      if (el === '') { errorCode = '201'; return 'false'; }
      var g = generic(el), m = model[g];
      if (!m) { errorCode = '201'; return 'false'; }
      if (m[0] === 'k') { errorCode = '402'; return 'false'; }
      if (m[0] === 'r') { errorCode = '403'; return 'false'; }
      value = value + '';
      if (m[1] && value.match(m[1]) === null) { errorCode = '405'; return 'false'; }
      // Arrays grow one at a time: index n is accepted only when n ≤ _count.
      var parts = el.split('.'), prefix = 'cmi';
      for (var i = 1; i < parts.length - 1; i++) {
        if (/^\d+$/.test(parts[i + 1])) {
          var arr = prefix + '.' + parts[i];
          if (Number(parts[i + 1]) > (counts[arr] || 0)) { errorCode = '201'; return 'false'; }
          prefix = arr + '.' + parts[i + 1]; i++;
        } else prefix += '.' + parts[i];
      }
      if (m[2]) {
        var n = value * 1.0;
        if (!(n >= m[2][0] && n <= m[2][1])) { errorCode = '405'; return 'false'; }
      }
      bump(el);
      if (autocommit && !timer) timer = setTimeout(function () { timer = null; api.LMSCommit(''); }, 60000);
      values[el] = el === 'cmi.comments' ? (values[el] || '') + value : value;
      return 'true';
    }

    function addTime(a, b) {
      var sec = function (t) { var p = t.split(':'); return Number(p[0]) * 3600 + Number(p[1]) * 60 + Number(p[2]); };
      var s = Math.round((sec(a) + sec(b)) * 100) / 100;
      var h = Math.floor(s / 3600), mi = Math.floor((s % 3600) / 60), se = Math.round((s % 60) * 100) / 100;
      var two = function (x) { return (x < 10 ? '0' : '') + x; };
      return two(h) + ':' + two(mi) + ':' + two(Math.floor(se)) + (se % 1 ? '.' + two(Math.round((se % 1) * 100)) : '');
    }

    // Moodle's names in the POST: dots become "__", array indexes are kept as "_<n>" (cmi.interactions_0.id).
    function fieldName(el) { return el.replace(/\.(\d+)\./g, '_$1.').replace(/\./g, '__'); }

    function store(finishing) {
      var data = '';
      if (finishing) {
        if (values['cmi.core.lesson_status'] === 'not attempted') values['cmi.core.lesson_status'] = 'completed';
        if (values['cmi.core.lesson_mode'] === 'normal' && values['cmi.core.credit'] === 'credit') {
          if (masteryoverride && values['cmi.student_data.mastery_score'] !== '' && values['cmi.core.score.raw'] !== '') {
            values['cmi.core.lesson_status'] = parseFloat(values['cmi.core.score.raw']) >= parseFloat(values['cmi.student_data.mastery_score']) ? 'passed' : 'failed';
          }
        }
        if (values['cmi.core.lesson_mode'] === 'browse' && committed['cmi.core.lesson_status'] === '' && values['cmi.core.lesson_status'] === 'not attempted') {
          values['cmi.core.lesson_status'] = 'browsed';
        }
      }
      Object.keys(values).forEach(function (el) {
        var m = model[generic(el)];
        if (!m || m[0] === 'r' || m[0] === 'k' || el === 'cmi.core.session_time') return;
        if (committed[el] === values[el]) return;
        data += '&' + fieldName(el) + '=' + encodeURIComponent(values[el]);
        committed[el] = values[el];
      });
      if (finishing) data += '&' + fieldName('cmi.core.total_time') + '=' + encodeURIComponent(addTime(values['cmi.core.total_time'] || '00:00:00', values['cmi.core.session_time']));
      var result = M.scorm_request(cfgwwwroot + '/mod/scorm/datamodel.php', 'id=' + cmid + '&a=' + scormid + '&sesskey=' + sesskey + '&attempt=' + attempt + '&scoid=' + scoid + data);
      var lines = String(result).split('\n');
      errorCode = lines[1] === undefined ? '101' : lines[1];
      return lines[0];
    }

    function LMSCommit(p) {
      if (timer) { clearTimeout(timer); timer = null; }
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (!initialized) { errorCode = '301'; return 'false'; }
      var r = store(false) === 'true' ? 'true' : 'false';
      errorCode = r === 'true' ? '0' : '101';
      return r;
    }

    function LMSFinish(p) {
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (!initialized) { errorCode = '301'; return 'false'; }
      initialized = false;
      var r = store(true) === 'true' ? 'true' : 'false';
      errorCode = r === 'true' ? '0' : '101';
      return r;
    }

    this.LMSInitialize = LMSInitialize;
    this.LMSFinish = LMSFinish;
    this.LMSGetValue = LMSGetValue;
    this.LMSSetValue = function (el, v) { var r = LMSSetValue(el, v); window.__moodleSets.push(el); if (r !== 'true') window.__moodleRefused.push([el, String(v).slice(0, 80), errorCode]); return r; };
    this.LMSCommit = LMSCommit;
    this.LMSGetLastError = function () { return errorCode; };
    this.LMSGetErrorString = function (c) { return { '0': 'No error', '101': 'General exception', '201': 'Invalid argument error', '202': 'Element cannot have children', '203': 'Element not an array - cannot have count', '301': 'Not initialized', '401': 'Not implemented error', '402': 'Invalid set value, element is a keyword', '403': 'Element is read only', '404': 'Element is write only', '405': 'Incorrect data type' }[c] || ''; };
    this.LMSGetDiagnostic = function (c) { return c === '' ? errorCode : c; };
    /** For tests: the values as the SCO left them in the page (not what was committed). */
    this.__values = function () { return JSON.parse(JSON.stringify(values)); };
  }

  M.scorm_api = {
    init: function (Y, def, cmiobj, cmiint, cmistring256, cmistring4096, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit, masteryoverride) {
      window.API = new SCORMapi1_2(def, cmiobj, cmiint, cmistring256, cmistring4096, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit, masteryoverride);
    },
  };
})();
