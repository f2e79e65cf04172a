import type { ReactNode } from 'react';
import { KeyRound, ToggleRight, TriangleAlert } from 'lucide-react';
import type { Plan } from '@/shared/tenant/plan';

/**
 * What to know before applying: hooks whose secrets must be set by hand, hooks that switch
 * another one off, applications that get a new secret, and what the import drops or skips.
 */
export function PlanNotices({ plan }: { plan: Plan }) {
  const { missingSecrets, hookSwitches, generatedSecrets, warnings } = plan;
  if (missingSecrets.length + hookSwitches.length + generatedSecrets.length + warnings.length === 0)
    return null;
  return (
    <section aria-label="Before you apply" className="space-y-3">
      {missingSecrets.length > 0 && (
        <Callout icon={KeyRound} title="Hook secrets to set">
          <p>
            Exported as <span className="font-mono">_VALUE_NOT_SHOWN_</span>, so no value is stored.
            Set them on the hook’s Secrets tab after the import:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {missingSecrets.map((m) => (
              <li key={m.hook}>
                <span className="font-medium">{m.hook}</span>:{' '}
                <span className="font-mono">{m.names.join(', ')}</span>
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {hookSwitches.length > 0 && (
        <Callout icon={ToggleRight} title="Enabled hooks">
          <p>
            Each extensibility point runs one enabled hook, so enabling a hook switches off the one
            enabled now:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {hookSwitches.map((s) => (
              <li key={s.hook}>
                Enabling <span className="font-medium">{s.hook}</span> disables{' '}
                <span className="font-medium">{s.disables}</span>
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {generatedSecrets.length > 0 && (
        <Callout icon={KeyRound} title="New client secrets">
          <p>
            {generatedSecrets.join(', ')} {generatedSecrets.length === 1 ? 'gets' : 'get'} a
            generated client secret. It is never shown here: read it on the application’s
            Credentials tab after the import.
          </p>
        </Callout>
      )}
      {warnings.length > 0 && (
        <Callout
          icon={TriangleAlert}
          title={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}
        >
          <ul className="list-disc space-y-0.5 pl-5">
            {warnings.map((w) => (
              <li key={w} className="break-words">
                {w}
              </li>
            ))}
          </ul>
        </Callout>
      )}
    </section>
  );
}

function Callout({
  icon: Icon,
  title,
  children,
}: {
  icon: typeof KeyRound;
  title: string;
  children: ReactNode;
}) {
  return (
    <div
      role="note"
      aria-label={title}
      className="flex items-start gap-3 rounded-xl border border-warning-text/25 bg-warning-soft px-4 py-3 text-sm text-fg"
    >
      <Icon className="mt-0.5 size-4 shrink-0 text-warning-text" aria-hidden />
      <div className="min-w-0">
        <p className="font-medium text-warning-text">{title}</p>
        <div className="mt-0.5 text-[13px]">{children}</div>
      </div>
    </div>
  );
}
