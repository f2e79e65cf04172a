import type { ReactNode } from 'react';

/** A bordered data table; rows use `tableStyles` for cells. */
export function Table({
  label,
  children,
  footer,
}: {
  label: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="overflow-hidden rounded-xl border border-line bg-surface shadow-xs">
      <div className="overflow-x-auto">
        <table aria-label={label} className="w-full border-collapse text-left text-sm">
          {children}
        </table>
      </div>
      {footer}
    </div>
  );
}
