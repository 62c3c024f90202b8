import { GUIDE_AGENT_ID, guideInputSchema, type GuideInput } from '@capecontrol/schema';
import { useState } from 'react';
import { validate } from '../../api/errors';
import { lastPageContext } from '../../layout/page-context';
import { guideStream } from '../../tasks/task-streams';
import type { TaskView } from '../../tasks/task-view';
import { citationLinks, SourceList, SuggestionChips } from './answer-parts';
import { ChatLayout } from './chat-layout';
import type { Turn } from './conversation-store';
import { useConversation } from './use-conversation';

const PAGE_TITLE = 'CapeAI Guide';
/** Earlier exchanges sent with each question, so follow-ups ("and then?") make sense. */
const HISTORY_TURNS = 5;
const MAX_MESSAGE_CHARS = 8_000;

const STARTERS = [
  'How do I publish an agent?',
  'How do I install an agent from the marketplace?',
  'How do I cancel a running task?',
  'What goes in an agent manifest?',
];

export function GuidePage() {
  const conversation = useConversation<GuideInput>({
    agent: GUIDE_AGENT_ID,
    openStream: guideStream,
  });
  const [error, setError] = useState<string | undefined>();

  const ask = (question: string): boolean => {
    const pageContext = lastPageContext();
    const input: GuideInput = {
      question,
      history: historyOf(conversation.turns, conversation.viewOf),
      ...(pageContext ? { pageContext } : {}),
    };
    const checked = validate(guideInputSchema, input);
    if (!checked.ok) {
      setError(checked.errors.question ?? checked.errors.history ?? 'Check your question.');
      return false;
    }
    setError(undefined);
    conversation.ask(question, input);
    return true;
  };

  return (
    <ChatLayout
      title={PAGE_TITLE}
      lede="Answers about CapeControl from its documentation, with the sources it used. Ask a follow-up and it remembers the conversation."
      agentName={PAGE_TITLE}
      conversation={conversation}
      composerLabel="Ask the Guide"
      composerPlaceholder="How do I publish an agent?"
      composerError={error}
      onAsk={ask}
      starters={STARTERS}
      renderExtras={(turn, view, isLast) => (
        <>
          <SourceList scope={turn.id} citations={view.citations} />
          {isLast && (
            <SuggestionChips
              scope={turn.id}
              suggestions={view.suggestions}
              disabled={conversation.busy}
              onPick={(question) => ask(question)}
            />
          )}
        </>
      )}
      citationsOf={(turn, view) => citationLinks(turn.id, view.citations)}
    />
  );
}

/** The last few complete exchanges, as the Guide's `history`. */
function historyOf(
  turns: Turn<GuideInput>[],
  viewOf: (turn: Turn<GuideInput>) => TaskView,
): NonNullable<GuideInput['history']> {
  return turns
    .map((turn) => ({ question: turn.question, view: viewOf(turn) }))
    .filter(({ view }) => view.terminal?.status === 'succeeded' && view.answer.trim() !== '')
    .slice(-HISTORY_TURNS)
    .flatMap(({ question, view }) => [
      { role: 'user' as const, content: question.slice(0, MAX_MESSAGE_CHARS) },
      { role: 'assistant' as const, content: view.answer.slice(0, MAX_MESSAGE_CHARS) },
    ]);
}
