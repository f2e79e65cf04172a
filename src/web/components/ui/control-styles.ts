/** Text inputs, selects and textareas share one look, including the invalid state. */
export const controlStyles =
  'w-full rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg shadow-xs placeholder:text-faint ' +
  'transition-colors hover:border-faint focus:border-accent focus:outline-2 focus:outline-offset-0 focus:outline-ring/40 ' +
  'disabled:cursor-not-allowed disabled:bg-subtle disabled:text-muted ' +
  'aria-invalid:border-danger aria-invalid:focus:outline-danger/30';
