// Applies the saved or system theme before the first paint, so the page never flashes.
// A file, not an inline script: the console's Content-Security-Policy allows no inline scripts.
try {
  var pref = localStorage.getItem('tokenhook.theme');
  var dark =
    pref === 'dark' || (pref !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
} catch (e) {}
