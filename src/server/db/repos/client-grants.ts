import type { Kysely } from 'kysely';
import type { ClientGrant } from '@/shared/schemas/client-grant';
import type { ResourceServer, ResourceServerScope } from '@/shared/schemas/resource-server';
import { badRequest, conflict } from '../../errors';
import { newClientGrantId } from '../../ids';
import type { ChangeBus } from '../changes';
import { isUniqueViolation } from '../errors';
import type { Database } from '../schema';
import type { Page, PageRequest } from './paging';

export interface GrantFilter {
  client_id?: string | undefined;
  audience?: string | undefined;
}

/** Every scope must be defined on the API the grant is for. */
function assertScopesDefined(identifier: string, scopes: ResourceServerScope[], scope: string[]) {
  const defined = new Set(scopes.map((s) => s.value));
  const unknown = scope.filter((s) => !defined.has(s));
  if (unknown.length > 0) {
    throw badRequest(
      `Payload validation error: scope ${unknown.map((s) => `'${s}'`).join(', ')} not defined on the resource server ${identifier}.`,
    );
  }
}

export class ClientGrantRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
  ) {}

  /** Grants joined with their API's identifier, which the wire shape calls `audience`. */
  #select(filter: GrantFilter) {
    let q = this.db
      .selectFrom('client_grants as g')
      .innerJoin('resource_servers as rs', 'rs.id', 'g.resource_server_id')
      .select([
        'g.id',
        'g.client_id',
        'rs.identifier as audience',
        'g.scope',
        'g.auth0_fields',
        'g.created_at',
      ]);
    if (filter.client_id !== undefined) q = q.where('g.client_id', '=', filter.client_id);
    if (filter.audience !== undefined) q = q.where('rs.identifier', '=', filter.audience);
    return q;
  }

  async list(filter: GrantFilter, { page, per_page }: PageRequest): Promise<Page<ClientGrant>> {
    const [rows, total] = await Promise.all([
      this.#select(filter)
        .orderBy('g.created_at')
        .orderBy('g.id')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      this.#count(filter),
    ]);
    return { items: rows.map(toGrant), total };
  }

  /** Without an audience the count needs no join: a grant's API always exists (ON DELETE CASCADE). */
  async #count(filter: GrantFilter): Promise<number> {
    let q = this.db.selectFrom('client_grants as g');
    if (filter.client_id !== undefined) q = q.where('g.client_id', '=', filter.client_id);
    if (filter.audience !== undefined) {
      q = q
        .innerJoin('resource_servers as rs', 'rs.id', 'g.resource_server_id')
        .where('rs.identifier', '=', filter.audience);
    }
    const { n } = await q
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Checkpoint paging (Auth0's `from`/`take`): ordered by id; `next` is the id to start from. */
  async listFrom(filter: GrantFilter, from: string | undefined, take: number) {
    let q = this.#select(filter)
      .orderBy('g.id')
      .limit(take + 1);
    if (from !== undefined) q = q.where('g.id', '>=', from);
    const rows = await q.execute();
    const next = rows.length > take ? rows[take]!.id : undefined;
    return { items: rows.slice(0, take).map(toGrant), next };
  }

  async get(id: string): Promise<ClientGrant | undefined> {
    const row = await this.#select({}).where('g.id', '=', id).executeTakeFirst();
    return row && toGrant(row);
  }

  /**
   * Scopes granted to a client on an API (by the API's id), or undefined without a grant. A grant
   * with `allow_all_scopes` grants every scope the API defines.
   */
  async scopesFor(clientId: string, resourceServerId: string): Promise<string[] | undefined> {
    const row = await this.db
      .selectFrom('client_grants as g')
      .innerJoin('resource_servers as rs', 'rs.id', 'g.resource_server_id')
      .select(['g.scope', 'g.auth0_fields', 'rs.scopes'])
      .where('g.client_id', '=', clientId)
      .where('g.resource_server_id', '=', resourceServerId)
      .executeTakeFirst();
    if (!row) return undefined;
    if (
      (JSON.parse(row.auth0_fields) as { allow_all_scopes?: unknown }).allow_all_scopes === true
    ) {
      return (JSON.parse(row.scopes) as ResourceServerScope[]).map((s) => s.value);
    }
    return JSON.parse(row.scope) as string[];
  }

  /** `fields`: the Auth0 fields to store as sent (`subject_type`, organizations, …). */
  async create(
    clientId: string,
    api: ResourceServer,
    scope: string[],
    fields: Record<string, unknown> = {},
  ): Promise<ClientGrant> {
    assertScopesDefined(api.identifier, api.scopes, scope);
    const row = {
      id: newClientGrantId(),
      client_id: clientId,
      resource_server_id: api.id,
      scope: JSON.stringify(scope),
      auth0_fields: JSON.stringify(definedOnly(fields)),
      created_at: new Date().toISOString(),
    };
    try {
      await this.db.insertInto('client_grants').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(
          'client_grant_conflict',
          'A client grant for this client and audience already exists',
        );
      throw err;
    }
    this.changes.publish({ entity: 'client_grant', id: row.id });
    return toGrant({ ...row, audience: api.identifier });
  }

  /**
   * Replaces a grant's scopes (when given) and sets the given Auth0 fields; the check against its
   * API and the write are one transaction.
   */
  async update(
    id: string,
    scope: string[] | undefined,
    fields: Record<string, unknown> = {},
  ): Promise<ClientGrant | undefined> {
    const found = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('client_grants as g')
        .innerJoin('resource_servers as rs', 'rs.id', 'g.resource_server_id')
        .select(['rs.identifier', 'rs.scopes', 'g.auth0_fields'])
        .where('g.id', '=', id)
        .executeTakeFirst();
      if (!row) return false;
      const values: { scope?: string; auth0_fields?: string } = {};
      if (scope !== undefined) {
        assertScopesDefined(row.identifier, JSON.parse(row.scopes) as ResourceServerScope[], scope);
        values.scope = JSON.stringify(scope);
      }
      const defined = definedOnly(fields);
      if (Object.keys(defined).length > 0) {
        values.auth0_fields = JSON.stringify({
          ...(JSON.parse(row.auth0_fields) as Record<string, unknown>),
          ...defined,
        });
      }
      if (Object.keys(values).length > 0)
        await trx.updateTable('client_grants').set(values).where('id', '=', id).execute();
      return true;
    });
    if (!found) return undefined;
    this.changes.publish({ entity: 'client_grant', id });
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('client_grants')
      .where('id', '=', id)
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) this.changes.publish({ entity: 'client_grant', id });
    return deleted;
  }

  /** Creates the grant or sets its scopes (the bootstrap client on the Management API). */
  async upsert(clientId: string, api: ResourceServer, scope: string[]): Promise<void> {
    const existing = await this.db
      .selectFrom('client_grants')
      .select('id')
      .where('client_id', '=', clientId)
      .where('resource_server_id', '=', api.id)
      .executeTakeFirst();
    if (existing) await this.update(existing.id, scope);
    else await this.create(clientId, api, scope);
  }
}

const definedOnly = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

function toGrant(row: {
  id: string;
  client_id: string;
  audience: string;
  scope: string;
  auth0_fields: string;
}): ClientGrant {
  return {
    id: row.id,
    client_id: row.client_id,
    audience: row.audience,
    scope: JSON.parse(row.scope) as string[],
    ...(JSON.parse(row.auth0_fields) as Record<string, unknown>),
  };
}
