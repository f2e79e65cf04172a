import { Hono } from 'hono';
import { hookTestCaseCreateSchema, hookTestRunRequestSchema } from '@/shared/schemas/hook-test';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { inexistentHook } from '../../db/repos/hooks';
import { must, notFound } from '../../errors';
import { jsonBody } from '../../validate';
import { hookExists, inexistentVersion } from './common';

const inexistentHookTest = () => notFound('inexistent_hook_test', 'Test case not found');

/**
 * `/api/v2/hooks/{id}/tests` and `/test`: test cases saved with the hook, run on demand and before
 * code goes live.
 */
export function hookTestRoutes({ repos, hooks }: AppDeps) {
  const exists = hookExists(repos);
  return new Hono<AppEnv>()
    .get('/:id/tests', requireScope('read:hooks'), async (c) => {
      const hook = await exists(c.req.param('id'));
      return c.json(await repos.hookTests.list(hook.id));
    })
    .post(
      '/:id/tests',
      requireScope('update:hooks'),
      jsonBody(hookTestCaseCreateSchema),
      async (c) => {
        const hook = await exists(c.req.param('id'));
        return c.json(await repos.hookTests.add(hook.id, c.req.valid('json')), 201);
      },
    )
    .put(
      '/:id/tests/:test',
      requireScope('update:hooks'),
      jsonBody(hookTestCaseCreateSchema),
      async (c) => {
        const hook = await exists(c.req.param('id'));
        return c.json(
          must(
            await repos.hookTests.update(hook.id, c.req.param('test'), c.req.valid('json')),
            inexistentHookTest,
          ),
        );
      },
    )
    .delete('/:id/tests/:test', requireScope('update:hooks'), async (c) => {
      if (!(await repos.hookTests.delete(c.req.param('id'), c.req.param('test')))) {
        throw inexistentHookTest();
      }
      return c.body(null, 204);
    })
    .post(
      '/:id/test',
      requireScope('update:hooks'),
      jsonBody(hookTestRunRequestSchema),
      async (c) => {
        const hook = await exists(c.req.param('id'));
        const { target } = c.req.valid('json');
        const draft = must(await repos.hookVersions.draft(hook.id), inexistentHook);
        if (typeof target === 'number') {
          const version = must(
            await repos.hookVersions.version(hook.id, String(target)),
            inexistentVersion,
          );
          return c.json(await hooks.runTests(hook.id, version.script, `v${target}`));
        }
        const useDraft = target === 'draft' || (target === undefined && draft.has_draft);
        return c.json(
          await hooks.runTests(
            hook.id,
            useDraft ? draft.script : hook.script,
            useDraft ? 'draft' : 'live',
          ),
        );
      },
    );
}
