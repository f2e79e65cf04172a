import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { hookExecutionSchema, type HookExecution } from '@/shared/schemas/hook';
import { hookKeys } from './keys';
import { hookPath, hookQueries } from './queries';

export type LogStreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Tails `/hooks/{id}/logs/stream` (Server-Sent Events; the session cookie authenticates it) into
 * the logs query, newest first. After a reconnect the history is read again, for what was missed.
 */
export function useHookLogStream(id: string): LogStreamStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LogStreamStatus>('connecting');
  useEffect(() => {
    const source = new EventSource(`/api/v2${hookPath(id)}/logs/stream`);
    let dropped = false;
    setStatus('connecting');
    source.addEventListener('ready', () => {
      setStatus('live');
      if (dropped) void qc.invalidateQueries({ queryKey: hookKeys.logs(id) });
      dropped = false;
    });
    source.addEventListener('execution', (event: MessageEvent<string>) => {
      const parsed = hookExecutionSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return;
      // Until the history is loaded the cache stays empty: a live run alone in it would pass for
      // the history, which would then never be fetched. The history will include this run.
      qc.setQueryData(hookQueries.logs(id).queryKey, (current: HookExecution[] | undefined) =>
        current === undefined || current.some((e) => e.id === parsed.data.id)
          ? current
          : [parsed.data, ...current],
      );
    });
    source.addEventListener('error', () => {
      dropped = true;
      setStatus('reconnecting'); // EventSource reconnects by itself
    });
    return () => source.close();
  }, [id, qc]);
  return status;
}
