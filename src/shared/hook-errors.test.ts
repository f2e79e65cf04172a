import { describe, expect, it } from 'vitest';
import { hookOAuthError } from './hook-errors';

describe('hookOAuthError', () => {
  it.each([
    [
      { outcome: 'error', error_name: 'InvalidScopeError', message: 'no' },
      { status: 400, error: 'invalid_scope', error_description: 'no' },
    ],
    [
      { outcome: 'error', error_name: 'InvalidRequestError', message: 'bad' },
      { status: 400, error: 'invalid_request', error_description: 'bad' },
    ],
    [
      { outcome: 'error', error_name: 'ServerError', message: 'x' },
      { status: 500, error: 'server_error', error_description: 'x' },
    ],
    [
      { outcome: 'error', error_name: 'Error', message: 'access denied' },
      { status: 500, error: 'server_error', error_description: 'access denied' },
    ],
    [
      { outcome: 'error', error_name: 'ExtensibilityUserError', message: 'base' },
      { status: 500, error: 'server_error', error_description: 'base' },
    ],
    [
      // An error named after an Object.prototype member is still just an error.
      { outcome: 'error', error_name: 'constructor', message: 'odd' },
      { status: 500, error: 'server_error', error_description: 'odd' },
    ],
    [
      { outcome: 'runtime', error_name: 'InvalidScopeError', message: 'thrown' },
      { status: 500, error: 'server_error', error_description: 'thrown' },
    ],
    [
      { outcome: 'timeout' },
      { status: 500, error: 'server_error', error_description: 'The hook did not finish in time' },
    ],
    [
      { outcome: 'memory' },
      { status: 500, error: 'server_error', error_description: 'The hook ran out of memory' },
    ],
    [
      { outcome: 'syntax' },
      { status: 500, error: 'server_error', error_description: 'The hook failed' },
    ],
  ] as const)('%j → %j', (run, expected) => {
    expect(hookOAuthError(run)).toEqual(expected);
  });
});
