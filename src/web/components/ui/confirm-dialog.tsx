import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';
import { DialogFooter } from './dialog-footer';
import { Field } from './field';
import { Input } from './input';

interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  danger?: boolean;
  /** When set, the person types this (e.g. the API's name) before confirming. */
  typeToConfirm?: string;
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog({ open, onClose, title, ...form }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <ConfirmForm onClose={onClose} {...form} />
    </Dialog>
  );
}

function ConfirmForm({
  onClose,
  children,
  confirmLabel,
  onConfirm,
  pending,
  danger,
  typeToConfirm,
}: Omit<ConfirmDialogProps, 'open' | 'title'>) {
  const [typed, setTyped] = useState('');
  const ready = typeToConfirm === undefined || typed === typeToConfirm;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) onConfirm();
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="space-y-3 text-sm text-muted">{children}</div>
      {typeToConfirm !== undefined && (
        <Field
          className="mt-4"
          label={
            <>
              Type <span className="font-mono font-semibold">{typeToConfirm}</span> to confirm
            </>
          }
        >
          {(control) => (
            <Input
              {...control}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              autoFocus
            />
          )}
        </Field>
      )}
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          type="submit"
          variant={danger ? 'danger' : 'primary'}
          disabled={!ready}
          pending={pending}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
