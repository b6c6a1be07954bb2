// A sign-up form's marketing opt-ins go through the widget's API, so the form's opt-in is a receipt too. Where the
// form has an element marked data-assent-opt-ins, Assent draws the opt-ins there with their four facts and records
// what they show; otherwise the form's own boxes are sent (and the receipt says the site showed the texts). A site
// that asks the age (LEEPEEM) passes the answer: under 14, the membership form (with the guardian) is the way.
// The widget's tag is async: its API may come after this script, announced by the `assent:ready` event.
function withAssent(fn) {
  if (window.Assent) fn(window.Assent);
  else
    document.addEventListener(
      'assent:ready',
      function () {
        fn(window.Assent);
      },
      { once: true },
    );
}
withAssent(function (assent) {
  document.querySelectorAll('[data-assent-opt-ins]').forEach(function (el) {
    assent.renderOptIns(el);
  });
});
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form.matches('form[data-signup]')) return;
  e.preventDefault();
  var out = form.querySelector('output');
  if (!window.Assent) return (out.textContent = 'consent widget not loaded');
  var age = form.elements.age ? form.elements.age.value : undefined;
  if (age === 'child') return (out.textContent = 'Under 14: please sign up with your guardian (membership form)');
  var own = form.elements.email_opt_in;
  var who = age ? { age: age } : undefined;
  var saved = own
    ? window.Assent.setChannels({ email: own.checked, sms: form.elements.sms_opt_in.checked }, who)
    : window.Assent.setChannels(undefined, who);
  saved.then(function () {
    out.textContent = 'OK: marketing choices recorded';
  });
});
