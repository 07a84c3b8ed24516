// A copy button beside a value (the webhook secret): shown only where scripting and the clipboard work; without them
// the value is still selected whole with one tap (CSS user-select: all).
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = button.dataset.copied;
        const status = document.getElementById('copy-status');
        if (status) status.textContent = button.dataset.copied;
        setTimeout(() => { button.textContent = label; }, 2000);
      } catch {
        getSelection()?.selectAllChildren(source);
      }
    });
  }
})();
