import { Hono } from 'hono';
import { logListQuerySchema } from '@/shared/schemas/log';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { queryParams } from '../validate';
import { listBody } from './list-body';

/** `GET /api/v2/logs`: the tenant log, newest first (Auth0's path and `read:logs`). */
export function logRoutes({ repos }: AppDeps) {
  return new Hono<AppEnv>().get(
    '/',
    requireScope('read:logs'),
    queryParams(listQuerySchema.extend(logListQuerySchema.shape)),
    async (c) => {
      const { type, client_id, actor, ...paging } = c.req.valid('query');
      return c.json(
        listBody('logs', paging, await repos.logs.list({ type, client_id, actor }, paging)),
      );
    },
  );
}
