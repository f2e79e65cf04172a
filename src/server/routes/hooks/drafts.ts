import { Hono, type Context } from 'hono';
import { hookDraftUpdateSchema, type HookDraft } from '@/shared/schemas/hook';
import type { AppDeps } from '../../app-deps';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/mgmt-guard';
import { inexistentHook } from '../../db/repos/hooks';
import { badRequest, must } from '../../errors';
import { etagOf, ifMatch } from '../../etag';
import { jsonBody } from '../../validate';
import { forced, hookEtag, versionOf } from './common';

/** `If-Match` on a hook's draft (`GET /hooks/{id}/draft` sends its ETag). */
const draftIfMatch = (c: Context) => ifMatch(c.req.header('if-match'), "hook's draft");

/** What a draft's ETag covers: its script and whether it is saved (not its derived fields). */
const draftEtagBase = (draft: HookDraft) => ({
  script: draft.script,
  has_draft: draft.has_draft,
  updated_at: draft.updated_at,
});
const draftEtag = (draft: HookDraft) => etagOf(draftEtagBase(draft));

/**
 * `/api/v2/hooks/{id}/draft` and `/deploy`: a draft is saved beside the live hook and goes live
 * only once deployed. The draft has its own ETag: saves and discards take If-Match, and deploy
 * takes the If-Match of the draft it means.
 */
export function hookDraftRoutes({ repos, hooks }: AppDeps) {
  return (
    new Hono<AppEnv>()
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
  );
}
