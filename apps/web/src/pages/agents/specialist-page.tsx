import {
  domains,
  SPECIALIST_AGENT_ID,
  specialistInputSchema,
  type Domain,
  type SpecialistInput,
} from '@capecontrol/schema';
import { useState } from 'react';
import { validate } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { SelectField, TextAreaField } from '../../components/field';
import { DOMAIN_TITLES } from '../../tasks/task-format';
import { specialistStream } from '../../tasks/task-streams';
import { ChatLayout } from './chat-layout';
import { DomainDetection } from './domain-summary';
import { SpecialistResult } from './specialist-result';
import { useConversation } from './use-conversation';

const PAGE_TITLE = 'CapeAI Domain Specialist';
const AUTO = 'auto';

const STARTERS = [
  'How should we handle webhook retries from Stripe?',
  'How do we plan a rollback for a failed workflow run?',
  'Which evidence do we need for a SOC 2 access review?',
  'Why are our dashboards slow and how do we tune them?',
];

export function SpecialistPage() {
  const conversation = useConversation<SpecialistInput>({
    agent: SPECIALIST_AGENT_ID,
    openStream: specialistStream,
  });
  const capabilities = trpc.agent.domainSpecialist.capabilities.useQuery(undefined, {
    staleTime: Infinity,
  });
  const [domain, setDomain] = useState<Domain | typeof AUTO>(AUTO);
  const [context, setContext] = useState('');
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});

  const ask = (question: string): boolean => {
    const input: SpecialistInput = {
      question,
      ...(domain === AUTO ? {} : { domain }),
      ...(context.trim() ? { context: context.trim() } : {}),
    };
    const checked = validate(specialistInputSchema, input);
    if (!checked.ok) {
      setErrors(checked.errors);
      return false;
    }
    setErrors({});
    conversation.ask(question, input);
    return true;
  };

  const domainTitle = (value: Domain) =>
    capabilities.data?.domains.find((item) => item.domain === value)?.title ?? DOMAIN_TITLES[value];

  return (
    <ChatLayout
      title={PAGE_TITLE}
      lede="Step-by-step playbooks for workflow automation, data analytics, security audits and integrations — each step with a check that tells you it is done."
      agentName={PAGE_TITLE}
      conversation={conversation}
      composerLabel="Your question"
      composerPlaceholder="How should we handle webhook retries from Stripe?"
      composerError={errors.question}
      onAsk={ask}
      starters={STARTERS}
      composerFields={
        <details className="composer__options" open={Boolean(errors.context) || undefined}>
          <summary>
            Domain and context
            <span className="composer__options-summary">
              {' '}
              — {domain === AUTO ? 'detected automatically' : domainTitle(domain)}
              {context.trim() ? ', with context' : ''}
            </span>
          </summary>
          <div className="composer__fields">
            <SelectField
              label="Domain"
              name="domain"
              hint="Detected from your question unless you choose one."
              value={domain}
              onChange={(event) => setDomain(event.currentTarget.value as Domain | typeof AUTO)}
            >
              <option value={AUTO}>Detect automatically</option>
              {domains.map((value) => (
                <option key={value} value={value}>
                  {domainTitle(value)}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              label="Context (optional)"
              name="context"
              rows={2}
              hint="Your stack, constraints, or what you already tried."
              maxLength={8000}
              value={context}
              onChange={(event) => setContext(event.currentTarget.value)}
              error={errors.context}
            />
          </div>
        </details>
      }
      renderLead={(turn, view) => (
        <DomainDetection
          scope={turn.id}
          view={view}
          chosen={turn.input.domain !== undefined}
          titleOf={domainTitle}
        />
      )}
      renderExtras={(turn, view) => (
        <SpecialistResult scope={turn.id} view={view} capabilities={capabilities.data} />
      )}
    />
  );
}
