import type { Hook } from '@/shared/schemas/hook';

/**
 * The list after enabling or disabling `target`: at most one hook per extensibility point is
 * enabled, so enabling it turns the point's others off (as the server does in one transaction).
 */
export function applyEnabled(
  hooks: Hook[],
  target: Pick<Hook, 'id' | 'triggerId'>,
  enabled: boolean,
): Hook[] {
  return hooks.map((h) => {
    if (h.id === target.id) return { ...h, enabled };
    if (enabled && h.triggerId === target.triggerId && h.enabled) return { ...h, enabled: false };
    return h;
  });
}

/** The hook that enabling `target` would switch off: the one live on the same point, if any. */
export function liveRival(hooks: Hook[], target: Pick<Hook, 'id' | 'triggerId'>): Hook | undefined {
  return hooks.find((h) => h.enabled && h.triggerId === target.triggerId && h.id !== target.id);
}
