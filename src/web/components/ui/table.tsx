import type { ReactNode } from 'react';

/**
 * A bordered data table; rows use `tableStyles` for cells. `stale` marks rows kept on screen while
 * the ones for a new filter or page load: dimmed, and busy for assistive technology.
 */
export function Table({
  label,
  children,
  footer,
  stale = false,
}: {
  label: string;
  children: ReactNode;
  footer?: ReactNode;
  stale?: boolean;
}) {
  return (
    <div className="overflow-hidden rounded-xl border border-line bg-surface shadow-xs">
      <div className="overflow-x-auto">
        <table
          aria-label={label}
          aria-busy={stale || undefined}
          className={`w-full border-collapse text-left text-sm transition-opacity ${stale ? 'opacity-60' : ''}`}
        >
          {children}
        </table>
      </div>
      {footer}
    </div>
  );
}
