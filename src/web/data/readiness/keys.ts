export const readinessKeys = {
  current: () => ['readyz'] as const,
};
