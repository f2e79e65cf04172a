import type { ReactNode } from 'react';
import type { ClaimOrigin, DecodedJwt, ScopeDiff, Verification } from '../jwt';
import { ClaimsTable } from './claims-table';
import { EncodedToken } from './encoded-token';
import { JsonPanel } from './json-panel';
import { SignatureStatus } from './signature-status';

interface DecodedTokenProps {
  token: string;
  decoded: DecodedJwt;
  verification: Verification | null | 'pending';
  origins?: Record<string, ClaimOrigin>;
  scopeDiff?: ScopeDiff;
  /** A note above the claims (e.g. which hook ran). */
  claimsNote?: ReactNode;
  /** What the signature was checked against (default: this server's JWKS). */
  keySource?: string;
}

/** jwt.io, inline: the coloured token on the left; header, payload and signature on the right; then every claim explained. */
export function DecodedToken({
  token,
  decoded,
  verification,
  origins,
  scopeDiff,
  claimsNote,
  keySource,
}: DecodedTokenProps) {
  return (
    <div className="space-y-5">
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="min-w-0">
          <EncodedToken token={token} parts={decoded.parts} />
        </div>
        <div className="min-w-0 space-y-3">
          {decoded.header && (
            <JsonPanel
              label="Header: algorithm and token type"
              value={decoded.header}
              copyLabel="Copy header JSON"
              tone="header"
            />
          )}
          {decoded.payload && (
            <JsonPanel
              label="Payload: data"
              value={decoded.payload}
              copyLabel="Copy payload JSON"
              tone="payload"
            />
          )}
          <SignatureStatus verification={verification} keySource={keySource} />
        </div>
      </div>
      {decoded.payload && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Claims</h3>
          {claimsNote}
          <ClaimsTable
            label="Token claims"
            claims={decoded.payload}
            origins={origins}
            scopeDiff={scopeDiff}
          />
        </div>
      )}
    </div>
  );
}
