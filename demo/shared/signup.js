// The sign-up form's email/SMS boxes go through the widget's API, so the form's opt-in is a receipt too.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form.matches('form[data-signup]')) return;
  e.preventDefault();
  var out = form.querySelector('output');
  var channels = { email: form.elements.email_opt_in.checked, sms: form.elements.sms_opt_in.checked };
  if (!window.Assent) return (out.textContent = 'consent widget not loaded');
  window.Assent.setChannels(channels).then(function () {
    out.textContent = 'OK: ' + JSON.stringify(window.Assent.get().channels);
  });
});
