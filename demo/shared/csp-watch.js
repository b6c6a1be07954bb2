// Records Content-Security-Policy violations so a test (or a person in devtools) can see none happened.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
