import type { HookLogLine, HookTryResponse } from '@/shared/schemas/hook';
import { Badge } from '@/web/components/ui/badge';
import { cn } from '@/web/lib/cn';
import { oauthOutcome, outcomeReason } from '../outcome';

/**
 * One Runner result: the outcome in the token endpoint's words, what the token would get, the
 * console. Its duration is in the run's heading.
 */
export function RunResult({ response }: { response: HookTryResponse }) {
  const outcome = oauthOutcome(response);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <OutcomeBadge response={response} />
        {!outcome.ok && response.outcome !== 'error' && (
          <span className="text-[13px] text-muted">{outcomeReason[response.outcome]}</span>
        )}
        {response.error_name && (
          <span className="font-mono text-xs text-muted">{response.error_name}</span>
        )}
      </div>
      {response.message && (
        <p
          className={cn(
            'rounded-lg px-3 py-2 text-[13px]',
            outcome.ok ? 'bg-subtle text-fg' : 'bg-danger-soft text-danger-text',
          )}
        >
          {response.message}
        </p>
      )}
      {outcome.ok &&
        (response.token_preview ? (
          <TokenPreview preview={response.token_preview} />
        ) : (
          <JsonBlock label="Result" value={response.result ?? null} />
        ))}
      <ConsoleOutput lines={response.logs} />
    </div>
  );
}

export function OutcomeBadge({
  response,
}: {
  response: Pick<HookTryResponse, 'outcome' | 'error_name'>;
}) {
  const outcome = oauthOutcome(response);
  return outcome.ok ? (
    <Badge tone="success">Success</Badge>
  ) : (
    <span className="inline-flex items-center gap-1 rounded-md bg-danger-soft px-1.5 py-0.5 font-mono text-xs font-medium text-danger-text ring-1 ring-danger/25 ring-inset">
      {outcome.status} {outcome.label}
    </span>
  );
}

function TokenPreview({ preview }: { preview: NonNullable<HookTryResponse['token_preview']> }) {
  const claims = Object.entries(preview.claims);
  return (
    <div>
      <p className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">
        The token would carry
      </p>
      <dl className="divide-y divide-line rounded-lg border border-line text-[13px]">
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-3 px-3 py-2">
          <dt className="font-mono text-muted">scope</dt>
          <dd className="font-mono break-words">
            {preview.scope.length ? (
              preview.scope.join(' ')
            ) : (
              <span className="text-faint">(none)</span>
            )}
          </dd>
        </div>
        {claims.map(([name, value]) => (
          <div key={name} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-3 px-3 py-2">
            <dt className="font-mono break-all text-muted">{name}</dt>
            <dd className="font-mono break-words">{JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">{label}</p>
      <pre className="max-h-56 overflow-auto rounded-lg bg-code p-3 font-mono text-xs leading-relaxed text-code-fg">
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

const levelStyle: Record<HookLogLine['level'], string> = {
  log: 'text-code-fg',
  info: 'text-sky-300',
  debug: 'text-code-fg/60',
  warn: 'text-amber-300',
  error: 'text-red-300',
};

/** What the hook printed with `console.*` (a level it does not know is shown as `log`). */
export function ConsoleOutput({
  lines,
  label = 'Console output',
}: {
  lines: { level: string; message: string }[];
  label?: string;
}) {
  return (
    <section aria-label={label}>
      <p aria-hidden className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">
        {label}
      </p>
      <pre className="max-h-56 overflow-auto rounded-lg bg-code p-3 font-mono text-xs leading-relaxed">
        {lines.length === 0 ? (
          <span className="text-code-fg/50">Nothing was printed.</span>
        ) : (
          lines.map((line, i) => (
            <div
              key={i}
              className={cn(
                'break-words whitespace-pre-wrap',
                levelStyle[line.level as HookLogLine['level']] ?? levelStyle.log,
              )}
            >
              {line.level !== 'log' && <span className="mr-2 text-code-fg/50">{line.level}</span>}
              {line.message}
            </div>
          ))
        )}
      </pre>
    </section>
  );
}
