// A deliberately broken tag for `assent scan` to find: not held by Assent (no type="text/plain", no data-assent),
// it sets an undeclared cookie before any choice and calls a host of another site.
(function () {
  document.cookie = 'demo_tracker=t' + Math.random().toString(36).slice(2) + '; Path=/; Max-Age=31536000; SameSite=Lax';
  var other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  fetch(location.protocol + '//' + other + ':' + location.port + '/demo/shared/demo.css?pixel=1', {
    mode: 'no-cors',
  }).catch(function () {});
})();
