import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** zod issues keyed by field path (`client_metadata.team`), first message per field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    out[key] ??= readable(issue);
  }
  return out;
}

/** zod's default messages are for developers ("Too small: expected string to have >=1 characters"). */
function readable(issue: z.core.$ZodIssue): string {
  // A schema's own message (e.g. 'Enter your email') is already written for people.
  if (!/^(Too small|Too big|Invalid input)/.test(issue.message)) return sentence(issue.message);
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? 'Required' : `Must be at least ${issue.minimum} characters`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `Must be at most ${issue.maximum} characters`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `Must be at least ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `Must be at most ${issue.maximum}`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Must be a whole number';
  return sentence(issue.message.replace(/^Invalid input: /, ''));
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * The fields named by a Management API 400 (`Payload validation error: '<message>' on property
 * <path>.`, one sentence per issue, as the server's `describeIssues` writes them), keyed by path;
 * issues without a property go under `_form`. Empty when the message names none.
 */
export function apiFieldErrors(message: string): FieldErrors {
  const out: FieldErrors = {};
  const issue =
    /(?:Payload|Query) validation error: '(.*?)'(?: on property (\S+?))?\.(?= (?:Payload|Query) validation error:|$)/g;
  for (const [, text = '', path] of message.matchAll(issue)) {
    out[path ?? '_form'] ??= sentence(text);
  }
  return out;
}
