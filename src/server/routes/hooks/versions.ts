import { Hono } from 'hono';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { inexistentHook } from '../../db/repos/hooks';
import { must } from '../../errors';
import { queryParams } from '../../validate';
import { listBody } from '../list-body';
import { forced, hookExists, hookIfMatch, inexistentVersion, versionOf } from './common';

/**
 * `/api/v2/hooks/{id}/versions`: every change of code, settings or secrets is an immutable,
 * numbered version; deploying one rolls back to it.
 */
export function hookVersionRoutes({ repos, hooks }: AppDeps) {
  const exists = hookExists(repos);
  return (
    new Hono<AppEnv>()
      .get('/:id/versions', requireScope('read:hooks'), queryParams(listQuerySchema), async (c) => {
        const query = c.req.valid('query');
        return c.json(
          listBody(
            'versions',
            query,
            must(await repos.hookVersions.versions(c.req.param('id'), query), inexistentHook),
          ),
        );
      })
      .get('/:id/versions/:version', requireScope('read:hooks'), async (c) => {
        await exists(c.req.param('id'));
        return c.json(
          must(
            await repos.hookVersions.version(c.req.param('id'), c.req.param('version')),
            inexistentVersion,
          ),
        );
      })
      // Roll back: the version's code becomes live as a new version (Auth0 Actions' semantics).
      .post('/:id/versions/:version/deploy', requireScope('update:hooks'), async (c) => {
        await exists(c.req.param('id'));
        const target = must(
          await repos.hookVersions.version(c.req.param('id'), c.req.param('version')),
          inexistentVersion,
        );
        const hook = await hooks.change(c.req.param('id'), {
          patch: {
            script: target.script,
            dependencies: target.dependencies,
            timeout_ms: target.timeout_ms,
          },
          rolledBackFrom: target.number,
          always: true,
          precondition: hookIfMatch(c),
          force: forced(c),
          actor: c.get('principal').subject,
        });
        c.set('auditDetails', versionOf(hook));
        return c.json(
          must(await repos.hookVersions.version(hook.id, String(hook.version)), inexistentVersion),
        );
      })
  );
}
