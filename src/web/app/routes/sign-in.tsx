import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { signInSchema } from '@/shared/schemas/session';
import { Logo } from '@/web/components/logo';
import { ThemeToggle } from '@/web/components/theme-toggle';
import { Button } from '@/web/components/ui/button';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { sessionQueries, useSignIn } from '@/web/lib/session';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** Only paths inside the console: `from` comes from history state, never from another site. */
function safeFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' &&
    from.startsWith('/') &&
    !from.startsWith('//') &&
    from !== '/sign-in'
    ? from
    : '/apis';
}

export function SignInRoute() {
  useDocumentTitle('Sign in');
  const location = useLocation();
  const navigate = useNavigate();
  const session = useQuery(sessionQueries.current());
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const target = safeFrom(location.state);

  if (session.data) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = signInSchema.safeParse({ email, password });
    setErrors(parsed.success ? {} : fieldErrors(parsed.error));
    if (!parsed.success) return;
    signIn.mutate(parsed.data, { onSuccess: () => void navigate(target, { replace: true }) });
  };

  return (
    <div className="relative flex min-h-screen flex-col items-center justify-center bg-canvas px-4 py-12">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <main className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-2xl border border-line bg-surface p-8 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
          <p className="mt-1 text-sm text-muted">to the Tokenhook console</p>
          <form onSubmit={submit} noValidate className="mt-6 space-y-4">
            {signIn.isError && <FormAlert>{errorMessage(signIn.error)}</FormAlert>}
            <Field label="Email" error={errors.email}>
              {(control) => (
                <Input
                  {...control}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  autoFocus
                />
              )}
            </Field>
            <Field label="Password" error={errors.password}>
              {(control) => (
                <Input
                  {...control}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            <Button type="submit" variant="primary" pending={signIn.isPending} className="w-full">
              Sign in
            </Button>
          </form>
        </div>
        <p className="mt-6 text-center text-[13px] text-faint">
          The admin is set by ADMIN_EMAIL and ADMIN_PASSWORD; without a password, the first start
          prints one to the server log.
        </p>
      </main>
    </div>
  );
}
