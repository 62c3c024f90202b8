/**
 * Formats a path the way people read it: `workflow.steps[1].agent`,
 * `dependencies["acme/summariser"]`; the empty path (the whole manifest) is `""`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** "line 12" of a multi-line text, or "" for single-line text, to point people at a match. */
export function lineHint(text: string, index: number): string {
  if (!text.includes('\n')) return '';
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return ` (line ${line})`;
}

/** Shows the start of a secret only: reports are public on the listing. */
export function redact(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

/** A short excerpt for messages, with newlines flattened. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
