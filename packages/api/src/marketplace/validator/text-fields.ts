import type { AgentManifest } from '@capecontrol/schema';
import { formatPath } from './paths';

/**
 * Who reads a text field decides which checks apply to it:
 * - `template`: sent to a model on every run (system prompt, user template, workflow inputs);
 * - `knowledge`: retrieved into prompts;
 * - `config`: config defaults and options, substituted into templates;
 * - `listing`: shown to people (names, description, readme, labels, links).
 */
export type TextRole = 'template' | 'knowledge' | 'config' | 'listing';

export interface TextField {
  path: string;
  text: string;
  role: TextRole;
}

/** Every text field of a parsed manifest with its path and role. */
export function textFields(manifest: AgentManifest): TextField[] {
  const fields: TextField[] = [];
  const add = (role: TextRole, text: string | undefined, ...path: PropertyKey[]) => {
    if (text) fields.push({ path: formatPath(path), text, role });
  };
  add('listing', manifest.name, 'name');
  add('listing', manifest.displayName, 'displayName');
  add('listing', manifest.description, 'description');
  add('listing', manifest.homepage, 'homepage');
  add('listing', manifest.repository, 'repository');
  add('listing', manifest.readme, 'readme');
  if (manifest.prompt) {
    add('template', manifest.prompt.system, 'prompt', 'system');
    add('template', manifest.prompt.userTemplate, 'prompt', 'userTemplate');
  }
  manifest.knowledge.forEach((doc, i) => {
    add('knowledge', doc.title, 'knowledge', i, 'title');
    add('knowledge', doc.body, 'knowledge', i, 'body');
  });
  manifest.config.forEach((field, i) => {
    add('listing', field.label, 'config', i, 'label');
    add('listing', field.description, 'config', i, 'description');
    if (typeof field.default === 'string') add('config', field.default, 'config', i, 'default');
    field.options?.forEach((option, j) => add('config', option, 'config', i, 'options', j));
  });
  manifest.workflow?.steps.forEach((step, i) => {
    add('template', step.input, 'workflow', 'steps', i, 'input');
    add('listing', step.description, 'workflow', 'steps', i, 'description');
  });
  return fields;
}

/** Fields whose text reaches a model, where injected instructions take effect. */
export function modelFacing(field: TextField): boolean {
  return field.role !== 'listing';
}
