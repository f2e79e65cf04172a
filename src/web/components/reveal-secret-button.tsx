import { Eye, EyeOff } from 'lucide-react';
import { Button } from '@/web/components/ui/button';

/** The toggle that shows or masks a client secret inside a request the console displays. */
export function RevealSecretButton({
  reveal,
  onToggle,
}: {
  reveal: boolean;
  onToggle: () => void;
}) {
  return (
    <Button size="sm" variant="ghost" aria-pressed={reveal} onClick={onToggle}>
      {reveal ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
      {reveal ? 'Hide secret' : 'Reveal secret'}
    </Button>
  );
}
