import { describe, expect, it } from 'vitest';
import { parseSecretsFile } from './commands/create';
import { CliError } from './errors';

describe('--secrets-file (.env lines)', () => {
  it.each([
    ['KEY=value', { KEY: 'value' }],
    ['  KEY = value  ', { KEY: 'value' }],
    ['export KEY=value', { KEY: 'value' }],
    ['KEY="a b # not a comment"', { KEY: 'a b # not a comment' }],
    ["KEY='raw \\n'", { KEY: 'raw \\n' }],
    ['KEY="line\\nbreak \\"q\\""', { KEY: 'line\nbreak "q"' }],
    ['KEY=value # comment', { KEY: 'value' }],
    ['KEY=a=b', { KEY: 'a=b' }],
    ['KEY=', { KEY: '' }],
    ['# comment\n\nA=1\r\nB=2\nA=3', { A: '3', B: '2' }],
  ])('%j', (text, expected) => {
    expect(parseSecretsFile(text, '.env')).toEqual(expected);
  });

  it('names the line it cannot read, never its value', () => {
    expect(() => parseSecretsFile('A=1\nnot a pair', '.env')).toThrow(
      new CliError('.env:2: expected KEY=VALUE'),
    );
  });
});
