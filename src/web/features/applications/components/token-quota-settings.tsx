import { useState, type FormEvent } from 'react';
import { toast } from '@/web/lib/toast';
import { clientUpdateSchema, type Client } from '@/shared/schemas/client';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { Checkbox } from '@/web/components/ui/checkbox';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useUpdateClient } from '@/web/data/clients/mutations';

const toText = (n: number | undefined) => (n === undefined ? '' : String(n));
const toLimit = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * Auth0's application token quota: tokens per UTC hour and per UTC day. Enforced, a request past
 * a limit gets 429; otherwise the limits are only reported in the `Auth0-Client-Quota-Limit` header.
 */
export function TokenQuotaSettings({ client }: { client: Client }) {
  const update = useUpdateClient(client.client_id);
  const current = client.token_quota?.client_credentials;
  const [enforce, setEnforce] = useState(current?.enforce ?? true);
  const [perHour, setPerHour] = useState(toText(current?.per_hour));
  const [perDay, setPerDay] = useState(toText(current?.per_day));
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const per_hour = toLimit(perHour);
    const per_day = toLimit(perDay);
    const token_quota =
      per_hour === undefined && per_day === undefined
        ? null
        : { client_credentials: { enforce, per_hour, per_day } };
    const parsed = clientUpdateSchema.safeParse({ token_quota });
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    setErrors({
      ...(found['token_quota.client_credentials.per_hour'] && {
        per_hour: found['token_quota.client_credentials.per_hour'],
      }),
      ...(found['token_quota.client_credentials.per_day'] && {
        per_day: found['token_quota.client_credentials.per_day'],
      }),
    });
    if (!parsed.success) return;
    update.mutate(parsed.data, {
      onSuccess: () => toast.success(token_quota ? 'Token quota saved' : 'Token quota removed'),
    });
  };

  return (
    <Card
      title="Token quota"
      description="Client credentials tokens this application may get per UTC hour and per UTC day. Leave both empty for no quota."
    >
      <form onSubmit={submit} noValidate className="max-w-2xl space-y-5">
        {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Tokens per hour" error={errors.per_hour}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={perHour}
                onChange={(e) => setPerHour(e.target.value)}
              />
            )}
          </Field>
          <Field label="Tokens per day" error={errors.per_day}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={perDay}
                onChange={(e) => setPerDay(e.target.value)}
              />
            )}
          </Field>
        </div>
        <Checkbox
          mono={false}
          label="Enforce"
          description="Refuse tokens past a limit (429). Unchecked, the limits are only reported in the Auth0-Client-Quota-Limit header."
          checked={enforce}
          onChange={(e) => setEnforce(e.target.checked)}
        />
        <div className="flex justify-end border-t border-line pt-5">
          <Button type="submit" variant="primary" pending={update.isPending}>
            Save quota
          </Button>
        </div>
      </form>
    </Card>
  );
}
