// The clinic's own submit handler. It runs only once Assent has recorded the form's consents (Assent holds the
// submission until the required ones are given, and a child's until the guardian is verified) and reads the
// receipt id Assent put into the form, to keep with the clinic's own record. The demo has no back end.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form.matches('form[data-clinic-form]')) return;
  e.preventDefault();
  var receipt = form.elements.assent_receipt;
  var verified = form.elements.assent_guardian_verification;
  form.querySelector('output').textContent =
    (receipt ? 'OK · receipt ' + receipt.value : 'sent without a consent receipt') +
    (verified ? ' · guardian verified ' + verified.value : '');
});
