// A model of how Moodle's SCORM player sends a commit (mod/scorm/request.js): a synchronous
// form-encoded POST whose answer is "true\n0" or "false\n101". Chromium refuses synchronous requests
// while a page is being closed; then the data goes by navigator.sendBeacon and the commit counts as
// sent, as Moodle does when its window is closing. Not Moodle's code: see runtime12.js.
/* eslint-disable */
(function () {
  var M = (window.M = window.M || {});
  window.__moodleRequests = [];
  /** Every value the runtime refused: [element, value (cut), error code]. */
  window.__moodleRefused = [];
  /** Every element the SCO set (LMSSetValue / SetValue), accepted or not. */
  window.__moodleSets = [];
  M.scorm_request = function (url, body) {
    window.__moodleRequests.push(body);
    try {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', url, false);
      xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
      xhr.send(body);
      return xhr.status === 200 ? xhr.responseText : 'false\n101';
    } catch (e) {
      var ok = navigator.sendBeacon(url + '?beacon=1', new Blob([body], { type: 'application/x-www-form-urlencoded' }));
      return ok ? 'true\n0' : 'false\n101';
    }
  };
})();
