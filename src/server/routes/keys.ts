import { Hono } from 'hono';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { apiError, notFound } from '../errors';

/** `/api/v2/keys/signing` (Auth0's paths): list, read, rotate and revoke. Public material only. */
export function keyRoutes({ keys }: AppDeps) {
  return (
    new Hono<AppEnv>()
      .get('/signing', requireScope('read:signing_keys'), async (c) =>
        c.json(await keys.describe()),
      )
      .get('/signing/:kid', requireScope('read:signing_keys'), async (c) => {
        const key = (await keys.describe()).find((k) => k.kid === c.req.param('kid'));
        if (!key) throw notFound('inexistent_signing_key', 'The signing key does not exist');
        return c.json(key);
      })
      // Auth0 asks for both scopes to rotate.
      .post(
        '/signing/rotate',
        requireScope('create:signing_keys'),
        requireScope('update:signing_keys'),
        async (c) => c.json(await keys.rotate(), 201),
      )
      // Auth0's verb is PUT; POST is accepted too. Auth0 revokes only a previously used key.
      .on(
        ['PUT', 'POST'],
        '/signing/:kid/revoke',
        requireScope('update:signing_keys'),
        async (c) => {
          const revoked = await keys.revoke(c.req.param('kid'));
          if (!revoked) throw notFound('inexistent_signing_key', 'The signing key does not exist');
          if (revoked === 'current') {
            throw apiError(
              409,
              'signing_key_in_use',
              'The current signing key cannot be revoked: rotate first (POST /api/v2/keys/signing/rotate), then revoke it',
            );
          }
          return c.json(revoked);
        },
      )
  );
}
