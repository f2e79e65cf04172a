import type { ReactNode } from 'react';
import { Webhook } from 'lucide-react';
import { hookPoint } from '@/shared/hook-points';
import type { Hook } from '@/shared/schemas/hook';
import { Badge } from '@/web/components/ui/badge';
import { HookEnableSwitch } from './hook-enable-switch';

interface HookWorkspaceHeaderProps {
  hook: Hook;
  /** Whether the draft (saved or in the editor) differs from the live code. */
  differsFromLive: boolean;
  /** The action buttons, beside the title. */
  actions: ReactNode;
}

/** The hook's name, draft state, extensibility point and enabled switch, with the actions. */
export function HookWorkspaceHeader({ hook, differsFromLive, actions }: HookWorkspaceHeaderProps) {
  const point = hookPoint(hook.triggerId);
  return (
    // From lg the title truncates beside one row of actions; narrower, the actions wrap below it.
    <div className="mb-5 flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
      <div className="flex min-w-0 items-start gap-4 lg:flex-1">
        <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-text">
          <Webhook className="size-6" aria-hidden />
        </span>
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight">{hook.name}</h1>
            <span role="status" aria-label="Draft state" className="shrink-0">
              {/* A disabled hook's saved code is not live anywhere: say "saved", not "live". */}
              {differsFromLive ? (
                <Badge tone="warning">
                  {hook.enabled ? 'Draft differs from live' : 'Draft differs from saved'}
                </Badge>
              ) : (
                <Badge tone={hook.enabled ? 'success' : 'neutral'}>
                  {hook.enabled ? 'Live' : 'Saved (not live)'}
                </Badge>
              )}
            </span>
          </div>
          <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1.5">
            <Badge tone="accent">{point.displayName}</Badge>
            {!point.triggered && <Badge tone="warning">Not triggered yet</Badge>}
            <p className="text-sm text-muted">
              {hook.enabled
                ? 'Enabled: runs for every application and API.'
                : 'Disabled: it runs only in the Runner.'}
              {hook.version !== undefined && ` Current version: v${hook.version}.`}
            </p>
            <HookEnableSwitch
              hook={hook}
              label="Enabled"
              className="flex items-center gap-2 text-[13px] text-muted"
            />
          </div>
        </div>
      </div>
      {actions}
    </div>
  );
}
