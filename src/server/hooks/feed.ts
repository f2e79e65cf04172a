import type { HookExecution } from '@/shared/schemas/hook';

type Listener = (execution: HookExecution) => void;

/** Live executions per hook, for the editor's Logs panel and `tokenhook logs -f` (SSE). */
export class ExecutionFeed {
  readonly #listeners = new Map<string, Set<Listener>>();

  subscribe(hookId: string, listener: Listener): () => void {
    let set = this.#listeners.get(hookId);
    if (!set) this.#listeners.set(hookId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(hookId);
    };
  }

  /** Whether anyone follows the hook's executions. */
  watched(hookId: string): boolean {
    return this.#listeners.has(hookId);
  }

  publish(execution: HookExecution): void {
    for (const listener of this.#listeners.get(execution.hook_id) ?? []) listener(execution);
  }
}
