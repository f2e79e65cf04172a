import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { Toasts } from '@/web/components/toasts';
import { queryClient } from '@/web/lib/query-client';
import { useTheme } from '@/web/lib/theme';
import { router } from './router';

export function AppProvider() {
  const { resolved } = useTheme();
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toasts theme={resolved} />
    </QueryClientProvider>
  );
}
