import { CircleAlert } from 'lucide-react';
import { Badge } from '@/web/components/ui/badge';
import type { TokenTestRun } from '../api';
import { attributeOAuthError, isOAuthError, type OAuthErrorBody } from '../oauth-error';
import { JsonPanel } from './json-panel';

/** Status, and the OAuth error in plain words before the body itself. */
export function ResponseView({ run }: { run: TokenTestRun }) {
  const ok = run.status >= 200 && run.status < 300;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted">Status</span>
        <Badge tone={ok ? 'success' : 'warning'} className="font-mono">
          {run.status} {run.statusText}
        </Badge>
        <span className="text-[13px] text-muted">in {run.durationMs} ms</span>
      </p>
      {!ok && isOAuthError(run.body) && <OAuthErrorAlert run={run} body={run.body} />}
      <JsonPanel label="Response body" value={run.body} copyLabel="Copy response body" />
    </div>
  );
}

/** The OAuth error, put down to the request, the grant or the hook (named, with its message). */
function OAuthErrorAlert({ run, body }: { run: TokenTestRun; body: OAuthErrorBody }) {
  const { headline, detail } = attributeOAuthError({
    status: run.status,
    body,
    retryAfter: run.retryAfter,
    hookName: run.hook?.name,
    execution: run.execution && 'record' in run.execution ? run.execution.record : null,
  });
  return (
    <div
      role="alert"
      className="flex items-start gap-2.5 rounded-lg border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger-text"
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0 space-y-1">
        <p className="font-semibold break-words">{headline}</p>
        {detail && <p className="break-words">{detail}</p>}
        <p className="text-[13px] text-danger-text/80">
          OAuth error <span className="font-mono">{body.error}</span> (HTTP {run.status})
        </p>
      </div>
    </div>
  );
}
