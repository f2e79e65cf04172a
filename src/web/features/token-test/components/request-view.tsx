import { useState } from 'react';
import { RevealSecretButton } from '@/web/components/reveal-secret-button';
import { CodeBlock } from '@/web/components/ui/code-block';
import { cn } from '@/web/lib/cn';
import { toCurl, toHar, type TokenRequest } from '../request';

const formats = [
  { id: 'curl', label: 'curl' },
  { id: 'har', label: 'HAR' },
] as const;

/** The exchange as curl or as the guide's HAR JSON; the secret stays masked until revealed. */
export function RequestView({ request }: { request: TokenRequest }) {
  const [format, setFormat] = useState<'curl' | 'har'>('curl');
  const [reveal, setReveal] = useState(false);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div
          role="group"
          aria-label="Request format"
          className="inline-flex rounded-lg border border-line-strong bg-subtle p-0.5"
        >
          {formats.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={format === f.id}
              onClick={() => setFormat(f.id)}
              className={cn(
                'cursor-pointer rounded-md px-3 py-1 text-[13px] font-medium transition-colors',
                format === f.id ? 'bg-surface text-fg shadow-xs' : 'text-muted hover:text-fg',
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        <RevealSecretButton reveal={reveal} onToggle={() => setReveal((r) => !r)} />
      </div>
      {format === 'curl' ? (
        <CodeBlock
          code={toCurl(request, reveal)}
          label="curl command"
          copyLabel="Copy curl command"
        />
      ) : (
        <CodeBlock code={toHar(request, reveal)} label="HAR request" copyLabel="Copy HAR request" />
      )}
    </div>
  );
}
