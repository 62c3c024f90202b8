import { useId } from 'react';
import { PasswordField, SelectField, TextField } from '../../components/field';
import type { ConfigValues } from '../../marketplace/config-form';
import type { ConfigField } from '../../marketplace/marketplace-types';

/**
 * The agent's settings as labelled inputs: text, number, a checkbox, a choice. Secret fields
 * are password inputs that always start empty — a saved secret never comes back from the server.
 */
export function ConfigFields({
  fields,
  values,
  errors,
  secretsSet = [],
  onChange,
}: {
  fields: readonly ConfigField[];
  values: ConfigValues;
  errors: Record<string, string>;
  /** Secret settings that already have a saved value (when updating). */
  secretsSet?: readonly string[];
  onChange: (key: string, value: string | boolean) => void;
}) {
  const id = useId();
  return (
    <div className="form config-fields">
      {fields.map((field) => {
        // A setting with a default always has a value: "optional" would only confuse.
        const optional = !field.required && field.default === undefined;
        const label = optional ? `${field.label} (optional)` : field.label;
        const error = errors[field.key];
        const text = typeof values[field.key] === 'string' ? (values[field.key] as string) : '';
        if (field.type === 'boolean') {
          const checkId = `${id}-${field.key}`;
          return (
            <div key={field.key} className="check check--field">
              <input
                id={checkId}
                type="checkbox"
                name={field.key}
                checked={values[field.key] === true}
                onChange={(event) => onChange(field.key, event.currentTarget.checked)}
                aria-describedby={field.description ? `${checkId}-description` : undefined}
              />
              <label htmlFor={checkId} className="check__label">
                {field.label}
              </label>
              {field.description && (
                <p id={`${checkId}-description`} className="check__description">
                  {field.description}
                </p>
              )}
            </div>
          );
        }
        if (field.type === 'select') {
          return (
            <SelectField
              key={field.key}
              label={label}
              name={field.key}
              hint={field.description}
              error={error}
              required={field.required}
              value={text}
              onChange={(event) => onChange(field.key, event.currentTarget.value)}
            >
              {!field.required || text === '' ? <option value="">Choose…</option> : null}
              {(field.options ?? []).map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </SelectField>
          );
        }
        if (field.secret) {
          const saved = secretsSet.includes(field.key);
          return (
            <PasswordField
              key={field.key}
              label={label}
              name={field.key}
              // Never offered by the browser's autofill either: this is the agent's key, not the user's.
              autoComplete="new-password"
              hint={
                <>
                  {field.description && <>{field.description} </>}
                  {saved
                    ? 'A value is saved but never shown. Leave this empty to keep it, or enter a new one.'
                    : 'Stored encrypted; never shown again after you save it.'}
                </>
              }
              error={error}
              required={field.required && !saved}
              value={text}
              onChange={(event) => onChange(field.key, event.currentTarget.value)}
            />
          );
        }
        return (
          <TextField
            key={field.key}
            label={label}
            name={field.key}
            type="text"
            inputMode={field.type === 'number' ? 'decimal' : undefined}
            hint={field.description}
            error={error}
            required={field.required}
            autoComplete="off"
            value={text}
            onChange={(event) => onChange(field.key, event.currentTarget.value)}
          />
        );
      })}
    </div>
  );
}
