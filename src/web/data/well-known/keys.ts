export const wellKnownKeys = {
  all: ['well-known'] as const,
  discovery: () => [...wellKnownKeys.all, 'openid-configuration'] as const,
};
