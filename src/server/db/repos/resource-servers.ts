import type { Kysely, Selectable } from 'kysely';
import type {
  ResourceServer,
  ResourceServerScope,
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';
import type { z } from 'zod';
import { conflict } from '../../errors';
import type { SecretBox } from '../../crypto/secret-box';
import { newClientSecret, newResourceServerId } from '../../ids';
import type { ChangeBus } from '../changes';
import { isUniqueViolation } from '../errors';
import type { Database, ResourceServerTable } from '../schema';
import type { Page, PageRequest } from './paging';

type Row = Selectable<ResourceServerTable>;
type CreateInput = z.output<typeof resourceServerCreateSchema> & { is_system?: boolean };
type UpdateInput = z.output<typeof resourceServerUpdateSchema>;

/** Additional authenticated data binding a sealed HS256 secret to its API. */
const signingSecretAad = (id: string) => `signing_secret:${id}`;

/** The Auth0 fields of an input: everything that is not a column of its own. */
function auth0FieldsOf(input: CreateInput | UpdateInput): Record<string, unknown> {
  const {
    name: _n,
    scopes: _sc,
    signing_alg: _a,
    token_lifetime: _t,
    token_lifetime_for_web: _w,
    allow_offline_access: _o,
    skip_consent_for_verifiable_first_party_clients: _c,
    signing_secret: _s,
    ...rest
  } = input;
  const { identifier: _i, is_system: _y, ...fields } = rest as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function toResourceServerResponse(row: Row): ResourceServer {
  return {
    id: row.id,
    name: row.name,
    identifier: row.identifier,
    scopes: JSON.parse(row.scopes) as ResourceServerScope[],
    signing_alg: row.signing_alg as ResourceServer['signing_alg'],
    token_lifetime: row.token_lifetime,
    token_lifetime_for_web: row.token_lifetime_for_web,
    allow_offline_access: row.allow_offline_access === 1,
    skip_consent_for_verifiable_first_party_clients: row.skip_consent === 1,
    ...(JSON.parse(row.auth0_fields) as Record<string, unknown>),
    is_system: row.is_system === 1,
  };
}

const duplicateIdentifier = () =>
  conflict('resource_server_conflict', 'A resource server with the same identifier already exists');

/**
 * Lifetime of Management API tokens: one hour. They carry admin power, so a leaked one should not
 * work for long; the CLI and scripts fetch a new one when it expires (one request an hour). Auth0
 * issues its Management API tokens for 24 hours; revocation here is immediate anyway (a deleted
 * client, grant or rotated secret voids them at the next use).
 */
export const MANAGEMENT_TOKEN_LIFETIME = 3_600;

export class ResourceServerRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
    private readonly box: SecretBox,
  ) {}

  /** The API's HS256 secret, or undefined when it has none. */
  async signingSecret(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('resource_servers')
      .select('signing_secret_enc')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.signing_secret_enc
      ? this.box.open(row.signing_secret_enc, signingSecretAad(id))
      : undefined;
  }

  async list({ page, per_page }: PageRequest): Promise<Page<ResourceServer>> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('resource_servers')
        .selectAll()
        // The system API first, then in creation order, as Auth0's dashboard lists them.
        .orderBy('is_system', 'desc')
        .orderBy('created_at')
        .orderBy('id')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      this.db
        .selectFrom('resource_servers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toResourceServerResponse), total: Number(count.n) };
  }

  async get(id: string): Promise<ResourceServer | undefined> {
    const row = await this.db
      .selectFrom('resource_servers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toResourceServerResponse(row);
  }

  async getByIdentifier(identifier: string): Promise<ResourceServer | undefined> {
    const row = await this.db
      .selectFrom('resource_servers')
      .selectAll()
      .where('identifier', '=', identifier)
      .executeTakeFirst();
    return row && toResourceServerResponse(row);
  }

  /** Auth0 parity: `/resource-servers/{id}` takes the id or the (URL-encoded) identifier. */
  async getByIdOrIdentifier(key: string): Promise<ResourceServer | undefined> {
    return (await this.get(key)) ?? (await this.getByIdentifier(key));
  }

  /**
   * Creates an API. An HS256 API gets a generated `signing_secret` unless one is given; the
   * answer carries it, and no read ever shows it again.
   */
  async create(input: CreateInput): Promise<ResourceServer> {
    const now = new Date().toISOString();
    const id = newResourceServerId();
    const secret =
      input.signing_secret ?? (input.signing_alg === 'HS256' ? newClientSecret() : undefined);
    const row: Row = {
      id,
      identifier: input.identifier,
      name: input.name ?? input.identifier,
      scopes: JSON.stringify(input.scopes),
      signing_alg: input.signing_alg,
      token_lifetime: input.token_lifetime,
      token_lifetime_for_web: input.token_lifetime_for_web,
      allow_offline_access: input.allow_offline_access ? 1 : 0,
      skip_consent: input.skip_consent_for_verifiable_first_party_clients ? 1 : 0,
      is_system: input.is_system ? 1 : 0,
      auth0_fields: JSON.stringify(auth0FieldsOf(input)),
      signing_secret_enc: secret === undefined ? null : this.box.seal(secret, signingSecretAad(id)),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('resource_servers').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateIdentifier();
      throw err;
    }
    this.changes.publish({ entity: 'resource_server', id: row.id });
    return secret === undefined
      ? toResourceServerResponse(row)
      : { ...toResourceServerResponse(row), signing_secret: secret };
  }

  /**
   * Applies a PATCH. Scopes removed from the API are removed from its grants in the same
   * transaction, so no grant ever names a scope its API does not define.
   */
  async update(
    id: string,
    patch: UpdateInput,
    precondition?: (current: ResourceServer) => void,
  ): Promise<ResourceServer | undefined> {
    let secret: string | undefined;
    const updated = await this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('resource_servers')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!current) return undefined;
      precondition?.(toResourceServerResponse(current));
      const values: Partial<Row> = { updated_at: new Date().toISOString() };
      const fields = auth0FieldsOf(patch);
      if (Object.keys(fields).length > 0) {
        values.auth0_fields = JSON.stringify({
          ...(JSON.parse(current.auth0_fields) as Record<string, unknown>),
          ...fields,
        });
      }
      // A new secret when one is given, or when the API turns to HS256 without one.
      secret =
        patch.signing_secret ??
        (patch.signing_alg === 'HS256' && !current.signing_secret_enc
          ? newClientSecret()
          : undefined);
      if (secret !== undefined)
        values.signing_secret_enc = this.box.seal(secret, signingSecretAad(id));
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.scopes !== undefined) values.scopes = JSON.stringify(patch.scopes);
      if (patch.signing_alg !== undefined) values.signing_alg = patch.signing_alg;
      if (patch.token_lifetime !== undefined) values.token_lifetime = patch.token_lifetime;
      if (patch.token_lifetime_for_web !== undefined)
        values.token_lifetime_for_web = patch.token_lifetime_for_web;
      if (patch.allow_offline_access !== undefined)
        values.allow_offline_access = patch.allow_offline_access ? 1 : 0;
      if (patch.skip_consent_for_verifiable_first_party_clients !== undefined) {
        values.skip_consent = patch.skip_consent_for_verifiable_first_party_clients ? 1 : 0;
      }
      const row = await trx
        .updateTable('resource_servers')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row || !patch.scopes) return row;
      const defined = new Set(patch.scopes.map((s) => s.value));
      const grants = await trx
        .selectFrom('client_grants')
        .select(['id', 'scope'])
        .where('resource_server_id', '=', id)
        .execute();
      for (const grant of grants) {
        const scope = JSON.parse(grant.scope) as string[];
        const kept = scope.filter((s) => defined.has(s));
        if (kept.length !== scope.length) {
          await trx
            .updateTable('client_grants')
            .set({ scope: JSON.stringify(kept) })
            .where('id', '=', grant.id)
            .execute();
        }
      }
      return row;
    });
    if (!updated) return undefined;
    this.changes.publish({ entity: 'resource_server', id });
    return secret === undefined
      ? toResourceServerResponse(updated)
      : { ...toResourceServerResponse(updated), signing_secret: secret };
  }

  /** Replaces the API's HS256 secret with a generated one, returned once. */
  async rotateSigningSecret(id: string): Promise<ResourceServer | undefined> {
    return this.update(id, { signing_secret: newClientSecret() });
  }

  /** Deletes the API and, by cascade, its grants. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('resource_servers')
      .where('id', '=', id)
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) this.changes.publish({ entity: 'resource_server', id });
    return deleted;
  }

  /**
   * Creates or refreshes the system Management API: its identifier follows ISSUER_BASE_URL and its
   * scopes and token lifetime follow the code, so an upgrade that adds scopes publishes them.
   */
  async ensureSystem(input: {
    name: string;
    identifier: string;
    scopes: ResourceServerScope[];
  }): Promise<ResourceServer> {
    const existing = await this.db
      .selectFrom('resource_servers')
      .select('id')
      .where('is_system', '=', 1)
      .executeTakeFirst();
    if (!existing) {
      return this.create({
        ...input,
        signing_alg: 'RS256',
        token_lifetime: MANAGEMENT_TOKEN_LIFETIME,
        token_lifetime_for_web: 7_200,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: false,
        is_system: true,
      });
    }
    await this.db
      .updateTable('resource_servers')
      .set({
        identifier: input.identifier,
        name: input.name,
        token_lifetime: MANAGEMENT_TOKEN_LIFETIME,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', existing.id)
      .execute();
    return (await this.update(existing.id, { scopes: input.scopes }))!;
  }
}
