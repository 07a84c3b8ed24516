// Booking form: the repeat count and "skip clashing dates" only matter for a series, so they show only then.
(function () {
  var repeat = document.getElementById('f-repeat');
  if (!repeat) return;
  var parts = [document.getElementById('f-count'), document.getElementById('f-skipConflicts')]
    .filter(Boolean).map(function (el) { return el.closest('.field'); });
  function sync() {
    var series = repeat.value !== 'none';
    parts.forEach(function (el) { el.hidden = !series; });
  }
  repeat.addEventListener('change', sync);
  sync();
})();
