// The sign's print button: shown only where script runs (the browser's own print command works everywhere).
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
