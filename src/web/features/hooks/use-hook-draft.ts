import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '@/shared/api-error';
import { toast } from '@/web/lib/toast';
import type { Hook } from '@/shared/schemas/hook';
import type { Tagged } from '@/shared/api-client';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries, type TaggedDraft } from '@/web/data/hooks/queries';
import {
  useDeployHook,
  useDiscardHookDraft,
  useSaveHookDraft,
  useUpdateHook,
} from '@/web/data/hooks/mutations';
import { isGateRefusal } from './gate';

/** How a save or deploy went: the gate's refusal (compile error, failing cases) is for the caller to show. */
export type GoLiveResult = { ok: true } | { ok: false; refused?: ApiError };

export interface SaveConflict {
  /** What was being saved: the draft, or the hook itself (Ctrl+S). */
  target: 'draft' | 'hook';
  /** The script someone else saved since (the draft, or the live script). */
  latest: string;
}

const isStale = (error: unknown) => error instanceof ApiError && error.status === 412;

/**
 * The editor's buffer, the hook and its saved draft.
 *
 * Ctrl+S saves the buffer as the hook's code, as Auth0's webtask editor did: on a disabled hook
 * that is all; on an enabled hook the code goes live, through the server's gate (it must compile
 * and pass the saved test cases). A refusal changes nothing and is returned for the editor to
 * show, with "Keep as draft". "Save draft" (`PUT /draft`) stages the buffer beside the live hook;
 * "Deploy" makes the saved draft live. Every write sends the ETag of what the buffer was based on
 * (`If-Match`: the hook for Ctrl+S, the draft for drafts and deploys), so a save over someone
 * else's newer change is refused (412) and the person chooses between theirs and overwriting it.
 */
export function useHookDraft(tagged: Tagged<Hook>, saved: TaggedDraft) {
  const qc = useQueryClient();
  const id = tagged.data.id;
  const put = useSaveHookDraft(id);
  const patch = useUpdateHook(id);
  const deployMutation = useDeployHook(id);
  const discardMutation = useDiscardHookDraft(id);
  /** The saved script the buffer started from. */
  const [base, setBase] = useState(saved.script);
  const [buffer, setBuffer] = useState(saved.script);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [savedAt, setSavedAt] = useState<{ at: number; live: boolean } | null>(null);
  const dirty = buffer !== base;

  // Updated as the editor changes, before React renders: Ctrl+S right after a paste saves the paste.
  const bufferRef = useRef(buffer);
  const changeBuffer = useCallback((next: string) => {
    bufferRef.current = next;
    setBuffer(next);
  }, []);
  const baseRef = useRef(base);
  baseRef.current = base;
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const hookRef = useRef(tagged);
  hookRef.current = tagged;

  // The saved draft changed (deploy, discard, roll back, another tab): adopt it when that loses nothing.
  useEffect(() => {
    const current = baseRef.current;
    if (saved.script === current) return;
    if (bufferRef.current === current || bufferRef.current === saved.script) {
      setBase(saved.script);
      changeBuffer(saved.script);
    }
    // Otherwise the buffer has edits over an older draft: keep its base, so saving reports the conflict.
  }, [saved.script, changeBuffer]);

  useEffect(() => {
    if (savedAt === null) return;
    const timer = setTimeout(() => setSavedAt(null), 2500);
    return () => clearTimeout(timer);
  }, [savedAt]);

  const hasCode = (script: string) => {
    if (script.trim()) return true;
    toast.error('The hook needs some code', { description: 'Write the function before saving.' });
    return false;
  };

  /** Writes `script` as the draft, over the draft the buffer saw (or any, with `overwrite`). */
  const writeDraft = useCallback(
    async (script: string, overwrite = false): Promise<TaggedDraft | undefined> => {
      try {
        const draft = await put.mutateAsync({
          script,
          ifMatch: overwrite ? null : savedRef.current.etag,
        });
        setBase(draft.script);
        setConflict(null);
        setSavedAt({ at: Date.now(), live: false });
        return draft;
      } catch (error) {
        if (isStale(error)) {
          const fresh = await qc
            .fetchQuery({ ...hookQueries.draft(id), staleTime: 0 })
            .catch(() => undefined);
          setConflict({ target: 'draft', latest: fresh?.script ?? script });
        } else toast.error('Could not save the draft', { description: errorMessage(error) });
        return undefined;
      }
    },
    [put, qc, id],
  );

  /** "Save draft": stages the buffer beside the live hook; resolves false when it was not saved. */
  const saveDraft = useCallback(async (): Promise<boolean> => {
    if (put.isPending) return false;
    const script = bufferRef.current;
    if (!hasCode(script)) return false;
    if (savedRef.current.has_draft && savedRef.current.script === script) {
      setBase(script);
      setSavedAt({ at: Date.now(), live: false });
      return true;
    }
    return (await writeDraft(script)) !== undefined;
  }, [put.isPending, writeDraft]);

  /**
   * Ctrl+S: saves the buffer as the hook's code (live at once on an enabled hook, through the
   * gate). The draft the buffer came from is then dropped: the saved code supersedes it.
   */
  const save = useCallback(
    async ({
      force = false,
      overwrite = false,
    }: { force?: boolean; overwrite?: boolean } = {}): Promise<GoLiveResult> => {
      if (patch.isPending) return { ok: false };
      const script = bufferRef.current;
      if (!hasCode(script)) return { ok: false };
      const hook = hookRef.current;
      const draft = savedRef.current;
      try {
        if (script !== hook.data.script) {
          await patch.mutateAsync({
            patch: { script },
            ifMatch: overwrite ? null : hook.etag,
            force,
          });
        }
        if (draft.has_draft)
          await discardMutation.mutateAsync({ ifMatch: draft.etag }).catch(() => undefined); // a newer draft stays
        setBase(script);
        setConflict(null);
        setSavedAt({ at: Date.now(), live: hook.data.enabled });
        return { ok: true };
      } catch (error) {
        if (!force && isGateRefusal(error)) return { ok: false, refused: error };
        if (isStale(error)) {
          const fresh = await qc
            .fetchQuery({ ...hookQueries.detail(id), staleTime: 0 })
            .catch(() => undefined);
          setConflict({ target: 'hook', latest: fresh?.data.script ?? script });
        } else toast.error('Could not save the hook', { description: errorMessage(error) });
        return { ok: false };
      }
    },
    [patch, discardMutation, qc, id],
  );

  /** Saves what is unsaved as the draft, then makes that draft live (`force`: over failing test cases). */
  const deploy = useCallback(
    async ({ force = false }: { force?: boolean } = {}): Promise<GoLiveResult> => {
      let draft: TaggedDraft | undefined = savedRef.current;
      if (bufferRef.current !== baseRef.current || !draft.has_draft) {
        if (!hasCode(bufferRef.current)) return { ok: false };
        draft =
          draft.has_draft && draft.script === bufferRef.current
            ? draft
            : await writeDraft(bufferRef.current);
        if (!draft) return { ok: false };
      }
      try {
        await deployMutation.mutateAsync({ force, ifMatch: draft.etag });
        return { ok: true };
      } catch (error) {
        if (!force && isGateRefusal(error)) return { ok: false, refused: error };
        toast.error('Could not deploy the draft', { description: errorMessage(error) });
        return { ok: false };
      }
    },
    [writeDraft, deployMutation],
  );

  /** Drops the saved draft and any unsaved edits: the editor shows the live script again. */
  const discard = useCallback(async () => {
    await discardMutation.mutateAsync({ ifMatch: savedRef.current.etag });
    const fresh = await qc.fetchQuery({ ...hookQueries.draft(id), staleTime: 0 });
    setBase(fresh.script);
    changeBuffer(fresh.script);
  }, [discardMutation, qc, id, changeBuffer]);

  /** Conflict: take the saved version and drop the buffer. */
  const reload = useCallback(() => {
    if (!conflict) return;
    setBase(conflict.latest);
    changeBuffer(conflict.latest);
    setConflict(null);
  }, [conflict, changeBuffer]);

  /** Conflict: save the buffer over it. */
  const overwrite = useCallback(() => {
    if (!conflict) return;
    if (conflict.target === 'draft') void writeDraft(bufferRef.current, true);
    else void save({ overwrite: true });
  }, [conflict, writeDraft, save]);

  return {
    draft: buffer,
    /** The buffer as of now, even between a change and the next render. */
    getDraft: useCallback(() => bufferRef.current, []),
    setDraft: changeBuffer,
    /** The buffer has edits that are not saved (as the hook or as the draft). */
    dirty,
    save,
    saving: patch.isPending,
    saveDraft,
    savingDraft: put.isPending,
    /** Set for a moment after a save: "Saved" (and whether it went live). */
    justSaved: savedAt !== null && !dirty ? savedAt : null,
    /** A draft is saved and it is not what runs. */
    differsFromLive: saved.has_draft && saved.script !== tagged.data.script,
    hasDraft: saved.has_draft,
    /** Something to deploy: unsaved edits or a saved draft that differs from live. */
    deployable:
      buffer !== tagged.data.script || (saved.has_draft && saved.script !== tagged.data.script),
    deploy,
    deploying: deployMutation.isPending,
    discard,
    discarding: discardMutation.isPending,
    conflict,
    dismissConflict: () => setConflict(null),
    reload,
    overwrite,
  };
}
