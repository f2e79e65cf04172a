import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from '@/web/lib/toast';
import type { Hook } from '@/shared/schemas/hook';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { Switch } from '@/web/components/ui/switch';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries } from '@/web/data/hooks/queries';
import { useSetHookEnabled } from '@/web/data/hooks/mutations';
import { liveRival } from '@/web/data/hooks/enable';
import { isGateRefusal } from '../gate';
import { TestGateDialog, type TestGateRefusal } from './test-gate-dialog';

interface HookEnableSwitchProps {
  hook: Hook;
  /** Text beside the switch; the whole label then toggles it. */
  label?: ReactNode;
  className?: string;
}

/**
 * The hook's on/off switch, wherever it is shown. Enabling it while another hook is live on the
 * same point asks first, naming both (only one hook per point runs). When failing test cases refuse
 * enabling, the switch goes back to off and a dialog names the cases, with "Enable anyway" (audited).
 */
export function HookEnableSwitch({ hook, label, className }: HookEnableSwitchProps) {
  const setEnabled = useSetHookEnabled();
  const [refusal, setRefusal] = useState<TestGateRefusal | null>(null);
  const [replacing, setReplacing] = useState<Hook | null>(null);
  const qc = useQueryClient();

  const set = (on: boolean, force = false) =>
    setEnabled.mutate(
      { hook, enabled: on, force },
      {
        onSuccess: () => {
          setRefusal(null);
          if (force)
            toast.success(`“${hook.name}” enabled anyway`, {
              description: 'Its failing test cases were overridden; the tenant log records it.',
            });
        },
        onError: (error) => {
          if (on && !force && isGateRefusal(error))
            setRefusal({ action: { kind: 'enable' }, error });
          else
            toast.error(`Could not ${on ? 'enable' : 'disable'} “${hook.name}”`, {
              description: errorMessage(error),
            });
        },
      },
    );

  const toggle = async (on: boolean) => {
    if (!on) return set(false);
    const hooks = await qc.ensureQueryData(hookQueries.list()).catch(() => []);
    const rival = liveRival(hooks, hook);
    if (rival) setReplacing(rival);
    else set(true);
  };

  const control = (
    <Switch
      checked={hook.enabled}
      onCheckedChange={(on) => void toggle(on)}
      aria-label={`Enable ${hook.name}`}
      title={label ? undefined : hook.enabled ? 'Disable' : 'Enable'}
    />
  );
  return (
    <>
      {label ? (
        <label className={className}>
          {label}
          {control}
        </label>
      ) : (
        control
      )}
      <ConfirmDialog
        open={replacing !== null}
        onClose={() => setReplacing(null)}
        title={`Enable ${hook.name}?`}
        confirmLabel="Enable"
        danger
        onConfirm={() => {
          setReplacing(null);
          set(true);
        }}
      >
        <p className="font-medium text-fg">
          It replaces {replacing?.name} as the live hook for every application.
        </p>
        <p>
          Only one hook runs on each extensibility point, so {replacing?.name} is disabled. New
          tokens use {hook.name} from the next exchange.
        </p>
      </ConfirmDialog>
      <TestGateDialog
        hook={hook}
        refusal={refusal}
        onClose={() => setRefusal(null)}
        onForce={() => set(true, true)}
        pending={setEnabled.isPending}
      />
    </>
  );
}
