import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { humanDuration } from '@/web/lib/format';
import type { Verification } from '../jwt';

/** "Signature verified" against the JWKS, or exactly why not. */
export function SignatureStatus({
  verification,
  keySource = '/.well-known/jwks.json',
}: {
  verification: Verification | null | 'pending';
  /** What the signature was checked against, in words. */
  keySource?: string;
}) {
  if (verification === null) return null;
  if (verification === 'pending') {
    return (
      <div
        role="status"
        className="rounded-xl border border-line bg-surface px-4 py-3 text-sm text-muted"
      >
        Verifying the signature…
      </div>
    );
  }
  if (verification.status === 'verified') {
    return (
      <div
        role="status"
        className="flex items-start gap-3 rounded-xl border border-t-[3px] border-line border-t-jwt-signature bg-surface px-4 py-3"
      >
        <ShieldCheck className="mt-0.5 size-5 shrink-0 text-success-text" aria-hidden />
        <div className="min-w-0 text-sm">
          <p className="font-semibold text-success-text">Signature verified</p>
          <p className="mt-0.5 text-muted">
            {verification.alg}
            {verification.kid !== null && (
              <>
                {' '}
                with key <span className="font-mono text-[12px] break-all">{verification.kid}</span>
              </>
            )}{' '}
            from <span className="font-mono text-[12px] break-all">{keySource}</span>, checked in
            this browser.
          </p>
          {verification.expiredAt !== null && (
            <p className="mt-1 font-medium text-warning-text">
              But the token expired {humanDuration(Date.now() - verification.expiredAt * 1000)} ago:
              APIs will refuse it.
            </p>
          )}
        </div>
      </div>
    );
  }
  return (
    <div
      role="status"
      className="flex items-start gap-3 rounded-xl border border-danger/30 bg-danger-soft px-4 py-3"
    >
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-danger-text" aria-hidden />
      <div className="text-sm">
        <p className="font-semibold text-danger-text">Signature not verified</p>
        <p className="mt-0.5 text-danger-text/90">{verification.reason}</p>
      </div>
    </div>
  );
}
