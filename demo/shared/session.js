// The clinic's own site session (strictly necessary, declared under the site's own service): set on every page.
(function () {
  var name = document.currentScript && document.currentScript.getAttribute('data-cookie');
  if (name && document.cookie.indexOf(name + '=') < 0)
    document.cookie = name + '=s' + Math.random().toString(36).slice(2) + '; Path=/; SameSite=Lax';
})();
