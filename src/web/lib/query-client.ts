import { MutationCache, QueryClient } from '@tanstack/react-query';
import { toast } from '@/web/lib/toast';
import { ApiError } from '@/shared/api-error';
import { inConsoleWords } from './error-words';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The form shows the error itself: no toast. */
      silentError?: boolean;
    };
  }
}

/** Turns any failure into the sentence a person should read. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return inConsoleWords(error.body.message);
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change by asking again; network and 5xx errors get two more tries.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status < 500) && failureCount < 2,
    },
  },
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      if (mutation.meta?.silentError) return;
      if (error instanceof ApiError && error.status === 401) return; // the sign-in page takes over
      toast.error(errorMessage(error));
    },
  }),
});
