import { Badge } from '@/web/components/ui/badge';
import { cn } from '@/web/lib/cn';
import { timeAgo } from '@/web/lib/format';
import type { TokenTestRun } from '../api';

/** The runs of this visit (kept in memory only: they hold secrets and tokens), newest first. */
export function RunHistory({
  runs,
  selectedId,
  onSelect,
}: {
  runs: TokenTestRun[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  if (runs.length < 2) return null;
  return (
    <nav aria-label="Recent runs" className="rounded-xl border border-line bg-surface p-2">
      <h3 className="px-2 pt-1 pb-2 text-xs font-medium tracking-wide text-muted uppercase">
        Recent runs
      </h3>
      <ul className="space-y-0.5">
        {runs.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              aria-current={run.id === selectedId || undefined}
              onClick={() => onSelect(run.id)}
              className={cn(
                'flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px]',
                run.id === selectedId
                  ? 'bg-accent-soft text-fg'
                  : 'text-muted hover:bg-subtle hover:text-fg',
              )}
            >
              <Badge tone={run.status < 300 ? 'success' : 'warning'} className="font-mono">
                {run.status}
              </Badge>
              <span className="min-w-0 flex-1 truncate">
                {run.client.name} → {run.api.name}
              </span>
              <time dateTime={run.at.toISOString()} className="shrink-0 text-xs text-faint">
                {timeAgo(run.at)}
              </time>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
