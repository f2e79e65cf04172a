import type { Context } from 'hono';
import type { Hook } from '@/shared/schemas/hook';
import type { Repos } from '../../services';
import { hookEtagBase, inexistentHook } from '../../db/repos/hooks';
import { must, notFound } from '../../errors';
import { etagOf, ifMatch } from '../../etag';

/** The hook of a route's `:id`, or the 404 `inexistent_hook`. */
export const hookExists = (repos: Repos) => async (id: string) =>
  must(await repos.hooks.get(id), inexistentHook);
export const inexistentVersion = () =>
  notFound('inexistent_hook_version', 'Hook version not found');
/** `?force=true`: an admin overrides failing test cases (the audit log keeps the request). */
export const forced = (c: Context) => c.req.query('force') === 'true';
/** A hook's ETag: the draft's state is not part of it (a draft has its own ETag). */
export const hookEtag = (hook: Hook) => etagOf(hookEtagBase(hook));
/** `If-Match` on a hook, compared with `hookEtag`. */
export const hookIfMatch = (c: Context) => {
  const check = ifMatch(c.req.header('if-match'), 'hook');
  return (hook: Hook) => check(hookEtagBase(hook));
};
/** The tenant log names the hook version a change made (the number of the versions list and execution log). */
export const versionOf = (hook: Hook) => ({ hook_version: hook.version });
