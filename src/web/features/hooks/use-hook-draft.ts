import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/shared/api-client';
import { toast } from '@/web/lib/toast';
import type { Hook, HookDraft } from '@/shared/schemas/hook';
import type { Tagged } from '@/web/lib/api';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries, useDeployHook, useDiscardHookDraft, useSaveHookDraft } from './api';
import { isTestGateRefusal } from './gate';

/** How a deploy went: failing test cases refuse it (`refused`, for the caller to offer the override). */
export type DeployResult = { ok: true } | { ok: false; refused?: ApiError };

export interface SaveConflict {
  /** The draft (or, without one, the live script) someone else saved since. */
  latest: HookDraft;
}

/**
 * The editor's buffer and the hook's saved draft (issue 11 §2).
 *
 * Ctrl+S saves the buffer as the draft (`PUT /draft`): the live hook and `/oauth/token` are
 * untouched until "Deploy" (`POST /deploy`) makes the draft live as a new version. The draft has
 * no ETag, so before a save the editor reads it again: if someone else saved a different draft
 * (or changed the live script while there was none) since this buffer was based on it, the person
 * chooses between reloading theirs and overwriting it, rather than silently undoing it.
 */
export function useHookDraft(tagged: Tagged<Hook>, saved: HookDraft) {
  const qc = useQueryClient();
  const id = tagged.data.id;
  const put = useSaveHookDraft(id);
  const deployMutation = useDeployHook(id);
  const discardMutation = useDiscardHookDraft(id);
  /** The saved script the buffer started from. */
  const [base, setBase] = useState(saved.script);
  const [buffer, setBuffer] = useState(saved.script);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const dirty = buffer !== base;

  // Updated as the editor changes, before React renders: Ctrl+S right after a paste saves the paste.
  const bufferRef = useRef(buffer);
  const changeBuffer = useCallback((next: string) => {
    bufferRef.current = next;
    setBuffer(next);
  }, []);
  const baseRef = useRef(base);
  baseRef.current = base;

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

  const write = useCallback(
    async (script: string): Promise<boolean> => {
      try {
        const draft = await put.mutateAsync(script);
        setBase(draft.script);
        setConflict(null);
        setSavedAt(Date.now());
        return true;
      } catch (error) {
        toast.error('Could not save the draft', { description: errorMessage(error) });
        return false;
      }
    },
    [put],
  );

  /** Saves the buffer as the draft; resolves false when it was not saved (empty, refused, conflict). */
  const save = useCallback(async (): Promise<boolean> => {
    if (put.isPending) return false;
    const script = bufferRef.current;
    if (!script.trim()) {
      toast.error('The hook needs some code', { description: 'Write the function before saving.' });
      return false;
    }
    const fresh = await qc.fetchQuery({ ...hookQueries.draft(id), staleTime: 0 }).catch(() => undefined);
    if (fresh && fresh.script !== baseRef.current && fresh.script !== script) {
      setConflict({ latest: fresh });
      return false;
    }
    if (fresh?.has_draft && fresh.script === script) {
      setBase(script);
      setSavedAt(Date.now());
      return true;
    }
    return write(script);
  }, [put.isPending, qc, id, write]);

  /** Saves what is unsaved, then makes the draft live (`force`: over failing test cases). */
  const deploy = useCallback(
    async ({ force = false }: { force?: boolean } = {}): Promise<DeployResult> => {
      if (bufferRef.current !== baseRef.current || !qc.getQueryData(hookQueries.draft(id).queryKey)?.has_draft) {
        if (!(await save())) return { ok: false };
      }
      try {
        await deployMutation.mutateAsync({ force });
        return { ok: true };
      } catch (error) {
        if (!force && isTestGateRefusal(error)) return { ok: false, refused: error };
        toast.error('Could not deploy the draft', { description: errorMessage(error) });
        return { ok: false };
      }
    },
    [save, deployMutation, qc, id],
  );

  /** Drops the saved draft and any unsaved edits: the editor shows the live script again. */
  const discard = useCallback(async () => {
    await discardMutation.mutateAsync();
    const fresh = await qc.fetchQuery({ ...hookQueries.draft(id), staleTime: 0 });
    setBase(fresh.script);
    changeBuffer(fresh.script);
  }, [discardMutation, qc, id, changeBuffer]);

  /** Conflict: take the saved version and drop the buffer. */
  const reload = useCallback(() => {
    if (!conflict) return;
    setBase(conflict.latest.script);
    changeBuffer(conflict.latest.script);
    setConflict(null);
  }, [conflict, changeBuffer]);

  /** Conflict: save the buffer over it. */
  const overwrite = useCallback(() => {
    if (!conflict) return;
    void write(bufferRef.current);
  }, [conflict, write]);

  return {
    draft: buffer,
    /** The buffer as of now, even between a change and the next render. */
    getDraft: useCallback(() => bufferRef.current, []),
    setDraft: changeBuffer,
    /** The buffer has edits that are not saved as the draft. */
    dirty,
    save,
    saving: put.isPending,
    /** Set for a moment after a save: the "Saved" feedback. */
    justSaved: savedAt !== null && !dirty,
    /** A draft is saved and it is not what runs. */
    differsFromLive: saved.has_draft && saved.script !== tagged.data.script,
    hasDraft: saved.has_draft,
    /** Something to deploy: unsaved edits or a saved draft that differs from live. */
    deployable: buffer !== tagged.data.script || (saved.has_draft && saved.script !== tagged.data.script),
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
