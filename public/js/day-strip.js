// Room booking on a phone: a day of the strip shows its start times at once (they are all on the page already);
// without script each day is a link that loads the page for that day.
(function () {
  var picker = document.querySelector('[data-day-picker]');
  if (!picker) return;
  picker.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-day]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var panel = picker.querySelector('[data-times="' + link.getAttribute('data-day') + '"]');
    if (!panel) return;
    event.preventDefault();
    picker.querySelectorAll('a[data-day]').forEach(function (a) { a.removeAttribute('aria-current'); });
    link.setAttribute('aria-current', 'true');
    picker.querySelectorAll('[data-times]').forEach(function (p) { p.hidden = p !== panel; });
    history.replaceState(null, '', link.href);
    var heading = panel.querySelector('h2');
    if (heading) heading.focus();
  });
})();
