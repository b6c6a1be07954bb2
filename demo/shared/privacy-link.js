// Where the visitor is asked opt-out (California), the settings link is the one CCPA names (Cal. Code Regs. tit. 11,
// § 7026): "Do Not Sell or Share My Personal Information". Assent says the regime; the site words its link.
(function () {
  function label(api) {
    if (!api || api.regime === 'opt-in') return;
    document.querySelectorAll('[data-assent-open][data-opt-out]').forEach(function (a) {
      a.textContent = a.getAttribute('data-opt-out');
    });
  }
  if (window.Assent) label(window.Assent);
  else
    document.addEventListener('assent:ready', function () {
      label(window.Assent);
    });
})();
