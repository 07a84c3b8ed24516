// After a refused form the error summary at the top of the page takes the focus (autofocus does it where the browser
// honours it on a non-control), so a screen reader reads what went wrong and a phone shows it, not the form's end.
(function () {
  'use strict';
  var summary = document.getElementById('error-summary');
  if (summary && document.activeElement !== summary) summary.focus();
})();
