import type { PlaybookStep } from '@capecontrol/schema';
import { useState } from 'react';

/**
 * The playbook as a checklist: each step's title is the checkbox's label, its purpose and its
 * check describe it. Ticks are the reader's own notes, kept while the page is open.
 */
export function PlaybookChecklist({
  scope,
  steps,
}: {
  scope: string;
  steps: readonly PlaybookStep[];
}) {
  const [done, setDone] = useState<ReadonlySet<number>>(() => new Set());
  const headingId = `${scope}-playbook`;
  const progressId = `${scope}-playbook-progress`;
  const count = steps.filter((_, index) => done.has(index)).length;

  const toggle = (index: number, checked: boolean) =>
    setDone((current) => {
      const next = new Set(current);
      if (checked) next.add(index);
      else next.delete(index);
      return next;
    });

  return (
    <section className="answer-section playbook" aria-labelledby={headingId}>
      <div className="playbook__head">
        <h3 id={headingId} className="answer-section__title">
          Playbook
        </h3>
        <p id={progressId} className="playbook__progress">
          {count} of {steps.length} done
        </p>
      </div>
      <ol className="playbook__steps" aria-describedby={progressId}>
        {steps.map((step, index) => {
          const id = `${scope}-step-${index + 1}`;
          const checked = done.has(index);
          return (
            <li key={id} className={`playbook-step${checked ? ' playbook-step--done' : ''}`}>
              <input
                id={id}
                type="checkbox"
                checked={checked}
                onChange={(event) => toggle(index, event.currentTarget.checked)}
                aria-describedby={`${id}-purpose ${id}-check`}
              />
              <div className="playbook-step__body">
                <label htmlFor={id} className="playbook-step__title">
                  <span className="playbook-step__number">{index + 1}.</span> {step.title}
                </label>
                <p id={`${id}-purpose`} className="playbook-step__purpose">
                  {step.purpose}
                </p>
                <p id={`${id}-check`} className="playbook-step__check">
                  <strong>How to check:</strong> {step.check}
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
