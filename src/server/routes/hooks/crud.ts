import { Hono } from 'hono';
import { hookCreateSchema, hookListQuerySchema, hookUpdateSchema } from '@/shared/schemas/hook';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { inexistentHook } from '../../db/repos/hooks';
import { jsonBody, queryParams } from '../../validate';
import { listBody } from '../list-body';
import { forced, hookEtag, hookExists, hookIfMatch, versionOf } from './common';

/** `/api/v2/hooks` and `/api/v2/hooks/{id}`: list, create, read, change and delete hooks. */
export function hookCrudRoutes({ repos, hooks }: AppDeps) {
  const exists = hookExists(repos);
  return (
    new Hono<AppEnv>()
      .get(
        '/',
        requireScope('read:hooks'),
        queryParams(listQuerySchema.extend(hookListQuerySchema.shape)),
        async (c) => {
          const { triggerId, enabled, ...paging } = c.req.valid('query');
          return c.json(
            listBody('hooks', paging, await repos.hooks.list({ triggerId, enabled }, paging)),
          );
        },
      )
      // Created enabled, the hook's code goes through the same gate as enabling it.
      .post('/', requireScope('create:hooks'), jsonBody(hookCreateSchema), async (c) => {
        const hook = await hooks.create(c.req.valid('json'), c.get('principal').subject);
        c.set('auditDetails', versionOf(hook));
        return c.json(hook, 201);
      })
      .get('/:id', requireScope('read:hooks'), async (c) => {
        const hook = await exists(c.req.param('id'));
        c.header('ETag', hookEtag(hook));
        return c.json(hook);
      })
      // If-Match makes a save from a stale editor fail with 412 instead of overwriting. Code going
      // live (enabling, or a new script on an enabled hook) goes through the gate.
      .patch('/:id', requireScope('update:hooks'), jsonBody(hookUpdateSchema), async (c) => {
        const hook = await hooks.change(c.req.param('id'), {
          patch: c.req.valid('json'),
          precondition: hookIfMatch(c),
          force: forced(c),
          actor: c.get('principal').subject,
        });
        c.set('auditDetails', versionOf(hook));
        c.header('ETag', hookEtag(hook));
        return c.json(hook);
      })
      .delete('/:id', requireScope('delete:hooks'), async (c) => {
        if (!(await repos.hooks.delete(c.req.param('id')))) throw inexistentHook();
        return c.body(null, 204);
      })
  );
}
