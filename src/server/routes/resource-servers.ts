import { Hono } from 'hono';
import { listQuerySchema } from '@/shared/schemas/paging';
import {
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { badRequest, forbidden, must, notFound } from '../errors';
import { etagOf, ifMatch } from '../etag';
import { jsonBody, queryParams } from '../validate';
import { listBody } from './list-body';

const inexistent = () =>
  notFound('inexistent_resource_server', 'The resource server does not exist');
const systemReadOnly = () =>
  forbidden(
    'operation_not_supported',
    'The Management API is a system resource server and cannot be changed',
  );

/**
 * What a PATCH may change on the system API, as on Auth0's own "Auth0 Management API": its token
 * lifetime and the consent setting (auth0/terraform-provider-auth0#374; auth0-deploy-cli
 * `ResourceServersHandler.updateResourceServer` sends only these to system APIs).
 */
const SYSTEM_EDITABLE = new Set([
  'token_lifetime',
  'skip_consent_for_verifiable_first_party_clients',
]);

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `/api/v2/resource-servers` (APIs). `{id}` is the id or the URL-encoded identifier. */
export function resourceServerRoutes({ repos }: AppDeps) {
  const find = async (key: string) =>
    must(await repos.resourceServers.getByIdOrIdentifier(key), inexistent);

  return new Hono<AppEnv>()
    .get('/', requireScope('read:resource_servers'), queryParams(listQuerySchema), async (c) => {
      const query = c.req.valid('query');
      return c.json(listBody('resource_servers', query, await repos.resourceServers.list(query)));
    })
    .post(
      '/',
      requireScope('create:resource_servers'),
      jsonBody(resourceServerCreateSchema),
      async (c) => c.json(await repos.resourceServers.create(c.req.valid('json')), 201),
    )
    .get('/:id', requireScope('read:resource_servers'), async (c) => {
      const api = await find(c.req.param('id'));
      c.header('ETag', etagOf(api));
      return c.json(api);
    })
    .patch(
      '/:id',
      requireScope('update:resource_servers'),
      jsonBody(resourceServerUpdateSchema),
      async (c) => {
        const api = await find(c.req.param('id'));
        const patch = c.req.valid('json');
        const precondition = ifMatch(c.req.header('if-match'), 'resource server');
        if (api.is_system) {
          // Fields sent with the value they already have change nothing and are accepted, so a
          // tool that writes back what it read succeeds; any other field is Auth0's 400.
          const changed = Object.entries(patch).filter(
            ([field, value]) => !sameJson(value, api[field]),
          );
          const refused = changed
            .map(([field]) => field)
            .filter((field) => !SYSTEM_EDITABLE.has(field));
          if (refused.length > 0) {
            throw badRequest(
              `Payload validation error: 'Additional properties not allowed: ${refused.join(', ')}'.`,
            );
          }
          if (changed.length === 0) {
            precondition?.(api);
            c.header('ETag', etagOf(api));
            return c.json(api);
          }
        }
        const updated = must(
          await repos.resourceServers.update(api.id, patch, precondition),
          inexistent,
        );
        // The ETag is that of the API as a GET shows it: without a new signing_secret.
        const { signing_secret: _secret, ...shown } = updated;
        c.header('ETag', etagOf(shown));
        return c.json(updated);
      },
    )
    .post('/:id/rotate-signing-secret', requireScope('update:resource_servers'), async (c) => {
      const api = await find(c.req.param('id'));
      if (api.is_system) throw systemReadOnly();
      if (api.signing_alg !== 'HS256') {
        throw badRequest(
          'Only an API that signs with HS256 has a signing secret to rotate',
          'operation_not_supported',
        );
      }
      return c.json(must(await repos.resourceServers.rotateSigningSecret(api.id), inexistent));
    })
    .delete('/:id', requireScope('delete:resource_servers'), async (c) => {
      const api = await find(c.req.param('id'));
      if (api.is_system) throw systemReadOnly();
      if (!(await repos.resourceServers.delete(api.id))) throw inexistent();
      return c.body(null, 204);
    });
}
