import { Plus, Trash2 } from 'lucide-react';
import { Button } from '@/web/components/ui/button';
import { Input } from '@/web/components/ui/input';

export interface MetadataRow {
  id: number;
  key: string;
  value: string;
}

export const MAX_METADATA_KEYS = 10; // Auth0's limit on client_metadata

interface MetadataEditorProps {
  rows: MetadataRow[];
  onChange: (rows: MetadataRow[]) => void;
  /** Messages by row id: `${id}.key` and `${id}.value`. */
  errors: Record<string, string>;
  disabled?: boolean;
}

let nextId = 1;
export const metadataRows = (metadata: Record<string, string>): MetadataRow[] =>
  Object.entries(metadata).map(([key, value]) => ({ id: nextId++, key, value }));

/** Key/value pairs with Auth0's limits: at most 10 keys, string values of at most 255 characters. */
export function MetadataEditor({ rows, onChange, errors, disabled }: MetadataEditorProps) {
  const set = (id: number, patch: Partial<MetadataRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const full = rows.length >= MAX_METADATA_KEYS;
  return (
    <fieldset disabled={disabled} className="space-y-3">
      <legend className="text-[13px] font-medium">Metadata</legend>
      <p className="-mt-1 text-[13px] text-muted">
        Key/value strings that hooks read as <code className="font-mono">client.metadata</code>. Up
        to {MAX_METADATA_KEYS} keys; values up to 255 characters.
      </p>
      {rows.length > 0 && (
        <div className="space-y-2">
          {rows.map((row, index) => {
            const keyError = errors[`${row.id}.key`];
            const valueError = errors[`${row.id}.value`];
            return (
              <div key={row.id} className="grid grid-cols-[1fr_1.6fr_auto] items-start gap-2">
                <div>
                  <Input
                    aria-label={`Metadata key ${index + 1}`}
                    aria-invalid={keyError ? true : undefined}
                    aria-describedby={keyError ? `meta-${row.id}-key-error` : undefined}
                    placeholder="Key"
                    value={row.key}
                    onChange={(e) => set(row.id, { key: e.target.value })}
                    className="font-mono"
                    spellCheck={false}
                  />
                  {keyError && (
                    <p
                      id={`meta-${row.id}-key-error`}
                      className="mt-1 text-[13px] text-danger-text"
                    >
                      {keyError}
                    </p>
                  )}
                </div>
                <div>
                  <Input
                    aria-label={`Metadata value ${index + 1}`}
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={valueError ? `meta-${row.id}-value-error` : undefined}
                    placeholder="Value"
                    value={row.value}
                    onChange={(e) => set(row.id, { value: e.target.value })}
                  />
                  {valueError && (
                    <p
                      id={`meta-${row.id}-value-error`}
                      className="mt-1 text-[13px] text-danger-text"
                    >
                      {valueError}
                    </p>
                  )}
                </div>
                <Button
                  variant="ghost"
                  aria-label={`Remove metadata ${row.key || index + 1}`}
                  onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
                  className="px-2.5"
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </div>
            );
          })}
        </div>
      )}
      <div className="flex items-center gap-3">
        <Button
          size="sm"
          disabled={full}
          onClick={() => onChange([...rows, { id: nextId++, key: '', value: '' }])}
        >
          <Plus className="size-4" aria-hidden />
          Add metadata
        </Button>
        {full && (
          <span className="text-[13px] text-muted">The limit is {MAX_METADATA_KEYS} keys.</span>
        )}
      </div>
    </fieldset>
  );
}
