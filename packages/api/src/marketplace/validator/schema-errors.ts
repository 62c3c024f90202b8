import type { SchemaError } from '@capecontrol/schema';
import type { z } from 'zod';
import { formatPath } from './paths';

/** zod's wording for a few issue kinds is for developers; these read better on a publish page. */
function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'Invalid name';
    case 'invalid_union':
      return 'Must be text, a number or true/false';
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'This field is required';
      return `Must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** One error per problem, with a readable path; unknown fields get one error each. */
export function schemaErrors(error: z.ZodError): SchemaError[] {
  const errors: SchemaError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          path: formatPath([...issue.path, key]),
          message: `Unknown field "${key}"; manifest version 1 has no such field`,
        });
      }
    } else {
      errors.push({ path: formatPath(issue.path), message: message(issue) });
    }
  }
  return errors;
}
