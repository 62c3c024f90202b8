import { loginInputSchema } from '@capecontrol/schema';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import {
  errorCode,
  errorMessage,
  serverFieldErrors,
  validate,
  type FieldErrorMap,
} from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { PasswordField, TextField } from '../../components/field';
import { PageTitle } from '../../components/page-title';
import type { SignInNotice } from '../../session/session';
import { useStartSession } from '../../session/use-session';
import { AuthCard } from './auth-card';
import { focusFirstInvalid } from './focus-first-invalid';

const FIELDS = ['email', 'password'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

export function SignInPage() {
  const location = useLocation();
  const [params] = useSearchParams();
  const notice = (location.state as SignInNotice | null)?.notice ?? null;
  const startSession = useStartSession();
  const login = trpc.auth.login.useMutation({ onSuccess: startSession });
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>({ email: '', password: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrorMap>({});
  const [submitted, setSubmitted] = useState(false);

  const serverErrors = serverFieldErrors(login.error);
  const fieldError = (field: keyof Values) => clientErrors[field] ?? serverErrors[field];
  const formError =
    login.error && !FIELDS.some((field) => serverErrors[field]) ? errorMessage(login.error) : null;

  const update = (field: keyof Values, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (login.isError) login.reset();
    if (submitted) {
      const result = validate(loginInputSchema, next);
      setClientErrors(result.ok ? {} : result.errors);
    }
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    setSubmitted(true);
    const result = validate(loginInputSchema, values);
    if (!result.ok) {
      setClientErrors(result.errors);
      focusFirstInvalid(formRef.current, FIELDS, result.errors);
      return;
    }
    setClientErrors({});
    login.mutate(result.data);
  };

  const next = params.get('next');
  const signUpLink = next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up';

  return (
    <AuthCard
      title="Sign in to CapeControl"
      subtitle="Welcome back. Sign in to manage your agents, tasks and API keys."
      footer={
        <>
          New to CapeControl? <Link to={signUpLink}>Create an account</Link>
        </>
      }
    >
      <PageTitle title="Sign in" />
      {notice && !login.error && <Alert tone="info">{notice}</Alert>}
      {formError && (
        <Alert
          tone="error"
          title={errorCode(login.error) === 'UNAUTHORIZED' ? "Couldn't sign you in" : undefined}
        >
          {formError}
        </Alert>
      )}
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          value={values.email}
          onChange={(event) => update('email', event.currentTarget.value)}
          error={fieldError('email')}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={values.password}
          onChange={(event) => update('password', event.currentTarget.value)}
          error={fieldError('password')}
        />
        <Button
          type="submit"
          className="button--block"
          pending={login.isPending}
          pendingLabel="Signing in…"
        >
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
