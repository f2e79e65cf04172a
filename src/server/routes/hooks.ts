import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  SECRET_PLACEHOLDER,
  hookCreateSchema,
  hookDraftUpdateSchema,
  hookListQuerySchema,
  hookSecretNamesSchema,
  hookSecretsSchema,
  hookTryRequestSchema,
  hookUpdateSchema,
  type Hook,
  type HookDraft,
} from '@/shared/schemas/hook';
import type { HookExecution } from '@/shared/schemas/hook';
import { hookTestCaseCreateSchema, hookTestRunRequestSchema } from '@/shared/schemas/hook-test';
import { listQuerySchema } from '@/shared/schemas/paging';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { requireScope } from '../auth/mgmt-guard';
import { hookEtagBase, inexistentHook } from '../db/repos/hooks';
import { apiError, badRequest, must, notFound } from '../errors';
import { StreamSlots } from '../stream-slots';
import { etagOf, ifMatch } from '../etag';
import { jsonBody, queryParams } from '../validate';
import { listBody } from './list-body';

const inexistentVersion = () => notFound('inexistent_hook_version', 'Hook version not found');
const inexistentHookTest = () => notFound('inexistent_hook_test', 'Test case not found');
/** `?force=true`: an admin overrides failing test cases (the audit log keeps the request). */
const forced = (c: Context) => c.req.query('force') === 'true';
/** A hook's ETag: the draft's state is not part of it (a draft has its own ETag). */
const hookEtag = (hook: Hook) => etagOf(hookEtagBase(hook));
/** `If-Match` on a hook, compared with `hookEtag`. */
const hookIfMatch = (c: Context) => {
  const check = ifMatch(c.req.header('if-match'), 'hook');
  return (hook: Hook) => check(hookEtagBase(hook));
};
/** `If-Match` on a hook's draft (`GET /hooks/{id}/draft` sends its ETag). */
const draftIfMatch = (c: Context) => ifMatch(c.req.header('if-match'), "hook's draft");

/** What a draft's ETag covers: its script and whether it is saved (not its derived fields). */
const draftEtagBase = (draft: HookDraft) => ({
  script: draft.script,
  has_draft: draft.has_draft,
  updated_at: draft.updated_at,
});
const draftEtag = (draft: HookDraft) => etagOf(draftEtagBase(draft));
/** The tenant log names the hook version a change made (the number of the versions list and execution log). */
const versionOf = (hook: Hook) => ({ hook_version: hook.version });

/** Live log streams open at once, per session or token and in all. */
export const MAX_STREAMS_PER_CREDENTIAL = 5;
export const MAX_STREAMS = 100;
const KEEP_ALIVE_MS = 15_000;
/** Executions held for a stream while its caller is checked; older ones are dropped first. */
const MAX_PENDING_EXECUTIONS = 1_000;

/** `/api/v2/hooks`, its secrets, versions and draft, its execution log and the Runner. */
export function hookRoutes({ repos, hooks }: AppDeps) {
  const exists = async (id: string) => must(await repos.hooks.get(id), inexistentHook);
  const streams = new StreamSlots(MAX_STREAMS_PER_CREDENTIAL, MAX_STREAMS);

  return (
    new Hono<AppEnv>()
      .get(
        '/',
        requireScope('read:hooks'),
        queryParams(listQuerySchema.extend(hookListQuerySchema.shape)),
        async (c) => {
          const { triggerId, enabled, ...paging } = c.req.valid('query');
          return c.json(
            listBody('hooks', paging, await repos.hooks.list({ triggerId, enabled }, paging)),
          );
        },
      )
      // Created enabled, the hook's code goes through the same gate as enabling it.
      .post('/', requireScope('create:hooks'), jsonBody(hookCreateSchema), async (c) => {
        const hook = await hooks.create(c.req.valid('json'), c.get('principal').subject);
        c.set('auditDetails', versionOf(hook));
        return c.json(hook, 201);
      })
      // The Runner on an unsaved draft: `script` and `payload` are required here.
      .post('/try', requireScope('update:hooks'), jsonBody(hookTryRequestSchema), async (c) =>
        c.json(await hooks.tryDraft(c.req.valid('json'))),
      )
      .get('/:id', requireScope('read:hooks'), async (c) => {
        const hook = await exists(c.req.param('id'));
        c.header('ETag', hookEtag(hook));
        return c.json(hook);
      })
      // If-Match makes a save from a stale editor fail with 412 instead of overwriting. Code going
      // live (enabling, or a new script on an enabled hook) goes through the gate.
      .patch('/:id', requireScope('update:hooks'), jsonBody(hookUpdateSchema), async (c) => {
        const hook = await hooks.change(c.req.param('id'), {
          patch: c.req.valid('json'),
          precondition: hookIfMatch(c),
          force: forced(c),
          actor: c.get('principal').subject,
        });
        c.set('auditDetails', versionOf(hook));
        c.header('ETag', hookEtag(hook));
        return c.json(hook);
      })
      .delete('/:id', requireScope('delete:hooks'), async (c) => {
        if (!(await repos.hooks.delete(c.req.param('id')))) throw inexistentHook();
        return c.body(null, 204);
      })

      // Secrets are write-only: every value reads back as the placeholder (Auth0 parity).
      .get('/:id/secrets', requireScope('read:hooks'), async (c) => {
        const names = must(await repos.hookSecrets.secretNames(c.req.param('id')), inexistentHook);
        return c.json(Object.fromEntries(names.map((n) => [n, SECRET_PLACEHOLDER])));
      })
      // Secrets created with the placeholder (an imported export) and still without a value.
      .get('/:id/secrets/unset', requireScope('read:hooks'), async (c) =>
        c.json({
          names: must(await repos.hookSecrets.unsetSecretNames(c.req.param('id')), inexistentHook),
        }),
      )
      .post(
        '/:id/secrets',
        requireScope('create:hooks', 'update:hooks'),
        jsonBody(hookSecretsSchema, { secretValues: true }),
        async (c) => {
          await repos.hookSecrets.addSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.json({}, 201);
        },
      )
      .patch(
        '/:id/secrets',
        requireScope('update:hooks'),
        jsonBody(hookSecretsSchema, { secretValues: true }),
        async (c) => {
          await repos.hookSecrets.updateSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.json({}, 201);
        },
      )
      .delete(
        '/:id/secrets',
        requireScope('delete:hooks', 'update:hooks'),
        jsonBody(hookSecretNamesSchema),
        async (c) => {
          await repos.hookSecrets.deleteSecrets(
            c.req.param('id'),
            c.req.valid('json'),
            c.get('principal').subject,
          );
          c.set('auditDetails', versionOf(await exists(c.req.param('id'))));
          return c.body(null, 204);
        },
      )

      // The execution log, newest first, and its live stream (Server-Sent Events).
      .get('/:id/logs', requireScope('read:hooks'), queryParams(listQuerySchema), async (c) => {
        const hook = await exists(c.req.param('id'));
        const query = c.req.valid('query');
        return c.json(listBody('logs', query, await hooks.executions.list(hook.id, query)));
      })
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
          const unsubscribe = hooks.feed.subscribe(hook.id, (execution) => {
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

      // Versions: every change of code or settings is an immutable, numbered version.
      .get('/:id/versions', requireScope('read:hooks'), queryParams(listQuerySchema), async (c) => {
        const query = c.req.valid('query');
        return c.json(
          listBody(
            'versions',
            query,
            must(await repos.hookVersions.versions(c.req.param('id'), query), inexistentHook),
          ),
        );
      })
      .get('/:id/versions/:version', requireScope('read:hooks'), async (c) => {
        await exists(c.req.param('id'));
        return c.json(
          must(
            await repos.hookVersions.version(c.req.param('id'), c.req.param('version')),
            inexistentVersion,
          ),
        );
      })
      // Roll back: the version's code becomes live as a new version (Auth0 Actions' semantics).
      .post('/:id/versions/:version/deploy', requireScope('update:hooks'), async (c) => {
        await exists(c.req.param('id'));
        const target = must(
          await repos.hookVersions.version(c.req.param('id'), c.req.param('version')),
          inexistentVersion,
        );
        const hook = await hooks.change(c.req.param('id'), {
          patch: {
            script: target.script,
            dependencies: target.dependencies,
            timeout_ms: target.timeout_ms,
          },
          rolledBackFrom: target.number,
          always: true,
          precondition: hookIfMatch(c),
          force: forced(c),
          actor: c.get('principal').subject,
        });
        c.set('auditDetails', versionOf(hook));
        return c.json(
          must(await repos.hookVersions.version(hook.id, String(hook.version)), inexistentVersion),
        );
      })

      // Drafts: saved beside the live hook, live only once deployed.
      // The draft has its own ETag: saves and discards take If-Match, and deploy takes the If-Match
      // of the draft it means.
      .get('/:id/draft', requireScope('read:hooks'), async (c) => {
        const draft = must(await repos.hookVersions.draft(c.req.param('id')), inexistentHook);
        c.header('ETag', draftEtag(draft));
        return c.json(draft);
      })
      .put(
        '/:id/draft',
        requireScope('update:hooks'),
        jsonBody(hookDraftUpdateSchema),
        async (c) => {
          const check = draftIfMatch(c);
          const precondition = (current: HookDraft) => check(draftEtagBase(current));
          const draft = must(
            await repos.hookVersions.saveDraft(
              c.req.param('id'),
              c.req.valid('json').script,
              precondition,
            ),
            inexistentHook,
          );
          c.header('ETag', draftEtag(draft));
          return c.json(draft);
        },
      )
      .delete('/:id/draft', requireScope('update:hooks'), async (c) => {
        const check = draftIfMatch(c);
        must(
          await repos.hookVersions.discardDraft(c.req.param('id'), (current) =>
            check(draftEtagBase(current)),
          ),
          inexistentHook,
        );
        return c.body(null, 204);
      })
      // Deploy: the draft (the one If-Match names, when given) goes live through the gate; the
      // draft is cleared only if it is still the deployed script (a newer save stays a draft).
      .post('/:id/deploy', requireScope('update:hooks'), async (c) => {
        const draft = must(await repos.hookVersions.draft(c.req.param('id')), inexistentHook);
        draftIfMatch(c)(draftEtagBase(draft));
        if (!draft.has_draft)
          throw badRequest("Payload validation error: 'There is no draft to deploy'.");
        const hook = await hooks.change(c.req.param('id'), {
          patch: { script: draft.script },
          clearDraftIf: draft.script,
          always: true,
          force: forced(c),
          actor: c.get('principal').subject,
        });
        c.set('auditDetails', versionOf(hook));
        c.header('ETag', hookEtag(hook));
        return c.json(hook);
      })

      // Test cases: saved with the hook, run on demand and before code goes live.
      .get('/:id/tests', requireScope('read:hooks'), async (c) => {
        const hook = await exists(c.req.param('id'));
        return c.json(await repos.hookTests.list(hook.id));
      })
      .post(
        '/:id/tests',
        requireScope('update:hooks'),
        jsonBody(hookTestCaseCreateSchema),
        async (c) => {
          const hook = await exists(c.req.param('id'));
          return c.json(await repos.hookTests.add(hook.id, c.req.valid('json')), 201);
        },
      )
      .put(
        '/:id/tests/:test',
        requireScope('update:hooks'),
        jsonBody(hookTestCaseCreateSchema),
        async (c) => {
          const hook = await exists(c.req.param('id'));
          return c.json(
            must(
              await repos.hookTests.update(hook.id, c.req.param('test'), c.req.valid('json')),
              inexistentHookTest,
            ),
          );
        },
      )
      .delete('/:id/tests/:test', requireScope('update:hooks'), async (c) => {
        if (!(await repos.hookTests.delete(c.req.param('id'), c.req.param('test')))) {
          throw inexistentHookTest();
        }
        return c.body(null, 204);
      })
      .post(
        '/:id/test',
        requireScope('update:hooks'),
        jsonBody(hookTestRunRequestSchema),
        async (c) => {
          const hook = await exists(c.req.param('id'));
          const { target } = c.req.valid('json');
          const draft = must(await repos.hookVersions.draft(hook.id), inexistentHook);
          if (typeof target === 'number') {
            const version = must(
              await repos.hookVersions.version(hook.id, String(target)),
              inexistentVersion,
            );
            return c.json(await hooks.runTests(hook.id, version.script, `v${target}`));
          }
          const useDraft = target === 'draft' || (target === undefined && draft.has_draft);
          return c.json(
            await hooks.runTests(
              hook.id,
              useDraft ? draft.script : hook.script,
              useDraft ? 'draft' : 'live',
            ),
          );
        },
      )

      // The Runner on the saved hook, or on a draft of it (`script`) with the hook's secrets.
      .post('/:id/try', requireScope('update:hooks'), jsonBody(hookTryRequestSchema), async (c) =>
        c.json(await hooks.trySaved(c.req.param('id'), c.req.valid('json'))),
      )
  );
}
