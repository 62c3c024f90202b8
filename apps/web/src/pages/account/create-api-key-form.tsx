import { createApiKeyInputSchema, type ApiKeyScope, type CreatedApiKey } from '@capecontrol/schema';
import { useRef, useState, type SubmitEvent } from 'react';
import { errorMessage, serverFieldErrors, validate, type FieldErrorMap } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { CheckboxGroup, SelectField, TextField, type CheckboxOption } from '../../components/field';
import { focusFirstInvalid } from '../auth/focus-first-invalid';

const SCOPE_OPTIONS: readonly CheckboxOption<ApiKeyScope>[] = [
  {
    value: 'read',
    label: 'Read',
    description: 'See your agents, tasks and results, and follow live updates.',
  },
  {
    value: 'write',
    label: 'Write',
    description: 'Run agents, cancel tasks, install and change things.',
  },
  { value: 'publish', label: 'Publish', description: 'Publish agent versions to the marketplace.' },
];

const EXPIRY_OPTIONS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days' },
  { days: 365, label: '1 year' },
] as const;

const FIELDS = ['name', 'scopes', 'expiresInDays'] as const;

interface Values {
  name: string;
  scopes: ApiKeyScope[];
  expiresInDays: number;
}
const INITIAL: Values = { name: '', scopes: ['read'], expiresInDays: 90 };

export function CreateApiKeyForm({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const utils = trpc.useUtils();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(INITIAL);
  const [clientErrors, setClientErrors] = useState<FieldErrorMap>({});
  const [submitted, setSubmitted] = useState(false);

  const create = trpc.auth.apiKeys.create.useMutation({
    onSuccess: (created) => {
      utils.auth.apiKeys.list.setData(undefined, (keys) =>
        keys ? [created.apiKey, ...keys] : keys,
      );
      void utils.auth.apiKeys.list.invalidate();
      setValues(INITIAL);
      setSubmitted(false);
      onCreated(created);
    },
  });

  const serverErrors = serverFieldErrors(create.error);
  const fieldError = (field: (typeof FIELDS)[number]) => clientErrors[field] ?? serverErrors[field];
  const formError =
    create.error && !FIELDS.some((field) => serverErrors[field])
      ? errorMessage(create.error)
      : null;

  const update = (patch: Partial<Values>) => {
    const next = { ...values, ...patch };
    setValues(next);
    if (create.isError) create.reset();
    if (submitted) {
      const result = validate(createApiKeyInputSchema, next);
      setClientErrors(result.ok ? {} : result.errors);
    }
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    setSubmitted(true);
    const result = validate(createApiKeyInputSchema, values);
    if (!result.ok) {
      setClientErrors(result.errors);
      focusFirstInvalid(formRef.current, FIELDS, result.errors);
      return;
    }
    setClientErrors({});
    create.mutate(result.data);
  };

  return (
    <section className="card api-keys__create" aria-labelledby="create-key-heading">
      <h3 id="create-key-heading" className="card__title">
        Create a key
      </h3>
      {formError && <Alert tone="error">{formError}</Alert>}
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          name="name"
          hint="Something that tells you where it is used, like “CI deploy”."
          autoComplete="off"
          required
          maxLength={80}
          value={values.name}
          onChange={(event) => update({ name: event.currentTarget.value })}
          error={fieldError('name')}
        />
        <CheckboxGroup
          legend="Scopes"
          name="scopes"
          options={SCOPE_OPTIONS}
          value={values.scopes}
          onChange={(scopes) => update({ scopes })}
          error={fieldError('scopes')}
        />
        <SelectField
          label="Expires after"
          name="expiresInDays"
          value={values.expiresInDays}
          onChange={(event) => update({ expiresInDays: Number(event.currentTarget.value) })}
          error={fieldError('expiresInDays')}
        >
          {EXPIRY_OPTIONS.map((option) => (
            <option key={option.days} value={option.days}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={create.isPending} pendingLabel="Creating key…">
          Create key
        </Button>
      </form>
    </section>
  );
}
