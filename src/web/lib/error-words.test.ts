import { describe, expect, it } from 'vitest';
import { inConsoleWords } from './error-words';

describe('inConsoleWords', () => {
  it.each([
    [
      'A resource server with the same identifier already exists',
      'An API with the same identifier already exists',
    ],
    ['The resource server does not exist', 'The API does not exist'],
    ["No resource server found by supplied 'audience'", "No API found by supplied 'audience'"],
    [
      'The Management API is a system resource server and cannot be changed',
      'The Management API is a system API and cannot be changed',
    ],
    ['Resource servers are limited', 'APIs are limited'],
    ['Nothing to change here', 'Nothing to change here'],
  ])('%s', (message, words) => expect(inConsoleWords(message)).toBe(words));
});
