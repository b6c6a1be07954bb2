// Demo advertising tag: proves it ran (log line, global list, its own cookies) only after consent.
(function () {
  document.cookie = 'demo_ads_id=m' + Math.random().toString(36).slice(2) + '; Path=/; Max-Age=7776000; SameSite=Lax';
  document.cookie = 'demo_ads_seen=1; Path=/; Max-Age=7776000; SameSite=Lax';
  (window.demoRan = window.demoRan || []).push('marketing');
  var log = document.getElementById('script-log');
  if (log) log.insertAdjacentHTML('beforeend', '<li>marketing.js ran</li>');
})();
