// Demo analytics: proves it ran (log line, global list, its own cookie) only after consent.
(function () {
  document.cookie =
    'demo_analytics_id=a' + Math.random().toString(36).slice(2) + '; Path=/; Max-Age=15552000; SameSite=Lax';
  (window.demoRan = window.demoRan || []).push('analytics');
  var log = document.getElementById('script-log');
  if (log) log.insertAdjacentHTML('beforeend', '<li>analytics.js ran</li>');
})();
