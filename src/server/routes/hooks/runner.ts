import { Hono } from 'hono';
import { hookTryRequestSchema } from '@/shared/schemas/hook';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { jsonBody } from '../../validate';

/** The Runner: a hook's code run once on a sample payload, and what it returned. */
export function hookRunnerRoutes({ hooks }: AppDeps) {
  return (
    new Hono<AppEnv>()
      // The Runner on an unsaved draft: `script` and `payload` are required here.
      .post('/try', requireScope('update:hooks'), jsonBody(hookTryRequestSchema), async (c) =>
        c.json(await hooks.tryDraft(c.req.valid('json'))),
      )
      // The Runner on the saved hook, or on a draft of it (`script`) with the hook's secrets.
      .post('/:id/try', requireScope('update:hooks'), jsonBody(hookTryRequestSchema), async (c) =>
        c.json(await hooks.trySaved(c.req.param('id'), c.req.valid('json'))),
      )
  );
}
