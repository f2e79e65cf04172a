import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Client, clientCreateSchema, clientUpdateSchema } from '@/shared/schemas/client';
import { conflict } from '../../errors';
import type { SecretBox } from '../../crypto/secret-box';
import { newClientId, newClientSecret } from '../../ids';
import type { ChangeBus } from '../changes';
import { isUniqueViolation } from '../errors';
import type { ClientTable, Database } from '../schema';
import type { Page, PageRequest } from './paging';

type Row = Selectable<ClientTable>;
type CreateInput = z.output<typeof clientCreateSchema>;
type UpdateInput = z.output<typeof clientUpdateSchema>;

/** The Auth0 fields of an input: everything that is not a column of its own. */
function auth0FieldsOf(input: CreateInput | UpdateInput): Record<string, unknown> {
  const {
    name: _n,
    description: _d,
    app_type: _a,
    is_first_party: _f,
    grant_types: _g,
    token_endpoint_auth_method: _t,
    client_metadata: _m,
    ...rest
  } = input;
  const { client_secret: _s, ...fields } = rest as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** Additional authenticated data binding a sealed secret to its client. */
const secretAad = (clientId: string) => `client_secret:${clientId}`;

export class ClientRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
    private readonly box: SecretBox,
    private readonly tenant: string,
  ) {}

  /** Maps a row to the wire shape; the secret is decrypted only when asked for. */
  toClientResponse(row: Row, withSecret: boolean): Client {
    const client: Client = {
      client_id: row.client_id,
      tenant: this.tenant,
      name: row.name,
      description: row.description,
      app_type: row.app_type as Client['app_type'],
      is_first_party: row.is_first_party === 1,
      grant_types: JSON.parse(row.grant_types) as string[],
      token_endpoint_auth_method:
        row.token_endpoint_auth_method as Client['token_endpoint_auth_method'],
      client_metadata: JSON.parse(row.client_metadata) as Record<string, string>,
      ...(JSON.parse(row.auth0_fields) as Record<string, unknown>),
    };
    if (withSecret)
      client.client_secret = this.box.open(row.client_secret_enc, secretAad(row.client_id));
    return client;
  }

  async list({ page, per_page }: PageRequest, withSecret: boolean): Promise<Page<Client>> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('clients')
        .selectAll()
        .orderBy('created_at')
        .orderBy('client_id')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      this.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => this.toClientResponse(r, withSecret)), total: Number(count.n) };
  }

  async get(clientId: string, withSecret: boolean): Promise<Client | undefined> {
    const row = await this.db
      .selectFrom('clients')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && this.toClientResponse(row, withSecret);
  }

  /**
   * Creates a client with a generated id and secret, or with given ones (the bootstrap client).
   * Returns it with its secret; the caller decides whether to show it.
   */
  async create(
    input: CreateInput,
    credentials?: { clientId: string; clientSecret: string },
  ): Promise<Client> {
    const now = new Date().toISOString();
    const clientId = credentials?.clientId ?? newClientId();
    const row: Row = {
      client_id: clientId,
      name: input.name,
      description: input.description,
      app_type: input.app_type,
      is_first_party: input.is_first_party ? 1 : 0,
      grant_types: JSON.stringify(input.grant_types),
      token_endpoint_auth_method: input.token_endpoint_auth_method,
      client_metadata: JSON.stringify(input.client_metadata),
      client_secret_enc: this.box.seal(
        credentials?.clientSecret ?? newClientSecret(),
        secretAad(clientId),
      ),
      auth0_fields: JSON.stringify(auth0FieldsOf(input)),
      secret_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('clients').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict('client_conflict', 'A client with the same client_id already exists');
      throw err;
    }
    this.changes.publish({ entity: 'client', id: clientId });
    return this.toClientResponse(row, true);
  }

  /** `precondition` sees the current client (without its secret) inside the write's transaction. */
  async update(
    clientId: string,
    patch: UpdateInput,
    precondition?: (current: Client) => void,
  ): Promise<Client | undefined> {
    const values: Partial<Row> = { updated_at: new Date().toISOString() };
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.description !== undefined) values.description = patch.description;
    if (patch.app_type !== undefined) values.app_type = patch.app_type;
    if (patch.is_first_party !== undefined) values.is_first_party = patch.is_first_party ? 1 : 0;
    if (patch.grant_types !== undefined) values.grant_types = JSON.stringify(patch.grant_types);
    if (patch.token_endpoint_auth_method !== undefined)
      values.token_endpoint_auth_method = patch.token_endpoint_auth_method;
    if (patch.client_metadata !== undefined)
      values.client_metadata = JSON.stringify(patch.client_metadata);
    if (patch.client_secret !== undefined) {
      values.client_secret_enc = this.box.seal(patch.client_secret, secretAad(clientId));
      values.secret_changed_at = values.updated_at;
    }
    const fields = auth0FieldsOf(patch);
    // Auth0 parity: `token_quota: null` removes the quota.
    const merge =
      Object.keys(fields).length === 0
        ? undefined
        : (current: string) => {
            const merged: Record<string, unknown> = {
              ...(JSON.parse(current) as Record<string, unknown>),
              ...fields,
            };
            if (merged.token_quota === null) delete merged.token_quota;
            return JSON.stringify(merged);
          };
    return this.#write(clientId, values, precondition, merge);
  }

  /** Replaces the secret with a fresh one; the old one stops working at once. */
  async rotateSecret(clientId: string): Promise<Client | undefined> {
    const now = new Date().toISOString();
    return this.#write(clientId, {
      client_secret_enc: this.box.seal(newClientSecret(), secretAad(clientId)),
      secret_changed_at: now,
      updated_at: now,
    });
  }

  /**
   * The client with its secret, for the token endpoint and the Management API's guard, and the
   * second (epoch) from which its tokens count: its creation or its last secret change.
   */
  async getForTokens(
    clientId: string,
  ): Promise<{ client: Client; tokensValidSince: number } | undefined> {
    const row = await this.db
      .selectFrom('clients')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!row) return undefined;
    const since = Date.parse(row.secret_changed_at ?? row.created_at);
    return { client: this.toClientResponse(row, true), tokensValidSince: Math.floor(since / 1000) };
  }

  /** Deletes the client and, by cascade, its grants. */
  async delete(clientId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('clients')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) this.changes.publish({ entity: 'client', id: clientId });
    return deleted;
  }

  async #write(
    clientId: string,
    values: Partial<Row>,
    precondition?: (current: Client) => void,
    mergeAuth0Fields?: (current: string) => string,
  ): Promise<Client | undefined> {
    const row = await this.db.transaction().execute(async (trx) => {
      if (precondition || mergeAuth0Fields) {
        const current = await trx
          .selectFrom('clients')
          .selectAll()
          .where('client_id', '=', clientId)
          .executeTakeFirst();
        if (!current) return undefined;
        precondition?.(this.toClientResponse(current, false));
        if (mergeAuth0Fields)
          values = { ...values, auth0_fields: mergeAuth0Fields(current.auth0_fields) };
      }
      return trx
        .updateTable('clients')
        .set(values)
        .where('client_id', '=', clientId)
        .returningAll()
        .executeTakeFirst();
    });
    if (!row) return undefined;
    this.changes.publish({ entity: 'client', id: clientId });
    return this.toClientResponse(row, true);
  }
}
