import { Hono } from 'hono';
import { clientCreateSchema, clientUpdateSchema, type Client } from '@/shared/schemas/client';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { hasScope, requireScope } from '../auth/mgmt-guard';
import { apiError, must, notFound } from '../errors';
import { etagOf, ifMatch } from '../etag';
import { jsonBody, queryParams } from '../validate';
import { listBody } from './list-body';

const inexistent = () => notFound('inexistent_client', 'The client does not exist');

/** The ETag covers the client without its secret, so it is the same whoever reads it. */
const clientEtag = ({ client_secret: _secret, ...client }: Client) => etagOf(client);

/**
 * `/api/v2/clients` (applications). `client_secret` is in a response only for callers holding
 * `read:client_keys` (rotate-secret answers with the new secret: its scope is a key scope).
 */
export function clientRoutes({ repos }: AppDeps) {
  return new Hono<AppEnv>()
    .get(
      '/',
      requireScope('read:clients', 'read:client_keys'),
      queryParams(listQuerySchema),
      async (c) => {
        const query = c.req.valid('query');
        const withSecret = hasScope(c.get('principal'), 'read:client_keys');
        return c.json(listBody('clients', query, await repos.clients.list(query, withSecret)));
      },
    )
    .post('/', requireScope('create:clients'), jsonBody(clientCreateSchema), async (c) => {
      const { client_secret, ...client } = await repos.clients.create(c.req.valid('json'));
      const withSecret = hasScope(c.get('principal'), 'read:client_keys');
      return c.json(withSecret ? { ...client, client_secret } : client, 201);
    })
    .get('/:id', requireScope('read:clients', 'read:client_keys'), async (c) => {
      const withSecret = hasScope(c.get('principal'), 'read:client_keys');
      const client = must(await repos.clients.get(c.req.param('id'), withSecret), inexistent);
      c.header('ETag', clientEtag(client));
      return c.json(client);
    })
    .patch('/:id', requireScope('update:clients'), jsonBody(clientUpdateSchema), async (c) => {
      const patch = c.req.valid('json');
      const principal = c.get('principal');
      if (patch.client_secret !== undefined && !hasScope(principal, 'update:client_keys')) {
        throw apiError(
          403,
          'insufficient_scope',
          'Insufficient scope, expected any of: update:client_keys',
        );
      }
      const precondition = ifMatch(c.req.header('if-match'), 'client');
      const updated = await repos.clients.update(c.req.param('id'), patch, precondition);
      if (!updated) throw inexistent();
      const { client_secret, ...client } = updated;
      c.header('ETag', clientEtag(client));
      return c.json(
        hasScope(principal, 'read:client_keys') ? { ...client, client_secret } : client,
      );
    })
    .delete('/:id', requireScope('delete:clients'), async (c) => {
      if (!(await repos.clients.delete(c.req.param('id')))) throw inexistent();
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', requireScope('update:client_keys'), async (c) =>
      c.json(must(await repos.clients.rotateSecret(c.req.param('id')), inexistent)),
    );
}
