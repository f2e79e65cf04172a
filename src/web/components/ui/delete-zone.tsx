import { useState, type ReactNode } from 'react';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';

interface DeleteZoneProps {
  /** What is deleted, as the buttons say it: "API", "application". */
  what: string;
  /** The item's name, which the confirmation asks the admin to type. */
  name: string;
  /** One line under "Delete this …": what deleting does. */
  summary: string;
  /** The confirmation's text. */
  children: ReactNode;
  pending: boolean;
  onDelete: () => void;
}

/** The "Danger zone" card of a detail page: delete behind a confirmation that asks for the name. */
export function DeleteZone({ what, name, summary, children, pending, onDelete }: DeleteZoneProps) {
  const [confirming, setConfirming] = useState(false);
  const label = `Delete ${what}`;
  return (
    <Card title="Danger zone" tone="danger">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="font-medium">Delete this {what}</p>
          <p className="text-[13px] text-muted">{summary}</p>
        </div>
        <Button variant="danger" onClick={() => setConfirming(true)}>
          {label}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`${label}?`}
        confirmLabel={label}
        danger
        typeToConfirm={name}
        pending={pending}
        onConfirm={onDelete}
      >
        {children}
      </ConfirmDialog>
    </Card>
  );
}
