import { Hono } from 'hono';
import {
  clientGrantCreateSchema,
  clientGrantListQuerySchema,
  clientGrantUpdateSchema,
} from '@/shared/schemas/client-grant';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { must, notFound } from '../errors';
import { jsonBody, queryParams } from '../validate';
import { listBody } from './list-body';

const inexistent = () => notFound('inexistent_client_grant', 'The client grant does not exist');
const grantListQuerySchema = listQuerySchema.extend(clientGrantListQuerySchema.shape);

/** `/api/v2/client-grants`: offset paging, or checkpoint paging when `from` or `take` is given. */
export function clientGrantRoutes({ repos }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', requireScope('read:client_grants'), queryParams(grantListQuerySchema), async (c) => {
      const { client_id, audience, from, take, ...paging } = c.req.valid('query');
      const filter = { client_id, audience };
      if (from !== undefined || take !== undefined) {
        const { items, next } = await repos.clientGrants.listFrom(
          filter,
          from,
          take ?? paging.per_page,
        );
        return c.json(
          next === undefined ? { client_grants: items } : { client_grants: items, next },
        );
      }
      return c.json(
        listBody('client_grants', paging, await repos.clientGrants.list(filter, paging)),
      );
    })
    .post(
      '/',
      requireScope('create:client_grants'),
      jsonBody(clientGrantCreateSchema),
      async (c) => {
        const { client_id, audience, scope, ...fields } = c.req.valid('json');
        if (!(await repos.clients.get(client_id, false))) {
          throw notFound('inexistent_client', 'The client does not exist');
        }
        const api = await repos.resourceServers.getByIdentifier(audience);
        if (!api) {
          throw notFound(
            'inexistent_resource_server',
            "No resource server found by supplied 'audience'",
          );
        }
        return c.json(await repos.clientGrants.create(client_id, api, scope ?? [], fields), 201);
      },
    )
    .get('/:id', requireScope('read:client_grants'), async (c) =>
      c.json(must(await repos.clientGrants.get(c.req.param('id')), inexistent)),
    )
    .patch(
      '/:id',
      requireScope('update:client_grants'),
      jsonBody(clientGrantUpdateSchema),
      async (c) => {
        const { scope, ...fields } = c.req.valid('json');
        return c.json(
          must(await repos.clientGrants.update(c.req.param('id'), scope, fields), inexistent),
        );
      },
    )
    .delete('/:id', requireScope('delete:client_grants'), async (c) => {
      if (!(await repos.clientGrants.delete(c.req.param('id')))) throw inexistent();
      return c.body(null, 204);
    });
}
