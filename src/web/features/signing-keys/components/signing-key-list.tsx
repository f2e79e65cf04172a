import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import type { SigningKeyInfo } from '@/shared/schemas/signing-key';
import { ErrorPanel } from '@/web/components/error-panel';
import { Badge } from '@/web/components/ui/badge';
import { CopyButton } from '@/web/components/ui/copy-button';
import { EmptyState } from '@/web/components/ui/empty-state';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { Table } from '@/web/components/ui/table';
import { tableStyles } from '@/web/components/ui/table-styles';
import { localDateTime, timeAgo } from '@/web/lib/format';
import { signingKeyQueries } from '@/web/data/signing-keys/queries';

/** Current keys first, then previous ones, each newest first. */
const order = (k: SigningKeyInfo) => (k.current ? 0 : k.previous ? 1 : 2);

/** The keys that sign tokens and those still published to verify older ones. */
export function SigningKeyList() {
  const query = useQuery(signingKeyQueries.list());
  if (query.isPending) return <LoadingRows rows={2} label="Loading signing keys" />;
  if (query.isError)
    return (
      <ErrorPanel
        title="Could not load the signing keys"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  if (query.data.length === 0) {
    return (
      <EmptyState icon={KeyRound} title="No signing keys yet">
        Tokenhook creates a key the first time it signs a token.
      </EmptyState>
    );
  }
  const keys = [...query.data].sort(
    (a, b) => order(a) - order(b) || b.current_since.localeCompare(a.current_since),
  );
  return (
    <Table label="Signing keys">
      <thead className={tableStyles.head}>
        <tr>
          <th scope="col" className={tableStyles.th}>
            Key ID
          </th>
          <th scope="col" className={tableStyles.th}>
            Status
          </th>
          <th scope="col" className={tableStyles.th}>
            Algorithm
          </th>
          <th scope="col" className={tableStyles.th}>
            Signing since
          </th>
          <th scope="col" className={tableStyles.th}>
            Signing until
          </th>
          <th scope="col" className={tableStyles.th}>
            Public key
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.kid} className={tableStyles.row}>
            <td className={`${tableStyles.td} max-w-80`}>
              <span className="flex items-center gap-1">
                <span className="truncate font-mono text-[13px] text-fg" title={key.kid}>
                  {key.kid}
                </span>
                <CopyButton
                  value={key.thumbprint}
                  label={`Copy thumbprint of ${key.kid}`}
                  size="sm"
                />
              </span>
              {key.thumbprint !== key.kid && (
                <span
                  className="block truncate font-mono text-xs text-muted"
                  title={key.thumbprint}
                >
                  Thumbprint {key.thumbprint}
                </span>
              )}
            </td>
            <td className={tableStyles.td}>
              {key.current ? (
                <Badge tone="success">Current</Badge>
              ) : key.previous ? (
                <Badge>Previous</Badge>
              ) : (
                <Badge tone="warning">Retired</Badge>
              )}
            </td>
            <td className={tableStyles.td}>
              <Badge tone="accent">{key.alg}</Badge>
            </td>
            <td className={tableStyles.td}>
              <When iso={key.current_since} />
            </td>
            <td className={tableStyles.td}>
              {key.current_until ? (
                <When iso={key.current_until} />
              ) : (
                <span className="text-muted">—</span>
              )}
            </td>
            <td className={`${tableStyles.td} whitespace-nowrap`}>
              <span className="inline-flex items-center gap-1 text-[13px] text-muted">
                PEM
                <CopyButton
                  value={key.pem}
                  label={`Copy public key (PEM) of ${key.kid}`}
                  size="sm"
                />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function When({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()} className="block">
      <span className="block text-fg">{timeAgo(date)}</span>
      <span className="block text-xs text-muted">{localDateTime(date)}</span>
    </time>
  );
}
