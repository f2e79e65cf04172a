import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError } from '@/shared/api-error';
import { passwordChangeSchema } from '@/shared/schemas/session';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { apiFieldErrors, fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { sessionQueries, useChangePassword } from '@/web/lib/session';
import { toast } from '@/web/lib/toast';

/** The server's change, plus the new password typed twice; a new password must differ. */
const formSchema = passwordChangeSchema
  .extend({ confirm_password: z.string().min(1, 'Enter the new password again') })
  .refine((v) => v.new_password === v.confirm_password, {
    path: ['confirm_password'],
    message: 'Does not match the new password',
  })
  .refine((v) => v.new_password !== v.current_password, {
    path: ['new_password'],
    message: 'Choose a password other than the current one',
  });

const empty = { current_password: '', new_password: '', confirm_password: '' };

/** What the server's refusal means for this form: errors by field, or one for the whole form. */
function serverErrors(error: unknown): FieldErrors {
  if (error instanceof ApiError && error.body.errorCode === 'invalid_credentials')
    return { current_password: 'Wrong password' };
  if (error instanceof ApiError && error.status === 400) {
    const fields = apiFieldErrors(error.body.message);
    if (Object.keys(fields).length > 0) return fields;
  }
  return { _form: errorMessage(error) };
}

/** The signed-in admin's password: the current one, and the new one twice. */
export function ChangePasswordForm() {
  const session = useQuery(sessionQueries.current());
  const change = useChangePassword();
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);

  // The first field with an error gets the focus, so it is read out and can be fixed at once.
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }, [errors]);

  const set = (name: keyof typeof empty) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = formSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const { current_password, new_password } = parsed.data;
    change.mutate(
      { current_password, new_password },
      {
        onSuccess: () => {
          setValues(empty);
          toast.success('Password changed', {
            description: 'Every other browser signed in as this admin is signed out.',
          });
        },
        onError: (error) => setErrors(serverErrors(error)),
      },
    );
  };

  return (
    <Card
      title="Change password"
      description={
        <>
          The password you sign in with
          {session.data ? ` as ${session.data.email}` : ''}. Changing it signs out every other
          browser signed in as this admin; this one stays signed in.
        </>
      }
    >
      <form ref={form} onSubmit={submit} noValidate className="max-w-md space-y-4">
        <FormAlert>{errors._form}</FormAlert>
        {/* Lets a password manager know which account the new password belongs to. */}
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={session.data?.email ?? ''}
          readOnly
          hidden
        />
        <Field label="Current password" error={errors.current_password}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="current-password"
              value={values.current_password}
              onChange={set('current_password')}
            />
          )}
        </Field>
        <Field label="New password" hint="At least 12 characters." error={errors.new_password}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              value={values.new_password}
              onChange={set('new_password')}
            />
          )}
        </Field>
        <Field label="Confirm new password" error={errors.confirm_password}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              value={values.confirm_password}
              onChange={set('confirm_password')}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" pending={change.isPending}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
