import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { HookExecution } from '@/shared/schemas/hook';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { apiError, must, notFound } from '../../errors';
import type { ExecutionFeed } from '../../hooks/feed';
import { StreamSlots } from '../../stream-slots';
import { queryParams } from '../../validate';
import { listBody } from '../list-body';
import { hookExists } from './common';

/** Live log streams open at once, per session or token and in all. */
export const MAX_STREAMS_PER_CREDENTIAL = 5;
export const MAX_STREAMS = 100;
const KEEP_ALIVE_MS = 15_000;
/** Executions held for a stream while its caller is checked; older ones are dropped first. */
const MAX_PENDING_EXECUTIONS = 1_000;

/** `/api/v2/hooks/{id}/logs`: the execution log, newest first, and its live stream. */
export function hookLogRoutes({ repos, hooks }: AppDeps) {
  const exists = hookExists(repos);
  const streams = new StreamSlots(MAX_STREAMS_PER_CREDENTIAL, MAX_STREAMS);
  return (
    new Hono<AppEnv>()
      .get('/:id/logs', requireScope('read:hooks'), queryParams(listQuerySchema), async (c) => {
        const hook = await exists(c.req.param('id'));
        const query = c.req.valid('query');
        return c.json(listBody('logs', query, await hooks.executions.list(hook.id, query)));
      })
      // Server-Sent Events, one `execution` event per run of the hook.
      .get('/:id/logs/stream', requireScope('read:hooks'), async (c) => {
        const hook = await exists(c.req.param('id'));
        const caller = c.get('caller');
        const release = streams.acquire(caller.credential);
        if (!release)
          throw apiError(
            429,
            'too_many_streams',
            'Too many live log streams open; close one first',
          );
        return streamExecutions(c, hooks.feed, hook.id, release);
      })

      // One execution (after /logs/stream, which it would match), e.g. the one a token response named (Tokenhook-Hook-Execution).
      .get('/:id/logs/:execution', requireScope('read:hooks'), async (c) => {
        const hook = await exists(c.req.param('id'));
        return c.json(
          must(await hooks.executions.get(hook.id, c.req.param('execution')), () =>
            notFound('inexistent_hook_execution', 'Execution not found'),
          ),
        );
      })
  );
}

/**
 * Streams the hook's executions as they are recorded until the client goes away or the caller's
 * credentials end; `release` frees the caller's stream slot.
 */
function streamExecutions(
  c: Context<AppEnv>,
  feed: ExecutionFeed,
  hookId: string,
  release: () => void,
) {
  const caller = c.get('caller');
  // The caller is checked again before every delivery and every keep-alive: the stream ends
  // once the session or token has (signed out, expired, revoked, or lost read:hooks).
  const stillAllowed = async () => {
    const principal = await caller.reauthenticate();
    return (
      !!principal &&
      principal.scopes.has('read:hooks') &&
      (principal.expiresAt ?? Infinity) > Date.now()
    );
  };
  return streamSSE(c, async (stream) => {
    let ended = false;
    let pending: HookExecution[] = [];
    let delivering = false;
    const end = () => {
      ended = true;
      unsubscribe();
      release();
    };
    // One check at a time; the executions that arrived before it started go out after it.
    const deliver = async () => {
      delivering = true;
      while (pending.length > 0 && !ended) {
        const batch = pending;
        pending = [];
        if (!(await stillAllowed())) {
          end();
          await stream.close();
          break;
        }
        for (const execution of batch) {
          await stream.writeSSE({
            event: 'execution',
            id: execution.id,
            data: JSON.stringify(execution),
          });
        }
      }
      delivering = false;
    };
    const unsubscribe = feed.subscribe(hookId, (execution) => {
      if (ended) return;
      if (pending.length >= MAX_PENDING_EXECUTIONS) pending.shift();
      pending.push(execution);
      if (!delivering) void deliver();
    });
    stream.onAbort(end);
    await stream.writeSSE({ event: 'ready', data: '{}' });
    // Keep-alive comments hold proxies open; the loop ends when the client goes away or the
    // caller's credentials end.
    while (!stream.aborted && !ended) {
      await stream.sleep(KEEP_ALIVE_MS);
      if (stream.aborted || ended) break;
      if (!(await stillAllowed())) break;
      await stream.write(': keep-alive\n\n');
    }
    end();
  });
}
