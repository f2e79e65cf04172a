import { useEffect } from 'react';
import { useBlocker } from 'react-router';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How the page names the two save shortcuts on this platform. */
export const saveShortcut = isMac ? '⌘S' : 'Ctrl+S';
export const draftShortcut = isMac ? '⇧⌘S' : 'Ctrl+Shift+S';

/**
 * Ctrl+S / Cmd+S anywhere on the page saves, Ctrl+Shift+S saves the draft (Monaco handles them
 * itself while it has focus, and marks the event handled).
 */
export function useSaveShortcuts(save: () => unknown, saveDraft: () => unknown) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        !(event.ctrlKey || event.metaKey) ||
        event.altKey ||
        event.key.toLowerCase() !== 's'
      )
        return;
      event.preventDefault(); // not the browser's "Save page as…"
      if (event.shiftKey) void saveDraft();
      else void save();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [save, saveDraft]);
}

/**
 * Leaving the hook's pages with unsaved changes: the router asks first (the returned blocker
 * drives the dialog); closing or reloading the tab, the browser does.
 */
export function useLeaveGuard(hookId: string, dirty: boolean) {
  const base = `/hooks/${hookId}`;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.pathname === base || nextLocation.pathname.startsWith(`${base}/`)),
  );
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  return blocker;
}
