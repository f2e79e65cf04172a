import { describe, expect, it } from 'vitest';
import { changeSigner } from './pg-relay';

const key = Buffer.alloc(32, 1);

describe('change notifications', () => {
  const signer = changeSigner(key);

  it('opens what a node of the same cluster signed', () => {
    const payload = signer.sign('node-a', { entity: 'client_grant', id: 'cgr_1' });
    expect(payload).toMatch(/^v1\.[\w-]{43}\.\{/);
    expect(signer.open(payload)).toEqual({
      node: 'node-a',
      change: { entity: 'client_grant', id: 'cgr_1' },
    });
  });

  it('ignores notifications signed with another key or changed on the way', () => {
    const payload = signer.sign('node-a', { entity: 'hook', id: 'h1' });
    expect(changeSigner(Buffer.alloc(32, 2)).open(payload)).toBeUndefined();
    expect(signer.open(payload.replace('"h1"', '"h2"'))).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'not json'],
    ['unsigned JSON', '{"node":"x","change":{"entity":"all"}}'],
    ['a forged MAC', `v1.${'A'.repeat(43)}.{"node":"x","change":{"entity":"client","id":"c"}}`],
    ['deep nesting', `v1.${'A'.repeat(43)}.${'['.repeat(3_990)}${']'.repeat(3_990)}`],
  ])('ignores %s', (_, payload) => {
    expect(signer.open(payload)).toBeUndefined();
  });

  it.each([
    ['a change to everything', { node: 'n', change: { entity: 'all' } }],
    ['an unknown entity', { node: 'n', change: { entity: 'admin', id: 'x' } }],
    ['an overlong id', { node: 'n', change: { entity: 'client', id: 'x'.repeat(300) } }],
    ['extra fields', { node: 'n', change: { entity: 'client', id: 'x' }, more: 1 }],
    ['no node', { change: { entity: 'client', id: 'x' } }],
    ['an array', [1, 2]],
  ])('ignores a signed payload with %s', (_, body) => {
    expect(signer.open(signer.signBody(JSON.stringify(body)))).toBeUndefined();
  });
});
