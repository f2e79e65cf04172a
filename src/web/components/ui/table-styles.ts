export const tableStyles = {
  head: 'bg-subtle/60 text-xs font-medium tracking-wide text-muted uppercase',
  th: 'px-4 py-2.5 font-medium',
  row: 'border-t border-line transition-colors hover:bg-subtle/50',
  td: 'px-4 py-3 align-middle',
};
