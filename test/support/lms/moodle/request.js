// A model of how Moodle's SCORM player sends a commit (mod/scorm/request.js DoRequest): a synchronous
// form-encoded POST whose answer is "true\n0" or "false\n101". While the page is being dismissed
// (beforeunload, unload, pagehide, or hidden), or when the synchronous request throws, the data goes by
// navigator.sendBeacon instead, as multipart FormData with `unloading=1` to `…?api=beacon`, and the
// commit counts as sent ("true\n0") unless the browser refuses to queue it (Chromium queues at most
// 64 KiB of beacon data). Not Moodle's code: see README.md.
/* eslint-disable */
(function () {
  var M = (window.M = window.M || {});
  window.__moodleRequests = [];
  /** Every value the runtime refused: [element, value (cut), error code]. */
  window.__moodleRefused = [];
  /** Every element the SCO set (LMSSetValue / SetValue), accepted or not. */
  window.__moodleSets = [];
  var unloading = false;
  ['beforeunload', 'unload', 'pagehide'].forEach(function (e) { window.addEventListener(e, function () { unloading = true; }); });
  window.addEventListener('pageshow', function () { unloading = false; });
  document.addEventListener('visibilitychange', function () { unloading = document.visibilityState === 'hidden'; });

  function beacon(url, body) {
    var form = new FormData();
    body.split('&').forEach(function (pair) {
      var kv = pair.split('=');
      form.append(decodeURIComponent(kv[0]), decodeURIComponent(kv[1]));
    });
    form.append('unloading', '1');
    return navigator.sendBeacon(url + (url.indexOf('?') === -1 ? '?' : '&') + 'api=beacon', form) ? 'true\n0' : 'false\n101';
  }

  M.scorm_request = function (url, body) {
    window.__moodleRequests.push(body);
    if (unloading) return beacon(url, body);
    try {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', url, false);
      xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
      xhr.send(body);
      return xhr.status === 200 ? xhr.responseText : String(xhr.status);
    } catch (e) {
      return beacon(url, body);
    }
  };
})();
