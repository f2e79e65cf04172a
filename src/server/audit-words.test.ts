import { describe, expect, it } from 'vitest';
import { describeChange } from './audit-words';

describe('describeChange', () => {
  it.each([
    [
      { method: 'POST', path: '/hooks', status: 201, body: { name: 'tier-claims' } },
      'Hook tier-claims: created',
    ],
    [
      {
        method: 'POST',
        path: '/hooks/h1/deploy',
        status: 200,
        response: { hook_version: 4 },
        name: 'tier-claims',
      },
      'Hook tier-claims: version 4 deployed',
    ],
    [
      {
        method: 'POST',
        path: '/hooks/h1/versions/2/deploy',
        status: 200,
        response: { number: 5 },
        name: 'tier-claims',
      },
      'Hook tier-claims: rolled back to version 2 (now version 5)',
    ],
    [
      {
        method: 'POST',
        path: '/hooks/h1/secrets',
        status: 201,
        body: { REGION: '[redacted]' },
        name: 'tier-claims',
      },
      'Hook tier-claims: secret REGION added',
    ],
    [
      {
        method: 'DELETE',
        path: '/hooks/h1/secrets',
        status: 204,
        body: ['A', 'B'],
        name: 'tier-claims',
      },
      'Hook tier-claims: secrets A, B removed',
    ],
    [
      { method: 'DELETE', path: '/hooks/h1/draft', status: 204, name: 'tier-claims' },
      'Hook tier-claims: draft discarded',
    ],
    [
      { method: 'PUT', path: '/hooks/h1/draft', status: 200, name: 'tier-claims' },
      'Hook tier-claims: draft saved',
    ],
    [
      {
        method: 'POST',
        path: '/hooks/h1/tests',
        status: 201,
        body: { name: 'gold' },
        name: 'tier-claims',
      },
      "Hook tier-claims: test case 'gold' saved",
    ],
    [
      {
        method: 'PATCH',
        path: '/hooks/h1',
        status: 200,
        body: { enabled: true },
        name: 'tier-claims',
      },
      'Hook tier-claims: enabled',
    ],
    [
      {
        method: 'PATCH',
        path: '/hooks/h1',
        status: 200,
        body: { script: '[script, 9 characters]', name: 'x' },
        name: 'tier-claims',
      },
      'Hook tier-claims: code changed, name changed',
    ],
    [
      { method: 'DELETE', path: '/hooks/h1', status: 204, name: 'tier-claims' },
      'Hook tier-claims: deleted',
    ],
    [
      { method: 'POST', path: '/clients/c1/rotate-secret', status: 200, name: 'Billing' },
      'Application Billing: secret rotated',
    ],
    [
      {
        method: 'PATCH',
        path: '/resource-servers/r1',
        status: 409,
        body: { scopes: [] },
        name: 'Orders',
      },
      'API Orders: scopes changed — refused (409)',
    ],
    [
      {
        method: 'POST',
        path: '/client-grants',
        status: 201,
        body: { audience: 'https://orders.example.com' },
      },
      'Grant https://orders.example.com: created',
    ],
    [{ method: 'POST', path: '/keys/signing/rotate', status: 201 }, 'Signing keys: rotated'],
  ])('%j → %s', (facts, words) => expect(describeChange(facts)).toBe(words));
});
