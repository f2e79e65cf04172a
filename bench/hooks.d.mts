// Types of hooks.mjs for sandbox-bench.ts.
export const SEED_HOOK: string;
export function LOOPING_HOOK(hostile: string): string;
export function FETCH_HOOK(url: string): string;
