import { Fragment, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ChevronDown, ChevronRight, RotateCw, ScrollText } from 'lucide-react';
import type { LogEvent, LogType } from '@/shared/schemas/log';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { CodeBlock } from '@/web/components/ui/code-block';
import { EmptyState } from '@/web/components/ui/empty-state';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Pagination } from '@/web/components/ui/pagination';
import { Select } from '@/web/components/ui/select';
import { Table } from '@/web/components/ui/table';
import { tableStyles } from '@/web/components/ui/table-styles';
import { localDateTime, timeAgo } from '@/web/lib/format';
import { LOGS_PER_PAGE, logQueries } from '@/web/data/logs/queries';
import { LOG_TYPE_LABELS, LOG_TYPE_TONES } from '../log-types';

const RESOURCE_PAGES: Record<string, { path: string; noun: string }> = {
  hooks: { path: '/hooks', noun: 'hook' },
  clients: { path: '/applications', noun: 'application' },
  'resource-servers': { path: '/apis', noun: 'API' },
};

/** Where a Management API change's resource is in the console, unless the change deleted it. */
function resourceLink(event: LogEvent): { to: string; label: string } | undefined {
  const {
    resource,
    resource_id: id,
    request,
  } = event.details as {
    resource?: unknown;
    resource_id?: unknown;
    request?: { method?: unknown; path?: unknown };
  };
  const page = typeof resource === 'string' ? RESOURCE_PAGES[resource] : undefined;
  if (!page || typeof id !== 'string') return undefined;
  const deleted =
    request?.method === 'DELETE' &&
    typeof request.path === 'string' &&
    request.path.split('/').length === 3;
  if (deleted || event.type !== 'sapi') return undefined;
  return { to: `${page.path}/${encodeURIComponent(id)}`, label: `Open the ${page.noun}` };
}

interface LogListProps {
  type: LogType | undefined;
  page: number;
  onTypeChange: (type: LogType | undefined) => void;
  onPageChange: (page: number) => void;
}

/** The tenant log, newest first, filtered by type, one page at a time; each event opens to its JSON. */
export function LogList({ type, page, onTypeChange, onPageChange }: LogListProps) {
  const query = useQuery(logQueries.list({ page, per_page: LOGS_PER_PAGE }, { type }));
  const [open, setOpen] = useState<string | null>(null);

  const toolbar = (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-2">
        <label htmlFor="log-type" className="text-[13px] font-medium text-muted">
          Type
        </label>
        <Select
          id="log-type"
          className="w-64"
          value={type ?? ''}
          onChange={(e) => onTypeChange(e.target.value ? (e.target.value as LogType) : undefined)}
        >
          <option value="">All events</option>
          {Object.entries(LOG_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => void query.refetch()}
        pending={query.isFetching && !query.isPending}
      >
        {!(query.isFetching && !query.isPending) && <RotateCw className="size-3.5" aria-hidden />}
        Refresh
      </Button>
    </div>
  );

  if (query.isPending)
    return (
      <>
        {toolbar}
        <LoadingRows rows={5} label="Loading logs" />
      </>
    );
  if (query.isError)
    return (
      <>
        {toolbar}
        <ErrorPanel
          title="Could not load the logs"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </>
    );

  const { logs, total } = query.data;
  if (logs.length === 0) {
    return (
      <>
        {toolbar}
        <EmptyState
          icon={ScrollText}
          title={type ? `No “${LOG_TYPE_LABELS[type]}” events` : 'No events yet'}
        >
          {type
            ? 'Choose another type, or All events.'
            : 'Changes made in the console or through the Management API, and every token exchange, are recorded here.'}
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {toolbar}
      <Table
        label="Log events"
        stale={query.isPlaceholderData}
        footer={
          <Pagination
            page={page}
            perPage={LOGS_PER_PAGE}
            total={total}
            onPageChange={onPageChange}
            label="Log pages"
          />
        }
      >
        <thead className={tableStyles.head}>
          <tr>
            <th scope="col" className={`${tableStyles.th} w-10`}>
              <span className="sr-only">Details</span>
            </th>
            <th scope="col" className={tableStyles.th}>
              Type
            </th>
            <th scope="col" className={tableStyles.th}>
              Description
            </th>
            <th scope="col" className={tableStyles.th}>
              Actor or application
            </th>
            <th scope="col" className={tableStyles.th}>
              Date
            </th>
          </tr>
        </thead>
        <tbody>
          {logs.map((event) => {
            const expanded = open === event.log_id;
            const detailsId = `log-${event.log_id}`;
            return (
              <Fragment key={event.log_id}>
                <tr className={tableStyles.row}>
                  <td className={`${tableStyles.td} pr-0`}>
                    <button
                      type="button"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      aria-label={`Details of ${LOG_TYPE_LABELS[event.type]}: ${event.description}`}
                      onClick={() => setOpen(expanded ? null : event.log_id)}
                      className="inline-flex size-7 cursor-pointer items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
                    >
                      {expanded ? (
                        <ChevronDown className="size-4" aria-hidden />
                      ) : (
                        <ChevronRight className="size-4" aria-hidden />
                      )}
                    </button>
                  </td>
                  <td className={`${tableStyles.td} whitespace-nowrap`}>
                    <Badge tone={LOG_TYPE_TONES[event.type]}>{LOG_TYPE_LABELS[event.type]}</Badge>
                  </td>
                  <td className={`${tableStyles.td} max-w-md`}>
                    <span className="line-clamp-2 text-fg first-letter:uppercase">
                      {event.description}
                    </span>
                    {(() => {
                      const link = resourceLink(event);
                      return link ? (
                        <Link
                          to={link.to}
                          className="text-xs font-medium text-accent-text hover:underline"
                        >
                          {link.label}
                        </Link>
                      ) : null;
                    })()}
                    {event.audience && (
                      <span className="block truncate font-mono text-xs text-muted">
                        {event.audience}
                      </span>
                    )}
                  </td>
                  <td className={`${tableStyles.td} max-w-64`}>
                    <Who event={event} />
                  </td>
                  <td className={`${tableStyles.td} whitespace-nowrap`}>
                    <time dateTime={event.date} title={new Date(event.date).toISOString()}>
                      <span className="block text-fg">{timeAgo(new Date(event.date))}</span>
                      <span className="block text-xs text-muted">
                        {localDateTime(new Date(event.date))}
                      </span>
                    </time>
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailsId} className="border-t border-line bg-subtle/40">
                    <td colSpan={5} className="px-4 py-4">
                      <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-[13px]">
                        <dt className="text-muted">Event ID</dt>
                        <dd className="font-mono">{event.log_id}</dd>
                        <dt className="text-muted">From</dt>
                        <dd>
                          <span className="font-mono">{event.ip}</span>
                          {event.user_agent && (
                            <span className="text-muted"> · {event.user_agent}</span>
                          )}
                        </dd>
                      </dl>
                      <CodeBlock
                        code={JSON.stringify(event, null, 2)}
                        label="Event JSON"
                        copyLabel="Copy event JSON"
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}

function Who({ event }: { event: LogEvent }) {
  if (event.actor) {
    return (
      <span className="block min-w-0">
        <span className="block truncate text-fg">{event.actor.id}</span>
        <span className="block text-xs text-muted">
          {event.actor.kind === 'user' ? 'Console user' : 'Application (Management API)'}
        </span>
      </span>
    );
  }
  if (event.client_id || event.client_name) {
    return (
      <span className="block min-w-0">
        <span className="block truncate text-fg">{event.client_name ?? event.client_id}</span>
        {event.client_id && (
          <span className="block truncate font-mono text-xs text-muted">{event.client_id}</span>
        )}
      </span>
    );
  }
  return <span className="text-muted">—</span>;
}
