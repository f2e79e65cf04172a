import { describe, expect, it } from 'vitest';
import type { HookExecution } from '@/shared/schemas/hook';
import { escapeControl, formatExecution } from './format';

describe('formatExecution', () => {
  it("escapes control characters in a hook's output, message and the caller's fields", () => {
    const execution: HookExecution = {
      id: '1',
      hook_id: 'h',
      hook_version: 1,
      source: 'exchange',
      started_at: '2026-01-01T00:00:00.000Z',
      duration_ms: 1,
      outcome: 'error',
      error_name: 'Error',
      message: 'boom\u001b[2J',
      client_id: 'evil\r\u001b]0;pwned\u0007',
      audience: 'https://api.example',
      logs: [{ level: 'log', message: 'one\ntwo\u001b[1A\u009b\u202e' }],
    };
    const text = formatExecution(execution, 'hook');
    expect(text).toBe(
      [
        '2026-01-01T00:00:00.000Z  hook v1  error Error: boom\\u001b[2J  1.0ms  client=evil\\u000d\\u001b]0;pwned\\u0007  audience=https://api.example',
        '    one',
        '    two\\u001b[1A\\u009b\\u202e',
      ].join('\n'),
    );
    // eslint-disable-next-line no-control-regex -- the assertion is that none is left
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('keeps tabs and ordinary text as they are', () => {
    expect(escapeControl('a\tb ü 😀')).toBe('a\tb ü 😀');
  });
});
