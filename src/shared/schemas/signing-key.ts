import { z } from 'zod';
import { signingAlgSchema } from './resource-server';

/**
 * A signing key as `GET /api/v2/keys/signing` shows it (Auth0's path): public material only.
 * `current` signs new tokens; `previous` still verifies tokens issued before the last rotation.
 */
export const signingKeySchema = z.object({
  kid: z.string(),
  alg: signingAlgSchema,
  current: z.boolean(),
  previous: z.boolean(),
  current_since: z.string(),
  current_until: z.string().optional(),
  /** RFC 7638 JWK thumbprint (also the kid). */
  thumbprint: z.string(),
  /** The public key, SPKI PEM. */
  pem: z.string(),
});
export type SigningKeyInfo = z.infer<typeof signingKeySchema>;

/** `POST /api/v2/keys/signing/rotate`: the new current keys, one per algorithm in use. */
export const signingKeyRotationSchema = z.array(
  z.object({ kid: z.string(), alg: signingAlgSchema }),
);

/** `PUT /api/v2/keys/signing/{kid}/revoke` (Auth0's shape): the revoked key's public PEM and kid. */
export const signingKeyRevocationSchema = z.object({ cert: z.string(), kid: z.string() });
