import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { X } from 'lucide-react';

/**
 * The navigation on narrow screens: a panel from the left on the native modal <dialog>, so the
 * browser traps focus inside it, closes it on Escape and returns focus to the menu button. It
 * closes itself when a link in it changes the page.
 */
export function NavDrawer({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const location = useLocation();
  const opened = useRef(location.key);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opened.current = location.key;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, location.key]);

  useEffect(() => {
    if (open && location.key !== opened.current) onClose();
  }, [open, location.key, onClose]);

  return (
    <dialog
      ref={ref}
      aria-label="Menu"
      onClose={onClose}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="fixed inset-y-0 left-0 m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-line bg-surface p-0 text-fg shadow-2xl backdrop:bg-black/45"
    >
      {open && (
        <div className="flex h-full flex-col">
          <div className="flex h-14 items-center justify-between border-b border-line px-4">
            {title}
            <button
              type="button"
              aria-label="Close menu"
              onClick={onClose}
              className="inline-flex size-9 cursor-pointer items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
            >
              <X className="size-5" aria-hidden />
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
