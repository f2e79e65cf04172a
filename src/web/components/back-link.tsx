import { Link } from 'react-router';
import { ArrowLeft } from 'lucide-react';

/** "← APIs" above a detail page's title. */
export function BackLink({ to, children }: { to: string; children: string }) {
  return (
    <Link
      to={to}
      className="mb-3 inline-flex items-center gap-1.5 text-[13px] font-medium text-muted hover:text-fg"
    >
      <ArrowLeft className="size-3.5" aria-hidden />
      {children}
    </Link>
  );
}
