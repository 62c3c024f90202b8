import type { FieldErrorMap } from '../../api/errors';

/** Puts the cursor in the first field (in form order) that has a problem. */
export function focusFirstInvalid(
  form: HTMLFormElement | null,
  fields: readonly string[],
  errors: FieldErrorMap,
): void {
  const first = fields.find((field) => errors[field]);
  if (!form || !first) return;
  const element = form.elements.namedItem(first);
  if (element instanceof HTMLElement) element.focus();
  else if (element instanceof RadioNodeList) (element[0] as HTMLElement | undefined)?.focus();
}
