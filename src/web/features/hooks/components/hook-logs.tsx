import { useQuery } from '@tanstack/react-query';
import { ChevronRight, Eraser, Pause, Play } from 'lucide-react';
import { hookOutcomeSchema, type HookExecution } from '@/shared/schemas/hook';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { SearchInput } from '@/web/components/ui/search-input';
import { Select } from '@/web/components/ui/select';
import { cn } from '@/web/lib/cn';
import { matches } from '@/web/lib/format';
import { hookQueries, LOG_HISTORY } from '@/web/data/hooks/queries';
import { type LogStreamStatus } from '@/web/data/hooks/log-stream';
import { formatDuration, outcomeReason } from '../outcome';
import type { HookWorkspace, LogView } from '../workspace';
import { ConsoleOutput, OutcomeBadge } from './run-result';

/** Where a run came from, as the log's badge says it. */
const SOURCE_LABELS: Record<HookExecution['source'], string> = {
  exchange: 'Token',
  runner: 'Runner',
  gate: 'Gate',
};

const statusText: Record<LogStreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

function visible(view: LogView, e: HookExecution): boolean {
  if (view.clearedIds.has(e.id)) return false;
  if (view.paused && !view.frozenIds.has(e.id)) return false;
  if (
    view.outcome === 'failed'
      ? e.outcome === 'success'
      : view.outcome !== 'all' && e.outcome !== view.outcome
  )
    return false;
  return matches(
    view.text,
    e.message ?? '',
    e.client_id ?? '',
    e.audience ?? '',
    e.error_name ?? '',
    ...e.logs.map((l) => l.message),
  );
}

/** The hook's executions, newest first: the recent history, then a live tail over Server-Sent Events. */
export function HookLogs({ workspace }: { workspace: HookWorkspace }) {
  const { hook, logs } = workspace;
  const { view, setView, status } = logs;
  const query = useQuery(hookQueries.logs(hook.id));
  const all = query.data ?? [];
  const shown = all.filter((e) => visible(view, e));
  const waiting = view.paused
    ? all.filter((e) => !view.frozenIds.has(e.id) && !view.clearedIds.has(e.id)).length
    : 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <span role="status" className="mr-auto flex items-center gap-1.5 text-[13px] text-muted">
          <span
            aria-hidden
            className={cn(
              'size-2 rounded-full',
              view.paused
                ? 'bg-faint'
                : status === 'live'
                  ? 'animate-pulse bg-success-text'
                  : 'bg-warning-text',
            )}
          />
          {view.paused ? `Paused${waiting ? ` · ${waiting} new` : ''}` : statusText[status]}
        </span>
        <Button
          size="sm"
          onClick={() =>
            setView((v) =>
              v.paused
                ? { ...v, paused: false }
                : { ...v, paused: true, frozenIds: new Set(all.map((e) => e.id)) },
            )
          }
        >
          {view.paused ? (
            <Play className="size-3.5" aria-hidden />
          ) : (
            <Pause className="size-3.5" aria-hidden />
          )}
          {view.paused ? 'Resume' : 'Pause'}
        </Button>
        <Button
          size="sm"
          onClick={() =>
            setView((v) => ({
              ...v,
              clearedIds: new Set([...v.clearedIds, ...all.map((e) => e.id)]),
            }))
          }
        >
          <Eraser className="size-3.5" aria-hidden />
          Clear
        </Button>
      </div>
      <div className="flex gap-2">
        <SearchInput
          label="Filter logs"
          value={view.text}
          onChange={(text) => setView((v) => ({ ...v, text }))}
        />
        <Select
          aria-label="Outcome"
          value={view.outcome}
          onChange={(e) =>
            setView((v) => ({ ...v, outcome: e.target.value as LogView['outcome'] }))
          }
          className="w-40 shrink-0"
        >
          <option value="all">All outcomes</option>
          <option value="failed">Failed</option>
          {hookOutcomeSchema.options.map((o) => (
            <option key={o} value={o}>
              {outcomeReason[o]}
            </option>
          ))}
        </Select>
      </div>

      {query.isPending ? (
        <LoadingRows label="Loading logs" rows={3} />
      ) : query.isError ? (
        <ErrorPanel
          title="Could not load the logs"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line-strong px-4 py-8 text-center text-sm text-muted">
          {all.length === 0 || all.every((e) => view.clearedIds.has(e.id))
            ? 'No executions yet. Run the hook, or request a token while it is enabled: executions appear here as they happen.'
            : 'No executions match the filter.'}
        </p>
      ) : (
        <ol aria-label="Executions" className="divide-y divide-line rounded-lg border border-line">
          {shown.map((e) => (
            <ExecutionRow key={e.id} execution={e} />
          ))}
        </ol>
      )}
      <p className="text-xs text-faint">
        Shows the last {LOG_HISTORY} executions from the history, then every new one while this page
        is open.
      </p>
    </div>
  );
}

function ExecutionRow({ execution: e }: { execution: HookExecution }) {
  const at = new Date(e.started_at);
  return (
    <li>
      <details className="group">
        <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 text-[13px] hover:bg-subtle/60">
          <ChevronRight
            className="size-3.5 shrink-0 text-muted transition-transform group-open:rotate-90"
            aria-hidden
          />
          <time
            className="text-muted tabular-nums"
            dateTime={e.started_at}
            title={at.toLocaleString()}
          >
            {at.toLocaleTimeString()}
          </time>
          <Badge>{SOURCE_LABELS[e.source]}</Badge>
          <span className="min-w-0 flex-1 truncate text-muted">
            {e.message ?? e.client_id ?? ''}
          </span>
          <OutcomeBadge response={e} />
          <span className="w-14 text-right text-muted tabular-nums">
            {formatDuration(e.duration_ms)}
          </span>
        </summary>
        <div className="space-y-3 border-t border-line px-3 py-3 text-[13px]">
          <dl className="grid grid-cols-[6rem_minmax(0,1fr)] gap-x-3 gap-y-1">
            <dt className="text-muted">Outcome</dt>
            <dd>
              {outcomeReason[e.outcome]}
              {e.error_name && (
                <span className="ml-2 font-mono text-xs text-muted">{e.error_name}</span>
              )}
            </dd>
            {e.message && (
              <>
                <dt className="text-muted">Message</dt>
                <dd className="break-words">{e.message}</dd>
              </>
            )}
            {e.client_id && (
              <>
                <dt className="text-muted">Application</dt>
                <dd className="truncate font-mono text-xs">{e.client_id}</dd>
              </>
            )}
            {e.audience && (
              <>
                <dt className="text-muted">API</dt>
                <dd className="truncate font-mono text-xs">{e.audience}</dd>
              </>
            )}
            <dt className="text-muted">Version</dt>
            <dd className="tabular-nums">{e.hook_version}</dd>
          </dl>
          <ConsoleOutput lines={e.logs} />
        </div>
      </details>
    </li>
  );
}
