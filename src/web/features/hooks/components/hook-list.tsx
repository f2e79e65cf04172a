import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { Pencil, Plus, Trash2, Webhook } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { hookPoints, type HookPoint } from '@/shared/hook-points';
import type { Hook, HookTrigger } from '@/shared/schemas/hook';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { IconButton } from '@/web/components/ui/icon-button';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { hookQueries } from '@/web/data/hooks/queries';
import { useDeleteHook } from '@/web/data/hooks/mutations';
import { HookEnableSwitch } from './hook-enable-switch';

/** The five extensibility points in Auth0's order, each with its hooks. */
export function HookList({ onCreate }: { onCreate: (triggerId: HookTrigger) => void }) {
  const query = useQuery(hookQueries.list());
  if (query.isPending) return <LoadingRows label="Loading hooks" rows={5} />;
  if (query.isError)
    return (
      <ErrorPanel
        title="Could not load the hooks"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  return (
    <div className="space-y-5">
      {hookPoints.map((point) => (
        <PointSection
          key={point.triggerId}
          point={point}
          hooks={query.data.filter((h) => h.triggerId === point.triggerId)}
          onCreate={() => onCreate(point.triggerId)}
        />
      ))}
    </div>
  );
}

function PointSection({
  point,
  hooks,
  onCreate,
}: {
  point: HookPoint;
  hooks: Hook[];
  onCreate: () => void;
}) {
  const headingId = `point-${point.triggerId}`;
  const enabled = hooks.find((h) => h.enabled);
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-line bg-surface shadow-xs"
    >
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-line px-6 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="text-[15px] font-semibold">
              {point.displayName}
            </h2>
            <span className="font-mono text-xs text-faint">{point.triggerId}</span>
            {!point.triggered && <Badge tone="warning">Not triggered yet</Badge>}
          </div>
          <p className="mt-0.5 max-w-2xl text-[13px] text-muted">
            {point.triggered
              ? point.description
              : 'Nothing triggers this point yet: Tokenhook has no users or phone messages. Hooks here are stored and can be tried in the Runner.'}
          </p>
        </div>
        <div className="flex items-center gap-3">
          {hooks.length > 0 && (
            <span className="text-[13px] text-muted">
              {enabled ? (
                <>
                  Running: <span className="font-medium text-fg">{enabled.name}</span>
                </>
              ) : (
                'None enabled'
              )}
            </span>
          )}
          <Button size="sm" onClick={onCreate} aria-label={`Create a ${point.displayName} hook`}>
            <Plus className="size-3.5" aria-hidden />
            Create
          </Button>
        </div>
      </header>
      {hooks.length === 0 ? (
        <p className="px-6 py-4 text-sm text-faint">No hooks yet.</p>
      ) : (
        <ul aria-label={`${point.displayName} hooks`}>
          {hooks.map((hook) => (
            <HookRow key={hook.id} hook={hook} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HookRow({ hook }: { hook: Hook }) {
  const navigate = useNavigate();
  const remove = useDeleteHook();
  const [confirming, setConfirming] = useState(false);

  return (
    <li className="flex items-center gap-4 border-t border-line px-6 py-3 first:border-t-0 hover:bg-subtle/50">
      <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent-text">
        <Webhook className="size-4" aria-hidden />
      </span>
      <div className="flex min-w-0 flex-1 items-center gap-2">
        <Link
          to={`/hooks/${hook.id}`}
          className="truncate font-medium text-fg hover:text-accent-text hover:underline"
        >
          {hook.name}
        </Link>
        {hook.enabled && (
          <Badge tone="success">
            <span className="size-1.5 rounded-full bg-current" aria-hidden />
            Enabled
          </Badge>
        )}
        {hook.draft?.differs_from_live && (
          <span title="A saved draft differs from the live code; it reaches no token until it is deployed">
            <Badge tone="warning">Draft not live</Badge>
          </span>
        )}
      </div>
      <HookEnableSwitch hook={hook} />
      <div className="flex items-center gap-1">
        {/* Auth0's pencil-and-paper icon: a button, as the dashboard had it, that opens the editor. */}
        <IconButton
          label={`Edit ${hook.name}`}
          title="Edit"
          onClick={() => void navigate(`/hooks/${hook.id}`)}
        >
          <Pencil className="size-4" aria-hidden />
        </IconButton>
        <IconButton
          danger
          label={`Delete ${hook.name}`}
          title="Delete"
          onClick={() => setConfirming(true)}
        >
          <Trash2 className="size-4" aria-hidden />
        </IconButton>
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Delete hook?"
        confirmLabel="Delete hook"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(hook.id, {
            onSuccess: () => {
              setConfirming(false);
              toast.success(`Hook “${hook.name}” deleted`);
            },
          })
        }
      >
        <p>
          <span className="font-medium text-fg">{hook.name}</span>, its secrets and its logs will be
          deleted.
          {hook.enabled && ' It is enabled: tokens are issued without it from now on.'} This cannot
          be undone.
        </p>
      </ConfirmDialog>
    </li>
  );
}
