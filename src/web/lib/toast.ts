/**
 * Toasts without sonner in the first page's JavaScript (at most 150 KB over the wire, checked by e2e/budget.spec.ts): sonner loads on
 * the first toast, and `<Toasts/>` mounts its Toaster then. sonner replays the toasts that are
 * still active to a Toaster that subscribes late, so the first one is shown too.
 */
type Sonner = typeof import('sonner');
type ToastOptions = { description?: string };

let sonner: Promise<Sonner> | undefined;
let loaded: Sonner | undefined;
const listeners = new Set<(s: Sonner) => void>();

function load(): Promise<Sonner> {
  sonner ??= import('sonner').then((s) => {
    loaded = s;
    for (const listener of listeners) listener(s);
    return s;
  });
  return sonner;
}

/** Calls `listener` once sonner is loaded (at once if it is); returns the unsubscribe. */
export function onSonnerLoaded(listener: (s: Sonner) => void): () => void {
  if (loaded) listener(loaded);
  else listeners.add(listener);
  return () => listeners.delete(listener);
}

function show(kind: 'success' | 'error', message: string, options?: ToastOptions) {
  void load().then((s) => s.toast[kind](message, options));
}

export const toast = {
  success: (message: string, options?: ToastOptions) => show('success', message, options),
  error: (message: string, options?: ToastOptions) => show('error', message, options),
};
