import { useState, type ReactNode } from 'react';
import { toast } from '@/web/lib/toast';
import type { Hook } from '@/shared/schemas/hook';
import { Switch } from '@/web/components/ui/switch';
import { errorMessage } from '@/web/lib/query-client';
import { useSetHookEnabled } from '../api';
import { isGateRefusal } from '../gate';
import { TestGateDialog, type TestGateRefusal } from './test-gate-dialog';

interface HookEnableSwitchProps {
  hook: Hook;
  /** Text beside the switch; the whole label then toggles it. */
  label?: ReactNode;
  className?: string;
}

/**
 * The hook's on/off switch, wherever it is shown. When failing test cases refuse enabling, the
 * switch goes back to off and a dialog names the cases, with "Enable anyway" (audited).
 */
export function HookEnableSwitch({ hook, label, className }: HookEnableSwitchProps) {
  const setEnabled = useSetHookEnabled();
  const [refusal, setRefusal] = useState<TestGateRefusal | null>(null);

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

  const control = (
    <Switch
      checked={hook.enabled}
      onCheckedChange={(on) => set(on)}
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
