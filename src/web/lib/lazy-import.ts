import { lazy } from 'react';
import type { RouteObject } from 'react-router';

/** How long to wait before the second attempt: a server that restarts is back within it. */
const RETRY_AFTER_MS = 500;
/** When the page was last loaded again to fetch a module (sessionStorage, epoch ms). */
const RELOADED_AT_KEY = 'tokenhook.module-reload-at';
/** A module that fails again within this long of that load is an error to show, not to retry. */
const RELOAD_WINDOW_MS = 30_000;

/**
 * Loads `url` afresh, unless that was done less than RELOAD_WINDOW_MS ago in this tab (then
 * returns false): a page load starts with an empty module map.
 */
function loadPageOnce(url: string): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
    if (Date.now() - last < RELOAD_WINDOW_MS) return false;
    sessionStorage.setItem(RELOADED_AT_KEY, String(Date.now()));
  } catch {
    return false; // no storage to remember it by: no reload that could repeat
  }
  window.location.assign(url);
  return true;
}

/**
 * Runs a dynamic import, and tries again if it fails: a chunk can fail to load on a dropped
 * connection or while the server restarts ("Failed to fetch dynamically imported module" in
 * Chromium). The import is called once more; Chromium remembers a failed module fetch for the
 * page's lifetime, so if that fails too, the page at `destination` (where the person was going)
 * is loaded again, once. A module that still fails after that rejects, for the caller's error page.
 */
export function retryImport<T>(
  load: () => Promise<T>,
  destination: () => string = () => window.location.href,
): Promise<T> {
  return load()
    .catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS)).then(load))
    .catch((error: unknown) => {
      if (!loadPageOnce(destination())) throw error;
      return new Promise<T>(() => {}); // the page is being replaced
    });
}

/** React's `lazy`, its import retried (`retryImport`). */
export const lazyWithRetry: typeof lazy = (load) => lazy(() => retryImport(load));

/**
 * The routes, every `lazy` route module's import retried (`retryImport`); `destination` gives the
 * URL being navigated to.
 */
export function withLazyRetry(routes: RouteObject[], destination: () => string): RouteObject[] {
  return routes.map((route): RouteObject => {
    const { lazy: load, children } = route;
    const next = { ...route };
    if (typeof load === 'function') next.lazy = () => retryImport(load, destination);
    if (children) next.children = withLazyRetry(children, destination);
    return next;
  });
}
