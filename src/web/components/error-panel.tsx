import { RotateCw, TriangleAlert } from 'lucide-react';
import { errorMessage } from '@/web/lib/query-client';
import { Button } from './ui/button';

/** A query that failed: what happened and a way to try again. */
export function ErrorPanel({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-xl border border-danger/30 bg-danger-soft px-5 py-4"
    >
      <TriangleAlert className="mt-0.5 size-5 shrink-0 text-danger-text" aria-hidden />
      <div className="flex-1">
        <p className="font-medium text-danger-text">{title}</p>
        <p className="mt-0.5 text-sm text-danger-text/90">{errorMessage(error)}</p>
      </div>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          <RotateCw className="size-3.5" aria-hidden />
          Retry
        </Button>
      )}
    </div>
  );
}
