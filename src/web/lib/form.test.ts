import { describe, expect, it } from 'vitest';
import { apiFieldErrors } from './form';

describe('apiFieldErrors', () => {
  it('keys each issue of a Management API 400 by its property, first message per field', () => {
    expect(
      apiFieldErrors(
        "Payload validation error: 'must expect something' on property expect. Payload validation error: 'Too small: expected string to have >=1 characters' on property name. Payload validation error: 'second' on property name.",
      ),
    ).toEqual({
      expect: 'Must expect something',
      name: 'Too small: expected string to have >=1 characters',
    });
  });

  it('keeps paths with URLs and apostrophes in messages; issues without a property go to _form', () => {
    expect(
      apiFieldErrors(
        "Payload validation error: 'can't be empty' on property expect.claims.https://t.example/v. Payload validation error: 'Additional properties not allowed: extra'.",
      ),
    ).toEqual({
      'expect.claims.https://t.example/v': "Can't be empty",
      _form: 'Additional properties not allowed: extra',
    });
  });

  it('is empty for any other message', () => {
    expect(apiFieldErrors('The hook does not exist')).toEqual({});
  });
});
