import { useState } from 'react';
import { RefreshCw } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { useRotateSigningKeys } from '@/web/data/signing-keys/mutations';

/** "Rotate signing keys", after saying what happens to tokens already issued. */
export function RotateKeysButton() {
  const [open, setOpen] = useState(false);
  const rotate = useRotateSigningKeys();
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <RefreshCw className="size-4" aria-hidden />
        Rotate signing keys
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Rotate signing keys?"
        confirmLabel="Rotate keys"
        pending={rotate.isPending}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: (created) => {
              setOpen(false);
              toast.success(
                `Signing keys rotated: ${created.map((k) => k.alg).join(', ')} now signed with a new key`,
              );
            },
          })
        }
      >
        <p>A new key starts signing every token from now on.</p>
        <p>
          The current key becomes the <strong className="font-semibold text-fg">previous</strong>{' '}
          key and stays in the JWKS, so tokens issued before the rotation{' '}
          <strong className="font-semibold text-fg">stay valid until they expire</strong>. The key
          that was previous until now is no longer published: tokens it signed stop verifying.
        </p>
        <p>
          APIs that cache the JWKS pick up the new key when they next fetch it (they do on an
          unknown kid).
        </p>
      </ConfirmDialog>
    </>
  );
}
