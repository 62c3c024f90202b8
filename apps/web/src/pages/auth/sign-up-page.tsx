import { registerInputSchema } from '@capecontrol/schema';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
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
import { useStartSession } from '../../session/use-session';
import { AuthCard } from './auth-card';
import { focusFirstInvalid } from './focus-first-invalid';

const FIELDS = ['displayName', 'email', 'password'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

export function SignUpPage() {
  const [params] = useSearchParams();
  const startSession = useStartSession();
  const register = trpc.auth.register.useMutation({ onSuccess: startSession });
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>({ displayName: '', email: '', password: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrorMap>({});
  const [submitted, setSubmitted] = useState(false);

  const serverErrors: FieldErrorMap = {
    ...serverFieldErrors(register.error),
    // "An account with this email already exists" belongs next to the email.
    ...(errorCode(register.error) === 'CONFLICT' ? { email: errorMessage(register.error) } : {}),
  };
  const fieldError = (field: keyof Values) => clientErrors[field] ?? serverErrors[field];
  const formError =
    register.error && !FIELDS.some((field) => serverErrors[field])
      ? errorMessage(register.error)
      : null;

  const update = (field: keyof Values, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (register.isError) register.reset();
    if (submitted) {
      const result = validate(registerInputSchema, next);
      setClientErrors(result.ok ? {} : result.errors);
    }
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (register.isPending) return;
    setSubmitted(true);
    const result = validate(registerInputSchema, values);
    if (!result.ok) {
      setClientErrors(result.errors);
      focusFirstInvalid(formRef.current, FIELDS, result.errors);
      return;
    }
    setClientErrors({});
    register.mutate(result.data);
  };

  const next = params.get('next');
  const signInLink = next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';

  return (
    <AuthCard
      title="Create your account"
      subtitle="Run AI agents on your own infrastructure. It takes less than a minute."
      footer={
        <>
          Already have an account? <Link to={signInLink}>Sign in</Link>
        </>
      }
    >
      <PageTitle title="Create your account" />
      {formError && <Alert tone="error">{formError}</Alert>}
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={80}
          value={values.displayName}
          onChange={(event) => update('displayName', event.currentTarget.value)}
          error={fieldError('displayName')}
        />
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
          autoComplete="new-password"
          required
          hint="At least 10 characters. A few random words make a strong, memorable password."
          value={values.password}
          onChange={(event) => update('password', event.currentTarget.value)}
          error={fieldError('password')}
        />
        <Button
          type="submit"
          className="button--block"
          pending={register.isPending}
          pendingLabel="Creating your account…"
        >
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
