import { useId } from 'react';
import { CopyButton } from '@/web/components/ui/copy-button';
import type { DecodedJwt } from '../jwt';

/** The token as jwt.io shows it: header red, payload purple, signature blue. */
export function EncodedToken({ token, parts }: { token: string; parts: DecodedJwt['parts'] }) {
  const captionId = useId();
  return (
    <figure
      aria-labelledby={captionId}
      className="overflow-hidden rounded-xl border border-line bg-surface"
    >
      <div className="flex items-center justify-between border-b border-line py-1 pr-1.5 pl-4">
        <span id={captionId} className="text-xs font-medium text-muted">
          Encoded token
        </span>
        <CopyButton value={token} label="Copy access token" size="sm" />
      </div>
      <pre className="p-4 font-mono text-[13px] leading-relaxed break-all whitespace-pre-wrap">
        <code>
          <span className="text-jwt-header">{parts.header}</span>
          <span className="text-muted">.</span>
          <span className="text-jwt-payload">{parts.payload}</span>
          {(parts.signature || token.split('.').length > 2) && (
            <span className="text-muted">.</span>
          )}
          <span className="text-jwt-signature">{parts.signature}</span>
        </code>
      </pre>
    </figure>
  );
}
