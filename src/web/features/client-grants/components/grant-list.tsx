import type { ReactNode } from 'react';
import type { ClientGrant } from '@/shared/schemas/client-grant';
import { GrantRow, type GrantTarget } from './grant-row';

interface GrantListProps {
  /** One row per application (on an API) or per API (on an application). */
  targets: GrantTarget[];
  grants: ClientGrant[];
  /** What to say when a row's API has no scopes (e.g. a link to its Scopes tab). */
  noScopes: (target: GrantTarget) => ReactNode;
}

/** The "Authorized" switch and scope checklist per pair, as on Auth0's Machine to Machine tab. */
export function GrantList({ targets, grants, noScopes }: GrantListProps) {
  const byPair = new Map(grants.map((g) => [`${g.client_id}\n${g.audience}`, g]));
  return (
    <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-surface shadow-xs">
      {targets.map((target) => (
        <li key={target.key}>
          <GrantRow target={target} grant={byPair.get(`${target.client_id}\n${target.audience}`)} noScopes={noScopes(target)} />
        </li>
      ))}
    </ul>
  );
}
