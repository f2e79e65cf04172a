import { describe, expect, it } from 'vitest';
import { clientCreateSchema, clientUpdateSchema } from './client';
import { clientGrantCreateSchema } from './client-grant';
import { listQuerySchema } from './paging';
import {
  apiIdentifierSchema,
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
  scopeValueSchema,
} from './resource-server';

describe('scopeValueSchema', () => {
  it.each([
    ['read:orders', true],
    ['https://api.example/orders.read', true],
    ['', false],
    ['two words', false],
    ['quote"d', false],
    ['back\\slash', false],
    ['x'.repeat(280), true],
    ['x'.repeat(281), false],
  ])('%j valid: %s', (value, valid) => {
    expect(scopeValueSchema.safeParse(value).success).toBe(valid);
  });
});

describe('apiIdentifierSchema (a JWT StringOrURI without whitespace)', () => {
  it.each([
    'https://api.example.com',
    'https://api.example.com/',
    'urn:example:orders',
    'orders-api',
    'http://localhost:3000/api',
  ])('accepts %s', (identifier) =>
    expect(apiIdentifierSchema.safeParse(identifier).success).toBe(true),
  );
  it.each(['my api', 'https://api.example.com/a b', 'orders\tapi', ':orders', '1http://x', ''])(
    'refuses %j',
    (identifier) => expect(apiIdentifierSchema.safeParse(identifier).success).toBe(false),
  );
});

describe('listQuerySchema', () => {
  it.each([
    [{}, { page: 0, per_page: 50, include_totals: false }],
    [
      { page: '2', per_page: '100', include_totals: 'true' },
      { page: 2, per_page: 100, include_totals: true },
    ],
    [
      { include_totals: 'false', other: 'ignored' },
      { page: 0, per_page: 50, include_totals: false },
    ],
  ])('parses %j', (input, output) => {
    expect(listQuerySchema.parse(input)).toEqual(output);
  });
  it.each([
    { page: '-1' },
    { per_page: '0' },
    { per_page: '101' },
    { page: 'one' },
    { include_totals: 'maybe' },
  ])('rejects %j', (input) => {
    expect(listQuerySchema.safeParse(input).success).toBe(false);
  });
});

describe('update schemas never invent values', () => {
  it('leaves absent fields absent (no defaults on PATCH)', () => {
    expect(clientUpdateSchema.parse({ name: 'x' })).toEqual({ name: 'x' });
    expect(resourceServerUpdateSchema.parse({ token_lifetime: 60 })).toEqual({
      token_lifetime: 60,
    });
  });
  it('fills defaults on create', () => {
    expect(clientCreateSchema.parse({ name: 'x' })).toEqual({
      name: 'x',
      description: '',
      app_type: 'non_interactive',
      is_first_party: true,
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      client_metadata: {},
    });
    expect(resourceServerCreateSchema.parse({ identifier: 'urn:x' })).toEqual({
      identifier: 'urn:x',
      scopes: [],
      signing_alg: 'RS256',
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
    });
  });
});

describe('clientGrantCreateSchema', () => {
  it.each([
    [{ client_id: 'c', audience: 'a', scope: [] }, true],
    [{ client_id: 'c', audience: 'a', scope: ['x', 'x'] }, false],
    [{ client_id: '', audience: 'a', scope: [] }, false],
    [{ client_id: 'c', audience: 'a' }, false],
    [{ client_id: 'c', audience: 'a', scope: [], extra: 1 }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(clientGrantCreateSchema.safeParse(input).success).toBe(valid);
  });
});
