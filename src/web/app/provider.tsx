import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { Toaster } from 'sonner';
import { queryClient } from '@/web/lib/query-client';
import { useTheme } from '@/web/lib/theme';
import { router } from './router';

export function AppProvider() {
  const { resolved } = useTheme();
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toaster theme={resolved} position="bottom-right" closeButton richColors={false} toastOptions={{ duration: 4000 }} />
    </QueryClientProvider>
  );
}
