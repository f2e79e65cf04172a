import { Hono } from 'hono';
import { listQuerySchema } from '@/shared/schemas/paging';
import {
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';
import type { AppDeps } from '../app';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { forbidden, must, notFound } from '../errors';
import { etagOf, ifMatch } from '../etag';
import { jsonBody, queryParams } from '../validate';
import { listBody } from './list-body';

const inexistent = () => notFound('inexistent_resource_server', 'The resource server does not exist');
const systemReadOnly = () =>
  forbidden('operation_not_supported', 'The Management API is a system resource server and cannot be changed');

/** `/api/v2/resource-servers` (APIs). `{id}` is the id or the URL-encoded identifier. */
export function resourceServerRoutes({ repos }: AppDeps) {
  const find = async (key: string) => must(await repos.resourceServers.getByIdOrIdentifier(key), inexistent);

  return new Hono<AppEnv>()
    .get('/', requireScope('read:resource_servers'), queryParams(listQuerySchema), async (c) => {
      const query = c.req.valid('query');
      return c.json(listBody('resource_servers', query, await repos.resourceServers.list(query)));
    })
    .post('/', requireScope('create:resource_servers'), jsonBody(resourceServerCreateSchema), async (c) =>
      c.json(await repos.resourceServers.create(c.req.valid('json')), 201),
    )
    .get('/:id', requireScope('read:resource_servers'), async (c) => {
      const api = await find(c.req.param('id'));
      c.header('ETag', etagOf(api));
      return c.json(api);
    })
    .patch('/:id', requireScope('update:resource_servers'), jsonBody(resourceServerUpdateSchema), async (c) => {
      const api = await find(c.req.param('id'));
      if (api.is_system) throw systemReadOnly();
      const precondition = ifMatch(c.req.header('if-match'), 'resource server');
      const updated = must(await repos.resourceServers.update(api.id, c.req.valid('json'), precondition), inexistent);
      c.header('ETag', etagOf(updated));
      return c.json(updated);
    })
    .delete('/:id', requireScope('delete:resource_servers'), async (c) => {
      const api = await find(c.req.param('id'));
      if (api.is_system) throw systemReadOnly();
      if (!(await repos.resourceServers.delete(api.id))) throw inexistent();
      return c.body(null, 204);
    });
}
