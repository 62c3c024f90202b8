import { useId, useState, type ComponentProps, type ReactNode } from 'react';
import { AlertIcon } from './icons';

interface FieldOwnProps {
  label: string;
  /** Shown under the control and read with it. */
  hint?: ReactNode;
  /** The problem with the value, if any; marks the control invalid. */
  error?: string | undefined;
}

/** Ids and ARIA wiring shared by every labelled control. */
function useFieldIds(id: string | undefined, hint: ReactNode, error: string | undefined) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return {
    controlId,
    hintId,
    errorId,
    aria: {
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy || undefined,
    },
  };
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="field__error">
      <AlertIcon size={15} />
      <span>{children}</span>
    </p>
  );
}

function FieldFrame({
  label,
  hint,
  error,
  ids,
  children,
}: FieldOwnProps & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={ids.controlId}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={ids.hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && <FieldError id={ids.errorId}>{error}</FieldError>}
    </div>
  );
}

export type TextFieldProps = FieldOwnProps &
  Omit<ComponentProps<'input'>, 'aria-invalid' | 'aria-describedby'>;

export function TextField({ label, hint, error, id, className, ...input }: TextFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <input
        id={ids.controlId}
        className={`input${className ? ` ${className}` : ''}`}
        {...ids.aria}
        {...input}
      />
    </FieldFrame>
  );
}

/** A password input with a show/hide toggle. */
export function PasswordField({ label, hint, error, id, ...input }: Omit<TextFieldProps, 'type'>) {
  const ids = useFieldIds(id, hint, error);
  const [visible, setVisible] = useState(false);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <div className="input-group">
        <input
          id={ids.controlId}
          className="input input--with-action"
          type={visible ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="off"
          {...ids.aria}
          {...input}
        />
        <button
          type="button"
          className="input-action"
          aria-controls={ids.controlId}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? 'Hide' : 'Show'}
          <span className="visually-hidden"> password</span>
        </button>
      </div>
    </FieldFrame>
  );
}

export type TextAreaFieldProps = FieldOwnProps &
  Omit<ComponentProps<'textarea'>, 'aria-invalid' | 'aria-describedby'>;

export function TextAreaField({
  label,
  hint,
  error,
  id,
  className,
  ...textarea
}: TextAreaFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <textarea
        id={ids.controlId}
        className={`input input--textarea${className ? ` ${className}` : ''}`}
        {...ids.aria}
        {...textarea}
      />
    </FieldFrame>
  );
}

export type SelectFieldProps = FieldOwnProps &
  Omit<ComponentProps<'select'>, 'aria-invalid' | 'aria-describedby'>;

export function SelectField({ label, hint, error, id, children, ...select }: SelectFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame label={label} hint={hint} error={error} ids={ids}>
      <div className="select">
        <select id={ids.controlId} className="input" {...ids.aria} {...select}>
          {children}
        </select>
      </div>
    </FieldFrame>
  );
}

export interface CheckboxOption<TValue extends string> {
  value: TValue;
  label: string;
  description?: string;
}

/** A fieldset of checkboxes with a legend, per-option descriptions and one error for the group. */
export function CheckboxGroup<TValue extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  error,
  hint,
}: {
  legend: string;
  name: string;
  options: readonly CheckboxOption<TValue>[];
  value: readonly TValue[];
  onChange: (next: TValue[]) => void;
  error?: string | undefined;
  hint?: ReactNode;
}) {
  const baseId = useId();
  const hintId = `${baseId}-hint`;
  const errorId = `${baseId}-error`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const toggle = (option: TValue, checked: boolean) => {
    const next = options
      .map((o) => o.value)
      .filter((v) => (v === option ? checked : value.includes(v)));
    onChange(next);
  };
  return (
    <fieldset
      className={`field fieldset${error ? ' field--invalid' : ''}`}
      aria-describedby={describedBy}
    >
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <div className="checks">
        {options.map((option) => {
          const optionId = `${baseId}-${option.value}`;
          return (
            <div className="check" key={option.value}>
              <input
                id={optionId}
                type="checkbox"
                name={name}
                value={option.value}
                checked={value.includes(option.value)}
                onChange={(event) => toggle(option.value, event.currentTarget.checked)}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.description ? `${optionId}-description` : undefined}
              />
              <label htmlFor={optionId} className="check__label">
                {option.label}
              </label>
              {option.description && (
                <p id={`${optionId}-description`} className="check__description">
                  {option.description}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </fieldset>
  );
}
