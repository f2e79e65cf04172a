import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { ApiError } from '@/shared/api-client';
import type { Hook } from '@/shared/schemas/hook';
import type { Tagged } from '@/web/lib/api';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries, useUpdateHook } from './api';

/** The version the draft started from: saves send its ETag as `If-Match`. */
interface Base {
  script: string;
  etag: string | null;
}

export interface SaveConflict {
  /** The newer version on the server. */
  latest: Tagged<Hook>;
}

/**
 * The editor's draft of a hook's script and how it is saved.
 *
 * A save sends `If-Match` with the ETag of the version the draft was based on, so a save over a
 * newer version is refused (412) instead of silently undoing it. When only the hook's other
 * fields changed since (it was enabled, disabled or renamed; saving the script cannot undo that),
 * the save is retried against the new version; when the script changed, the person chooses
 * between reloading theirs and overwriting it.
 */
export function useHookDraft(tagged: Tagged<Hook>) {
  const qc = useQueryClient();
  const id = tagged.data.id;
  const update = useUpdateHook(id);
  const [base, setBase] = useState<Base>({ script: tagged.data.script, etag: tagged.etag });
  const [draft, setDraft] = useState(tagged.data.script);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const dirty = draft !== base.script;

  // Updated as the editor changes, before React renders: Ctrl+S right after a paste saves the paste.
  const draftRef = useRef(draft);
  const changeDraft = useCallback((next: string) => {
    draftRef.current = next;
    setDraft(next);
  }, []);
  const baseRef = useRef(base);
  baseRef.current = base;

  // A newer version arrived (a refetch, a toggle, a save from Settings): adopt it when that loses nothing.
  useEffect(() => {
    const current = baseRef.current;
    if (current.etag === tagged.etag) return;
    if (tagged.data.script === current.script) {
      setBase({ script: current.script, etag: tagged.etag }); // only other fields changed
    } else if (draftRef.current === current.script) {
      setBase({ script: tagged.data.script, etag: tagged.etag }); // nothing to lose: show theirs
      changeDraft(tagged.data.script);
    }
    // Otherwise the draft has edits over an older script: keep its base, so saving reports the conflict.
  }, [tagged, changeDraft]);

  useEffect(() => {
    if (savedAt === null) return;
    const timer = setTimeout(() => setSavedAt(null), 2500);
    return () => clearTimeout(timer);
  }, [savedAt]);

  const write = useCallback(
    async (script: string, ifMatch: string | null, retried = false): Promise<void> => {
      try {
        const saved = await update.mutateAsync({ patch: { script }, ifMatch });
        setBase({ script: saved.data.script, etag: saved.etag });
        setConflict(null);
        setSavedAt(Date.now());
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) {
          toast.error('Could not save the hook', { description: errorMessage(error) });
          return;
        }
        const fresh = await qc.fetchQuery({ ...hookQueries.detail(id), staleTime: 0 });
        if (!retried && fresh.data.script === baseRef.current.script) return write(script, fresh.etag, true);
        setConflict({ latest: fresh });
      }
    },
    [id, qc, update],
  );

  const save = useCallback(() => {
    if (update.isPending) return;
    const script = draftRef.current;
    if (!script.trim()) {
      toast.error('The hook needs some code', { description: 'Write the function before saving.' });
      return;
    }
    if (script === baseRef.current.script) {
      setSavedAt(Date.now());
      return;
    }
    void write(script, baseRef.current.etag);
  }, [update.isPending, write]);

  /** Conflict: keep the server's version and drop the draft. */
  const reload = useCallback(() => {
    if (!conflict) return;
    setBase({ script: conflict.latest.data.script, etag: conflict.latest.etag });
    changeDraft(conflict.latest.data.script);
    setConflict(null);
  }, [conflict, changeDraft]);

  /** Conflict: save the draft over the newer version. */
  const overwrite = useCallback(() => {
    if (!conflict) return;
    void write(draftRef.current, conflict.latest.etag, true);
  }, [conflict, write]);

  return {
    draft,
    /** The draft as of now, even between a change and the next render. */
    getDraft: useCallback(() => draftRef.current, []),
    setDraft: changeDraft,
    dirty,
    save,
    saving: update.isPending,
    /** Set for a moment after a save: the "Saved" feedback. */
    justSaved: savedAt !== null && !dirty,
    conflict,
    dismissConflict: () => setConflict(null),
    reload,
    overwrite,
  };
}
