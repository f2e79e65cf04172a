import type { Client } from '@/shared/schemas/client';

const labels: Record<Client['app_type'], string> = {
  non_interactive: 'Machine to Machine',
  regular_web: 'Regular Web',
  spa: 'Single Page',
  native: 'Native',
};

/** Auth0's Dashboard names for `app_type`. */
export const appTypeLabel = (type: Client['app_type']) => labels[type];
