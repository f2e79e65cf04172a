import { describe, expect, it } from 'vitest';
import { clientGrantKeys } from './client-grants/keys';
import { clientKeys } from './clients/keys';
import { resourceServerKeys } from './resource-servers/keys';

describe('the shared key factories', () => {
  it('nest every grant key under `all`: a grant change refreshes both sides and the token test', () => {
    for (const key of [
      clientGrantKeys.list({ audience: 'https://api.example' }),
      clientGrantKeys.list({ client_id: 'c' }),
      clientGrantKeys.every(),
    ])
      expect(key.slice(0, clientGrantKeys.all.length)).toEqual([...clientGrantKeys.all]);
  });

  it('keep "every application" and "every API" under the lists a create or update invalidates', () => {
    expect(clientKeys.every().slice(0, 2)).toEqual([...clientKeys.lists()]);
    expect(clientKeys.list({ page: 0, per_page: 20 }).slice(0, 2)).toEqual([...clientKeys.lists()]);
    expect(resourceServerKeys.every().slice(0, 2)).toEqual([...resourceServerKeys.lists()]);
  });
});
