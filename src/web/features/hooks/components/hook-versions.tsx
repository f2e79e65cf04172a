import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { GitCompare, History, RotateCcw } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import type { Hook, HookVersion } from '@/shared/schemas/hook';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Pagination } from '@/web/components/ui/pagination';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries, VERSIONS_PAGE } from '@/web/data/hooks/queries';
import { useDeployHook } from '@/web/data/hooks/mutations';
import { versionTime, type DiffSide } from '../diff';
import { isGateRefusal } from '../gate';
import { TestGateDialog, type TestGateRefusal } from './test-gate-dialog';

interface HookVersionsProps {
  hook: Hook;
  /** The compared sides, to mark the versions in the diff. */
  compared: [DiffSide, DiffSide];
  onCompare: (left: DiffSide, right: DiffSide) => void;
  hasDraft: boolean;
}

/**
 * The hook's versions, newest (live) first: who made each and when, and "Roll back to this
 * version", which makes a new live version copied from it (Auth0 Actions' semantics).
 */
export function HookVersions({ hook, compared, onCompare, hasDraft }: HookVersionsProps) {
  const [page, setPage] = useState(0);
  const query = useQuery(hookQueries.versions(hook.id, page));
  const deploy = useDeployHook(hook.id);
  const [target, setTarget] = useState<HookVersion | null>(null);
  const [refusal, setRefusal] = useState<TestGateRefusal | null>(null);
  const inDiff = (n: number) => compared.some((s) => s.kind === 'version' && s.number === n);

  const rollBack = (version: number, force = false) =>
    deploy.mutate(
      { version, force },
      {
        onSuccess: () => {
          setTarget(null);
          setRefusal(null);
          setPage(0);
          toast.success(
            force
              ? `Rolled back to version ${version} anyway`
              : `Rolled back to version ${version}`,
            {
              description: force
                ? 'Its code is live as a new version. Its failing test cases were overridden; the tenant log records it.'
                : 'Its code is live as a new version.',
            },
          );
        },
        onError: (error) => {
          if (!force && isGateRefusal(error)) {
            setTarget(null);
            setRefusal({ action: { kind: 'rollback', version }, error });
          } else toast.error('Could not roll back', { description: errorMessage(error) });
        },
      },
    );

  return (
    <section
      aria-labelledby="hook-versions-heading"
      className="flex min-h-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs"
    >
      <h2
        id="hook-versions-heading"
        className="flex items-center gap-2 border-b border-line px-4 py-2.5 text-[13px] font-medium"
      >
        <History className="size-4 text-muted" aria-hidden />
        Versions
        {query.data && <span className="font-normal text-muted">{query.data.total}</span>}
      </h2>
      {query.isPending ? (
        <div className="p-4">
          <LoadingRows rows={4} />
        </div>
      ) : query.isError ? (
        <div className="p-4">
          <ErrorPanel
            title="Could not load the versions"
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        </div>
      ) : (
        <>
          <ul aria-label="Versions" className="min-h-0 flex-1 divide-y divide-line overflow-y-auto">
            {query.data.versions.map((v) => (
              <li
                key={v.id}
                aria-label={`Version ${v.number}`}
                className={inDiff(v.number) ? 'bg-accent-soft/50 px-4 py-3' : 'px-4 py-3'}
              >
                <div className="flex items-center gap-2">
                  <span className="font-mono text-[13px] font-semibold">v{v.number}</span>
                  {v.live && <Badge tone="success">Live</Badge>}
                  {v.rolled_back_from !== undefined && (
                    <Badge>Rolled back from v{v.rolled_back_from}</Badge>
                  )}
                  {v.change === 'secrets' && <Badge>Secrets changed, same code</Badge>}
                  {v.change === 'settings' && <Badge>Settings changed, same code</Badge>}
                </div>
                <p
                  className="mt-1 truncate text-xs text-muted"
                  title={`${new Date(v.created_at).toISOString()} by ${v.created_by}`}
                >
                  <time dateTime={v.created_at}>{versionTime(v.created_at)}</time> · {v.created_by}
                </p>
                <div className="mt-2 -ml-2.5 flex flex-wrap gap-x-1.5">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      onCompare(
                        { kind: 'version', number: v.number },
                        v.live ? { kind: 'draft' } : { kind: 'live' },
                      )
                    }
                  >
                    <GitCompare className="size-3.5" aria-hidden />
                    {v.live ? 'Compare with draft' : 'Compare with live'}
                  </Button>
                  {!v.live && (
                    <Button size="sm" variant="ghost" onClick={() => setTarget(v)}>
                      <RotateCcw className="size-3.5" aria-hidden />
                      Roll back to this version
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <Pagination
            label="Versions pages"
            page={page}
            perPage={VERSIONS_PAGE}
            total={query.data.total}
            onPageChange={setPage}
          />
        </>
      )}

      <ConfirmDialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={`Roll back to version ${target?.number ?? ''}?`}
        confirmLabel="Roll back"
        danger={hook.enabled}
        pending={deploy.isPending}
        onConfirm={() => target && rollBack(target.number)}
      >
        <p>
          Version {target?.number}’s code and settings become live as a new version; the history
          keeps everything in between.
        </p>
        {hook.enabled ? (
          <p className="font-medium text-fg">
            {hook.name} is enabled: this changes tokens for every application now.
          </p>
        ) : (
          <p>{hook.name} is disabled, so no token changes until it is enabled.</p>
        )}
        {hasDraft && <p>Your saved draft is kept; deploying it later replaces this roll back.</p>}
      </ConfirmDialog>

      <TestGateDialog
        hook={hook}
        refusal={refusal}
        onClose={() => setRefusal(null)}
        onForce={() =>
          refusal?.action.kind === 'rollback' && rollBack(refusal.action.version, true)
        }
        pending={deploy.isPending}
      />
    </section>
  );
}
