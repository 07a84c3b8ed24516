// The header's menu button on narrow screens: opens and closes the list of links, says so with aria-expanded, and
// closes on Escape (focus back on the button) or a tap outside. Without this script the links are a plain list.
(function () {
  'use strict';
  var nav = document.getElementById('site-nav');
  var button = nav && nav.querySelector('.menu-button');
  if (!nav || !button) return;

  function setOpen(open) {
    nav.classList.toggle('is-open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  button.addEventListener('click', function () {
    setOpen(button.getAttribute('aria-expanded') !== 'true');
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && nav.classList.contains('is-open')) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener('click', function (event) {
    if (nav.classList.contains('is-open') && !nav.contains(event.target)) setOpen(false);
  });
})();
