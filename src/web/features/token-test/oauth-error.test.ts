import { describe, expect, it } from 'vitest';
import { errorSpeaker, explainOAuthError } from './oauth-error';

describe('explainOAuthError', () => {
  it("puts a hook's refusal in plain words", () => {
    const body = { error: 'server_error', error_description: 'access denied' };
    expect(explainOAuthError(500, body, null, 'deny all')).toBe(
      'The enabled hook “deny all” stopped the exchange: no token was issued.',
    );
    expect(errorSpeaker(body, 'deny all')).toBe('The hook said');
    expect(explainOAuthError(500, body)).toMatch(/^The server, or the enabled hook, failed/);
    expect(errorSpeaker({ error: 'access_denied' }, 'deny all')).toBe('The server said');
  });
});
