import { Hono } from 'hono';
import {
  SECRET_PLACEHOLDER,
  hookSecretNamesSchema,
  hookSecretsSchema,
} from '@/shared/schemas/hook';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { inexistentHook } from '../../db/repos/hooks';
import { must } from '../../errors';
import { jsonBody } from '../../validate';
import { hookExists, versionOf } from './common';

/**
 * `/api/v2/hooks/{id}/secrets`: write-only; every value reads back as the placeholder (Auth0
 * parity).
 */
export function hookSecretRoutes({ repos }: AppDeps) {
  const exists = hookExists(repos);
  return (
    new Hono<AppEnv>()
      .get('/:id/secrets', requireScope('read:hooks'), async (c) => {
        const names = must(await repos.hookSecrets.secretNames(c.req.param('id')), inexistentHook);
        return c.json(Object.fromEntries(names.map((n) => [n, SECRET_PLACEHOLDER])));
      })
      // Secrets created with the placeholder (an imported export) and still without a value.
      .get('/:id/secrets/unset', requireScope('read:hooks'), async (c) =>
        c.json({
          names: must(await repos.hookSecrets.unsetSecretNames(c.req.param('id')), inexistentHook),
        }),
      )
      .post(
        '/:id/secrets',
        requireScope('create:hooks', 'update:hooks'),
        jsonBody(hookSecretsSchema, { secretValues: true }),
        async (c) => {
          await repos.hookSecrets.addSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.json({}, 201);
        },
      )
      .patch(
        '/:id/secrets',
        requireScope('update:hooks'),
        jsonBody(hookSecretsSchema, { secretValues: true }),
        async (c) => {
          await repos.hookSecrets.updateSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.json({}, 201);
        },
      )
      .delete(
        '/:id/secrets',
        requireScope('delete:hooks', 'update:hooks'),
        jsonBody(hookSecretNamesSchema),
        async (c) => {
          await repos.hookSecrets.deleteSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.body(null, 204);
        },
      )
  );
}
