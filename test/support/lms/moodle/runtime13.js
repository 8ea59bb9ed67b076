// A model of Moodle's SCORM 2004 runtime (mod/scorm/datamodels/scorm_13.js), written for ajar's tests from a
// reading of Moodle's file; it is not Moodle's code (Moodle is GPL-3.0 and stays out of this repository).
// What it reproduces, because the player depends on it (docs/lms.md lists the Moodle commit that was read):
// - the data model with Moodle's formats and limits (location 1,000, suspend_data 64,000, descriptions 250,
//   fill-in responses 250 per node, long-fill-in 4,000 on one line), error codes 401–408 and 351;
// - interactions and objectives: `id` first (408 otherwise), arrays grow one at a time (351), a
//   learner_response or correct response checked against the interaction's type (406 on a mismatch);
// - a value "matches" only when the format's match is not empty; a response (learner_response, correct
//   pattern) is first matched against '^.*$', so a long-fill-in text with a line break is refused (406),
//   then node by node against its type: an empty response to a choice, true-false, numeric or matching
//   interaction is refused (406);
// - Commit/Terminate POST every value that differs from what the page printed (not only what changed since
//   the last commit: Moodle does not update its defaults after a commit), synchronously, "true\n0" back;
// - Terminate re-evaluates completion_status from progress_measure when the manifest set a completion
//   threshold. It does not re-evaluate success_status: Moodle's test reads `cmi.scaled_passed_score`, an
//   element that does not exist, so that branch never runs.
// Started like Moodle's page: M.scorm_api.init(Y, def, cmiobj, cmiint, cmicommentsuser, cmicommentslms, …).
/* eslint-disable */
(function () {
  'use strict';
  var M = (window.M = window.M || {});

  function SCORMapi1_3(def, cmiobj, cmiint, cmicommentsuser, cmicommentslms, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit) {
    var S = function (n) { return new RegExp('^[\\u0000-\\uFFFF]{0,' + n + '}$'); };
    var LANG250 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(\-[a-zA-Z0-9\-]{2,8})?\})?([^\{].{0,250}$)?/;
    var LANG4000 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(\-[a-zA-Z0-9\-]{2,8})?\})?([^\{].{0,4000}$)?/;
    var LANG250CR = /^((\{lang=([a-zA-Z]{2,3}|i|x)?(\-[a-zA-Z0-9\-]{2,8})?\})?(.{0,250})?)?$/;
    var TIME = /^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])((-(0[1-9]|1[0-2]))((-(0[1-9]|[1-2][0-9]|3[0-1]))(T([0-1][0-9]|2[0-3])((:[0-5][0-9])((:[0-5][0-9])((\.[0-9]{1,2})((Z|([+|-]([0-1][0-9]|2[0-3])))(:[0-5][0-9])?)?)?)?)?)?)?)?$/;
    var SPAN = /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/;
    var SINT = /^-?([0-9]+)$/;
    var DEC = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/;
    var SHORTID = /^[\w\.]{1,250}$/;
    var LONGID = /^(?:(?!urn:)\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\S{1,4000})$/;
    var CSTATUS = /^completed$|^incomplete$|^not attempted$|^unknown$/;
    var SSTATUS = /^passed$|^failed$|^unknown$/;
    var EXIT = /^time-out$|^suspend$|^logout$|^normal$|^$/;
    var TYPE = /^true-false$|^choice$|^(long-)?fill-in$|^matching$|^performance$|^sequencing$|^likert$|^numeric$|^other$/;
    var RESULT = /^correct$|^incorrect$|^unanticipated$|^neutral$|^-?([0-9]{1,4})(\.[0-9]{1,18})?$/;
    var FEEDBACK = 'feedback';
    // learner_response and correct_responses.n.pattern, by interaction type: node format, second format
    // (a.b pairs), most nodes, delimiter, pair delimiter, nodes unique.
    var responses = {
      'true-false': { f: /^true$|^false$/, max: 1, d: '' },
      choice: { f: SHORTID, max: 36, d: '[,]', unique: true },
      'fill-in': { f: LANG250, max: 10, d: '[,]', cr: LANG250CR },
      'long-fill-in': { f: LANG4000, max: 1, d: '' },
      matching: { f: SHORTID, f2: SHORTID, max: 36, d: '[,]', d2: '[.]' },
      performance: { f: /^$|^[\w\.]{1,250}$/, f2: /^-?([0-9]{1,5})(\.[0-9]{1,18})?$|^$|^[\w\.]{1,250}$/, max: 250, d: '[,]', d2: '[.]' },
      sequencing: { f: SHORTID, max: 36, d: '[,]' },
      likert: { f: SHORTID, max: 1, d: '' },
      numeric: { f: DEC, max: 1, d: '', crMax: 2, crD: '[:]' },
      other: { f: S(4000), max: 1, d: '' },
    };
    // element → [mode, format, range]
    var model = {
      'cmi._version': ['r'], 'cmi.completion_status': ['rw', CSTATUS], 'cmi.completion_threshold': ['r'], 'cmi.credit': ['r'], 'cmi.entry': ['r'],
      'cmi.exit': ['w', EXIT], 'cmi.interactions._count': ['r'], 'cmi.interactions.n.id': ['rw', LONGID], 'cmi.interactions.n.type': ['rw', TYPE],
      'cmi.interactions.n.objectives._count': ['r'], 'cmi.interactions.n.objectives.n.id': ['rw', LONGID], 'cmi.interactions.n.timestamp': ['rw', TIME],
      'cmi.interactions.n.correct_responses._count': ['r'], 'cmi.interactions.n.correct_responses.n.pattern': ['rw', FEEDBACK],
      'cmi.interactions.n.weighting': ['rw', DEC], 'cmi.interactions.n.learner_response': ['rw', FEEDBACK], 'cmi.interactions.n.result': ['rw', RESULT],
      'cmi.interactions.n.latency': ['rw', SPAN], 'cmi.interactions.n.description': ['rw', LANG250], 'cmi.launch_data': ['r'], 'cmi.learner_id': ['r'],
      'cmi.learner_name': ['r'], 'cmi.learner_preference.audio_level': ['rw', DEC, [0, Infinity]], 'cmi.learner_preference.language': ['rw', /^([a-zA-Z]{2,3}|i|x)(\-[a-zA-Z0-9\-]{2,8})?$|^$/],
      'cmi.learner_preference.delivery_speed': ['rw', DEC, [0, Infinity]], 'cmi.learner_preference.audio_captioning': ['rw', SINT, [-1, 1]],
      'cmi.location': ['rw', S(1000)], 'cmi.max_time_allowed': ['r'], 'cmi.mode': ['r'], 'cmi.objectives._count': ['r'], 'cmi.objectives.n.id': ['rw', LONGID],
      'cmi.objectives.n.score.scaled': ['rw', DEC, [-1, 1]], 'cmi.objectives.n.score.raw': ['rw', DEC], 'cmi.objectives.n.score.min': ['rw', DEC],
      'cmi.objectives.n.score.max': ['rw', DEC], 'cmi.objectives.n.success_status': ['rw', SSTATUS], 'cmi.objectives.n.completion_status': ['rw', CSTATUS],
      'cmi.objectives.n.progress_measure': ['rw', DEC, [0, 1]], 'cmi.objectives.n.description': ['rw', LANG250], 'cmi.progress_measure': ['rw', DEC, [0, 1]],
      'cmi.scaled_passing_score': ['r'], 'cmi.score.scaled': ['rw', DEC, [-1, 1]], 'cmi.score.raw': ['rw', DEC], 'cmi.score.min': ['rw', DEC], 'cmi.score.max': ['rw', DEC],
      'cmi.session_time': ['w', SPAN], 'cmi.success_status': ['rw', SSTATUS], 'cmi.suspend_data': ['rw', S(64000)], 'cmi.time_limit_action': ['r'], 'cmi.total_time': ['r'],
      'adl.nav.request': ['rw', /^previous$|^continue$|^exit$|^exitAll$|^abandon$|^abandonAll$|^suspendAll$|^\{target=\S{0,200}[a-zA-Z0-9]\}choice|jump$/],
    };
    var generic = function (el) { return String(el).replace(/\.(\d+)\./g, '.n.'); };
    var values = {}, printed = {}, counts = {};
    Object.keys(def).forEach(function (k) { if (def[k] !== null && def[k] !== undefined) { values[k] = String(def[k]); printed[k] = values[k]; } });
    values['cmi._version'] = '1.0';
    values['adl.nav.request'] = '_none_'; printed['adl.nav.request'] = '_none_';
    if (!values['cmi.completion_status']) values['cmi.completion_status'] = 'not attempted';
    [cmiobj, cmiint].forEach(function (stored) {
      Object.keys(stored || {}).forEach(function (k) { values[k] = String(stored[k]); count(k); });
    });
    function arrays(el) {
      var out = [], parts = el.split('.'), prefix = parts[0];
      for (var i = 1; i < parts.length - 1; i++) {
        if (/^\d+$/.test(parts[i + 1])) { var arr = prefix + '.' + parts[i]; out.push([arr, Number(parts[i + 1]), parts[i + 1]]); prefix = arr + '.' + parts[i + 1]; i++; }
        else prefix += '.' + parts[i];
      }
      return out;
    }
    function count(el) { arrays(el).forEach(function (a) { counts[a[0]] = Math.max(counts[a[0]] || 0, a[1] + 1); }); }

    var errorCode = '0', diagnostic = '', initialized = false, terminated = false, timer = null, api = this;

    function Initialize(p) {
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (initialized || terminated) { errorCode = initialized ? '103' : '104'; return 'false'; }
      initialized = true;
      return 'true';
    }

    function GetValue(el) {
      errorCode = '0'; diagnostic = '';
      if (!initialized || terminated) { errorCode = terminated ? '123' : '122'; return ''; }
      if (el === '') { errorCode = '301'; return ''; }
      var g = generic(el), m = model[g];
      if (!m) {
        errorCode = /\._children$/.test(g) ? '301' : '401';
        return '';
      }
      if (m[0] === 'w') { errorCode = '405'; return ''; }
      if (/\._count$/.test(el)) return String(counts[el.slice(0, -7)] || 0);
      if (values[el] === undefined) { errorCode = arrays(el).some(function (a) { return a[1] >= (counts[a[0]] || 0); }) ? '301' : '403'; return ''; }
      return values[el];
    }

    function matches(value, format) {
      var found = value.match(format);
      return found !== null && (found.join('').length > 0 || value.length === 0);
    }

    function checkNodes(value, type, correct) {
      var r = responses[type];
      if (!r) return '408';
      var d = correct && r.crD ? r.crD : r.d, max = correct && r.crMax ? r.crMax : r.max;
      var nodes = d ? value.split(d) : [value];
      if (nodes.length > max) return '351';
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i];
        if (correct) node = node.replace(/^(\{(lang|case_matters|order_matters)=[^\}]+\})+/, '');
        if (r.d2) {
          var pair = node.split(r.d2);
          if (pair.length !== 2 || pair[0].match(r.f) === null || pair[1].match(r.f2) === null) return '406';
        } else {
          // Node by node Moodle asks only for a match, even an empty one (so "{…" passes here).
          var f = correct && r.cr ? r.cr : r.f;
          if (node.match(f) === null && !(correct && value === '' && type !== 'true-false')) return '406';
          if (r.unique && node !== '' && nodes.indexOf(node) !== i) return '406';
        }
      }
      return '0';
    }

    function SetValue(el, value) {
      errorCode = '0'; diagnostic = '';
      if (!initialized || terminated) { errorCode = terminated ? '133' : '132'; return 'false'; }
      if (el === '') { errorCode = '351'; return 'false'; }
      var g = generic(el), m = model[g];
      if (!m) { errorCode = '401'; return 'false'; }
      if (m[0] === 'r') { errorCode = '404'; return 'false'; }
      value = value + '';
      // Responses are first checked as CMIFeedback ('^.*$': one line), then node by node for their type.
      if (m[1] && !matches(value, m[1] === FEEDBACK ? /^.*$/ : m[1])) { errorCode = '406'; return 'false'; }
      var arr = arrays(el);
      for (var i = 0; i < arr.length; i++) {
        var a = arr[i];
        if (a[2].length > 1 && a[2].charAt(0) === '0') { errorCode = '351'; return 'false'; }
        if (a[1] > (counts[a[0]] || 0)) { errorCode = '351'; diagnostic = 'Data Model Element Collection Set Out Of Order'; return 'false'; }
        var isNew = a[1] === (counts[a[0]] || 0);
        var last = i === arr.length - 1;
        if (isNew && !last) { errorCode = '408'; return 'false'; }
        if (isNew && last) {
          // A new member starts with its id (objectives, interactions, interaction objectives) or, for
          // correct responses, with a pattern; any other element first is a dependency error.
          var leaf = el.slice(el.lastIndexOf('.') + 1);
          if (!(leaf === 'id' || (leaf === 'pattern' && /correct_responses$/.test(a[0])))) { errorCode = '408'; return 'false'; }
        }
      }
      if (/\.id$/.test(g) && arr.length) {
        var a0 = arr[arr.length - 1];
        if (a0[1] < (counts[a0[0]] || 0) && /^cmi\.objectives\.n\.id$/.test(g) && values[el] !== value) { errorCode = '351'; diagnostic = 'Write Once Violation'; return 'false'; }
        for (var n = 0; n < (counts[a0[0]] || 0); n++) {
          if (n !== a0[1] && values[a0[0] + '.' + n + '.id'] === value && !/^cmi\.interactions\.n\.id$/.test(g)) { errorCode = '351'; diagnostic = 'Data Model Element ID Already Exists'; return 'false'; }
        }
      }
      if (m[1] === FEEDBACK) {
        var base = 'cmi.interactions.' + arr[0][1];
        var type = values[base + '.type'];
        if (type === undefined) { errorCode = '408'; return 'false'; }
        var code = checkNodes(value, type, /pattern$/.test(g));
        if (code !== '0') { errorCode = code; return 'false'; }
      }
      if (m[2]) {
        var num = value * 1.0;
        if (!(num >= m[2][0] && num <= m[2][1])) { errorCode = '407'; return 'false'; }
      }
      count(el);
      if (autocommit && !timer) timer = setTimeout(function () { timer = null; api.Commit(''); }, 60000);
      values[el] = value;
      return 'true';
    }

    function addTime(a, b) {
      var secs = function (t) {
        var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(t || '') || [];
        return (Number(m[3] || 0) * 86400) + Number(m[4] || 0) * 3600 + Number(m[5] || 0) * 60 + Number(m[6] || 0);
      };
      var s = Math.round((secs(a) + secs(b)) * 100) / 100;
      var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), mi = Math.floor((s % 3600) / 60), se = Math.round((s % 60) * 100) / 100;
      var out = 'P' + (d ? d + 'D' : '');
      if (h || mi || se) out += 'T' + (h ? h + 'H' : '') + (mi ? mi + 'M' : '') + (se ? se + 'S' : '');
      return out;
    }

    // Moodle's names in the POST: array indexes become ".N<n>." and dots "__" (cmi__interactions__N0__id).
    function fieldName(el) { return el.replace(/\.(\d+)\./g, '.N$1.').replace(/\./g, '__'); }

    function store(finishing) {
      var data = '';
      if (finishing) {
        if (values['cmi.mode'] === 'normal' && values['cmi.credit'] === 'credit') {
          if (values['cmi.completion_threshold'] && values['cmi.progress_measure']) {
            values['cmi.completion_status'] = Number(values['cmi.progress_measure']) >= Number(values['cmi.completion_threshold']) ? 'completed' : 'incomplete';
          }
        }
        data += '&' + fieldName('cmi.total_time') + '=' + encodeURIComponent(addTime(values['cmi.total_time'] || 'PT0H0M0S', values['cmi.session_time'] || 'PT0H0M0S'));
      }
      Object.keys(values).forEach(function (el) {
        var m = model[generic(el)];
        if (!m || m[0] === 'r' || el === 'adl.nav.request') return;
        if (printed[el] !== undefined && printed[el] === values[el]) return;
        data += '&' + fieldName(el) + '=' + encodeURIComponent(values[el]);
      });
      if (values['adl.nav.request'] !== '_none_') data += '&adl__nav__request=' + encodeURIComponent(values['adl.nav.request']);
      var result = M.scorm_request(cfgwwwroot + '/mod/scorm/datamodel.php', 'id=' + cmid + '&a=' + scormid + '&sesskey=' + sesskey + '&attempt=' + attempt + '&scoid=' + scoid + data);
      var lines = String(result).split('\n');
      errorCode = lines[1] === undefined ? '101' : lines[1];
      return lines[0];
    }

    function Commit(p) {
      if (timer) { clearTimeout(timer); timer = null; }
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (!initialized || terminated) { errorCode = terminated ? '143' : '142'; return 'false'; }
      var r = store(false) === 'true' ? 'true' : 'false';
      errorCode = r === 'true' ? '0' : '101';
      return r;
    }

    function Terminate(p) {
      errorCode = '0';
      if (p !== '') { errorCode = '201'; return 'false'; }
      if (!initialized || terminated) { errorCode = terminated ? '113' : '112'; return 'false'; }
      var r = store(true) === 'true' ? 'true' : 'false';
      errorCode = r === 'true' ? '0' : '101';
      if (r === 'true') { initialized = false; terminated = true; }
      return r;
    }

    this.Initialize = Initialize;
    this.Terminate = Terminate;
    this.GetValue = GetValue;
    this.SetValue = function (el, v) { var r = SetValue(el, v); window.__moodleSets.push(el); if (r !== 'true') window.__moodleRefused.push([el, String(v).slice(0, 80), errorCode]); return r; };
    this.Commit = Commit;
    this.GetLastError = function () { return errorCode; };
    this.GetErrorString = function (c) { return c; };
    this.GetDiagnostic = function (c) { return diagnostic || c; };
    this.version = '1.0';
    this.__values = function () { return JSON.parse(JSON.stringify(values)); };
  }

  M.scorm_api = {
    init: function (Y, def, cmiobj, cmiint, cmicommentsuser, cmicommentslms, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit) {
      window.API_1484_11 = new SCORMapi1_3(def, cmiobj, cmiint, cmicommentsuser, cmicommentslms, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey, scoid, attempt, viewmode, cmid, currentorg, autocommit);
    },
  };
})();
