import { useEffect } from 'react';

/** "Orders API · Tokenhook" in the browser tab. */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Tokenhook` : 'Tokenhook';
  }, [title]);
}
