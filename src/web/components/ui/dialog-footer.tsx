import type { ReactNode } from 'react';

/** Right-aligned actions under a dialog's form. */
export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex justify-end gap-2">{children}</div>;
}
