import type { ReactNode } from 'react';
import { Info } from 'lucide-react';

/** A calm note about the page (e.g. why a system API cannot be edited). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div
      role="note"
      className="flex items-start gap-2.5 rounded-lg border border-accent/20 bg-accent-soft px-4 py-3 text-sm text-fg"
    >
      <Info className="mt-0.5 size-4 shrink-0 text-accent-text" aria-hidden />
      <div>{children}</div>
    </div>
  );
}
