// Opens the widget's notice viewer from the privacy page.
document.getElementById('show-notice').addEventListener('click', function () {
  if (window.Assent) window.Assent.showNotice();
});
