import { useEffect, useState } from 'react';
import { onSonnerLoaded } from '@/web/lib/toast';

type Sonner = Parameters<Parameters<typeof onSonnerLoaded>[0]>[0];

/** sonner's Toaster, mounted once the first toast has loaded sonner (see lib/toast.ts). */
export function Toasts({ theme }: { theme: 'light' | 'dark' }) {
  const [sonner, setSonner] = useState<Sonner | null>(null);
  useEffect(() => onSonnerLoaded(setSonner), []);
  if (!sonner) return null;
  const { Toaster } = sonner;
  return (
    <Toaster
      theme={theme}
      position="bottom-right"
      closeButton
      richColors={false}
      toastOptions={{ duration: 4000 }}
    />
  );
}
