// The report's "print" button: shown only when this script runs (without it, the browser's own Print prints the same
// clean A4 layout from reports.css).
(function () {
  'use strict';
  var button = document.querySelector('[data-print]');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
})();
