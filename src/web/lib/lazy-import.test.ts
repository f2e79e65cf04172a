import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteObject } from 'react-router';
import { retryImport, withLazyRetry } from './lazy-import';

const failed = () => new TypeError('Failed to fetch dynamically imported module: /assets/x.js');

/** A loader that fails `failures` times, then loads; `calls` counts the attempts. */
function loader(failures: number) {
  const state = { calls: 0 };
  const load = () => {
    state.calls += 1;
    return state.calls <= failures ? Promise.reject(failed()) : Promise.resolve({ ok: true });
  };
  return { state, load };
}

describe('retryImport', () => {
  it('loads on the first attempt without a second one', async () => {
    const { state, load } = loader(0);
    await expect(retryImport(load)).resolves.toEqual({ ok: true });
    expect(state.calls).toBe(1);
  });

  it('fetches once more after a failure', async () => {
    const { state, load } = loader(1);
    await expect(retryImport(load)).resolves.toEqual({ ok: true });
    expect(state.calls).toBe(2);
  });

  describe('when the second attempt fails too', () => {
    let assign: ReturnType<typeof vi.fn>;
    beforeEach(() => {
      const stored = new Map<string, string>();
      assign = vi.fn();
      vi.stubGlobal('sessionStorage', {
        getItem: (key: string) => stored.get(key) ?? null,
        setItem: (key: string, value: string) => void stored.set(key, value),
      });
      vi.stubGlobal('window', { location: { href: 'http://console.test/apis', assign } });
    });
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('loads the destination page again, once; a failure after that goes to the caller', async () => {
      const first = loader(2);
      const pending = retryImport(first.load, () => '/logs');
      await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/logs'));
      expect(first.state.calls).toBe(2);

      // The reloaded page fails the same way: the error shows instead of a second reload.
      const second = loader(2);
      await expect(retryImport(second.load, () => '/logs')).rejects.toThrow(
        'Failed to fetch dynamically imported module',
      );
      expect(second.state.calls).toBe(2);
      expect(assign).toHaveBeenCalledTimes(1);
      // The first call never settles: its page is being replaced.
      await expect(Promise.race([pending, Promise.resolve('pending')])).resolves.toBe('pending');
    });

    it('loads the current page again when no destination is given', async () => {
      void retryImport(loader(2).load);
      await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('http://console.test/apis'));
    });
  });
});

describe('withLazyRetry', () => {
  it('retries the lazy modules of routes at every depth and keeps the rest of each route', async () => {
    const child = loader(1);
    const parent = loader(1);
    const routes: RouteObject[] = [
      {
        path: 'a',
        id: 'a',
        lazy: parent.load as RouteObject['lazy'],
        children: [{ index: true, lazy: child.load as RouteObject['lazy'] }, { path: 'b' }],
      },
    ];
    const [a] = withLazyRetry(routes, () => '/a');
    expect(a).toMatchObject({ path: 'a', id: 'a' });
    expect(a!.children?.[1]).toEqual({ path: 'b' });
    await expect((a!.lazy as () => Promise<unknown>)()).resolves.toEqual({ ok: true });
    await expect((a!.children![0]!.lazy as () => Promise<unknown>)()).resolves.toEqual({
      ok: true,
    });
    expect([parent.state.calls, child.state.calls]).toEqual([2, 2]);
    expect(routes[0]!.lazy).toBe(parent.load);
  });
});
