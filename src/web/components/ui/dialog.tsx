import { useEffect, useId, useRef, type ReactNode } from 'react';
import { X } from 'lucide-react';
import { cn } from '@/web/lib/cn';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** `lg` for a form with an editor in it. */
  size?: 'md' | 'lg';
  className?: string;
}

const widths = { md: 'max-w-lg', lg: 'max-w-2xl' };

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores focus.
 * Content mounts only while open, so every opening starts from a clean form.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  size = 'md',
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cn(
        'm-auto w-[calc(100%-2rem)] rounded-xl border border-line bg-surface p-0 text-fg shadow-2xl',
        'backdrop:bg-black/45 backdrop:backdrop-blur-[2px]',
        widths[size],
        className,
      )}
    >
      {open && (
        <div className="flex flex-col">
          <header className="flex items-start justify-between gap-4 px-6 pt-5">
            <div>
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description && (
                <p id={descriptionId} className="mt-1 text-sm text-muted">
                  {description}
                </p>
              )}
            </div>
            <button
              type="button"
              aria-label="Close"
              onClick={onClose}
              className="-mt-1 -mr-2 rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg"
            >
              <X className="size-4" aria-hidden />
            </button>
          </header>
          <div className="px-6 pt-4 pb-6">{children}</div>
        </div>
      )}
    </dialog>
  );
}
