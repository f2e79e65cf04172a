import { Badge } from '@/web/components/ui/badge';
import { Table } from '@/web/components/ui/table';
import { tableStyles } from '@/web/components/ui/table-styles';
import { humanDuration, localDateTime, utcDateTime } from '@/web/lib/format';
import { CLAIM_DESCRIPTIONS, TIME_CLAIMS, type ClaimOrigin, type ScopeDiff } from '../jwt';

interface ClaimsTableProps {
  label: string;
  claims: Record<string, unknown>;
  /** Omitted for a pasted token: nothing to compare with. */
  origins?: Record<string, ClaimOrigin>;
  scopeDiff?: ScopeDiff;
  now?: number;
}

/** Each claim with its value in words (times in local, UTC and relative) and what it means. */
export function ClaimsTable({
  label,
  claims,
  origins,
  scopeDiff,
  now = Date.now(),
}: ClaimsTableProps) {
  return (
    <Table label={label}>
      <thead className={tableStyles.head}>
        <tr>
          <th scope="col" className={tableStyles.th}>
            Claim
          </th>
          <th scope="col" className={tableStyles.th}>
            Value
          </th>
          <th scope="col" className={tableStyles.th}>
            Meaning
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(claims).map(([name, value]) => {
          const origin = origins?.[name];
          return (
            <tr
              key={name}
              className={
                origin === 'hook-added' || origin === 'hook-changed'
                  ? 'border-t border-line bg-accent-soft/60'
                  : tableStyles.row
              }
            >
              <th scope="row" className={`${tableStyles.td} w-56 text-left align-top font-normal`}>
                <span className="font-mono text-[13px] font-medium break-all text-fg">{name}</span>
                {(origin === 'hook-added' || origin === 'hook-changed') && (
                  <span className="mt-1 block">
                    <Badge tone="accent">
                      {origin === 'hook-added' ? 'Added by hook' : 'Changed by hook'}
                    </Badge>
                  </span>
                )}
              </th>
              <td className={`${tableStyles.td} align-top`}>
                <ClaimValue
                  name={name}
                  value={value}
                  scopeDiff={name === 'scope' ? scopeDiff : undefined}
                  now={now}
                />
              </td>
              <td className={`${tableStyles.td} align-top text-[13px] text-muted`}>
                {CLAIM_DESCRIPTIONS[name] ??
                  (origin === 'hook-added' ? 'Custom claim set by the hook' : 'Custom claim')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function ClaimValue({
  name,
  value,
  scopeDiff,
  now,
}: {
  name: string;
  value: unknown;
  scopeDiff?: ScopeDiff;
  now: number;
}) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    const date = new Date(value * 1000);
    const delta = date.getTime() - now;
    const relative =
      Math.abs(delta) < 5_000
        ? 'just now'
        : name === 'exp'
          ? delta > 0
            ? `expires in ${humanDuration(delta)}`
            : `expired ${humanDuration(delta)} ago`
          : delta > 0
            ? `in ${humanDuration(delta)}`
            : `${humanDuration(delta)} ago`;
    return (
      <div className="space-y-0.5">
        <div className="font-mono text-[13px] text-fg">{value}</div>
        <div className="text-[13px] text-fg">{localDateTime(date)}</div>
        <div className="text-xs text-muted">
          {utcDateTime(date)} · {relative}
        </div>
      </div>
    );
  }
  if (name === 'scope' && typeof value === 'string') {
    const scopes = value.split(' ').filter(Boolean);
    return (
      <div>
        <div className="font-mono text-[13px] break-all text-fg">
          {value || <span className="text-muted">(no scopes)</span>}
        </div>
        {scopeDiff && (scopeDiff.added.length > 0 || scopeDiff.removed.length > 0) && (
          <ul aria-label="Scope changes by the hook" className="mt-1.5 flex flex-wrap gap-1.5">
            {scopes
              .filter((s) => scopeDiff.added.includes(s))
              .map((s) => (
                <li key={`+${s}`}>
                  <Badge tone="accent">
                    <span className="font-mono">{s}</span> added by hook
                  </Badge>
                </li>
              ))}
            {scopeDiff.removed.map((s) => (
              <li key={`-${s}`}>
                <Badge tone="warning">
                  <span className="font-mono">{s}</span> removed by hook
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <span className="font-mono text-[13px] break-all whitespace-pre-wrap text-fg">
      {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
    </span>
  );
}
