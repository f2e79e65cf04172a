import type { LogType } from '@/shared/schemas/log';

/** Auth0's event codes in words. */
export const LOG_TYPE_LABELS: Record<LogType, string> = {
  sapi: 'API operation',
  fapi: 'API operation refused',
  seccft: 'Token exchange',
  feccft: 'Failed token exchange',
};

export const LOG_TYPE_TONES: Record<LogType, 'neutral' | 'success' | 'warning' | 'accent'> = {
  sapi: 'accent',
  fapi: 'warning',
  seccft: 'success',
  feccft: 'warning',
};

export const isLogType = (value: string | null): value is LogType =>
  value !== null && value in LOG_TYPE_LABELS;
