import { useEffect, useRef, type ReactNode } from 'react';
import { errorMessage } from '../../api/errors';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { ChatIcon } from '../../components/icons';
import { PageTitle } from '../../components/page-title';
import type { CitationLink } from '../../components/rich-text';
import { EmptyState } from '../../components/states';
import { useToast } from '../../components/toast';
import type { TaskView } from '../../tasks/task-view';
import { ConnectionStatus } from './answer-parts';
import { ChatComposer } from './chat-composer';
import type { Turn } from './conversation-store';
import { TurnView } from './turn-view';
import type { Conversation } from './use-conversation';

/** The frame of an agent's chat page: header, conversation, connection state and composer. */
export function ChatLayout<TInput>({
  title,
  lede,
  agentName,
  conversation,
  composerLabel,
  composerPlaceholder,
  composerError,
  composerFields,
  onAsk,
  starters,
  renderLead,
  renderExtras,
  citationsOf,
}: {
  title: string;
  lede: string;
  agentName: string;
  conversation: Conversation<TInput>;
  composerLabel: string;
  composerPlaceholder: string;
  composerError: string | undefined;
  composerFields?: ReactNode;
  onAsk: (question: string) => boolean;
  starters: readonly string[];
  renderLead?: (turn: Turn<TInput>, view: TaskView) => ReactNode;
  renderExtras: (turn: Turn<TInput>, view: TaskView, isLast: boolean) => ReactNode;
  citationsOf?: (turn: Turn<TInput>, view: TaskView) => (index: number) => CitationLink | null;
}) {
  const { turns, stream, busy, stop, retry } = conversation;
  const toast = useToast();
  const lastId = turns.at(-1)?.id;
  useStickToBottom(lastId, stream.view.answer.length + stream.view.lastEventId);

  const onStop = () =>
    stop.mutate(undefined, {
      onError: (error) => toast.error(`Couldn't stop the answer. ${errorMessage(error)}`),
    });

  return (
    <div className="container page chat-page">
      <PageTitle title={title} />
      <header className="page-header chat-page__header">
        <div className="chat-page__intro">
          <p className="eyebrow">Agents</p>
          <h1 tabIndex={-1}>{title}</h1>
          <p className="page-header__lede">{lede}</p>
        </div>
        <div className="chat-page__tools">
          {turns.length > 0 && (
            <Button variant="ghost" size="sm" disabled={busy} onClick={conversation.clear}>
              New conversation
            </Button>
          )}
        </div>
      </header>

      <section className="chat" aria-label="Conversation">
        {turns.length === 0 ? (
          <EmptyState icon={<ChatIcon size={22} />} title="Ask your first question">
            <p>Type below, or start with one of these:</p>
            <ul className="suggestions__list suggestions__list--center">
              {starters.map((text) => (
                <li key={text}>
                  <button type="button" className="suggestion" onClick={() => onAsk(text)}>
                    {text}
                  </button>
                </li>
              ))}
            </ul>
          </EmptyState>
        ) : (
          <ol className="conversation">
            {turns.map((turn) => {
              const view = conversation.viewOf(turn);
              const isLast = turn.id === lastId;
              return (
                <TurnView
                  key={turn.id}
                  turn={turn}
                  view={view}
                  agentName={agentName}
                  citation={citationsOf?.(turn, view)}
                  lead={renderLead?.(turn, view)}
                  controls={{
                    canRetry: isLast,
                    retrying: isLast && retry.isPending,
                    retryError: isLast ? retry.error : null,
                    onRetry: () => retry.mutate(),
                    stopping: isLast && (stop.isPending || stop.isSuccess),
                  }}
                >
                  {renderExtras(turn, view, isLast)}
                </TurnView>
              );
            })}
          </ol>
        )}

        {stream.connection === 'failed' && busy && (
          <div className="chat__stream-error">
            <Alert tone="error" title="Lost the live answer">
              {errorMessage(stream.error)}
            </Alert>
            <Button variant="secondary" size="sm" onClick={stream.reconnect}>
              Try again
            </Button>
          </div>
        )}

        <div className="chat__composer">
          <ChatComposer
            label={composerLabel}
            placeholder={composerPlaceholder}
            busy={busy}
            stopping={stop.isPending || (stop.isSuccess && busy)}
            error={composerError}
            onSend={onAsk}
            onStop={onStop}
            status={busy && <ConnectionStatus connection={stream.connection} />}
          >
            {composerFields}
          </ChatComposer>
        </div>
      </section>
    </div>
  );
}

/**
 * Keeps the newest text in view while it streams — but only for a reader already at the
 * bottom; someone who scrolled up to read stays where they are. A new question is always
 * brought into view.
 */
function useStickToBottom(lastTurnId: string | undefined, progress: number) {
  const wasAtBottom = useRef(true);
  useEffect(() => {
    const onScroll = () => {
      const { scrollY, innerHeight } = window;
      wasAtBottom.current =
        scrollY + innerHeight >= document.documentElement.scrollHeight - NEAR_BOTTOM_PX;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  useEffect(() => {
    if (!lastTurnId) return;
    wasAtBottom.current = true;
    scrollToBottom();
  }, [lastTurnId]);

  useEffect(() => {
    if (wasAtBottom.current) scrollToBottom();
  }, [progress]);
}

const NEAR_BOTTOM_PX = 160;

function scrollToBottom() {
  window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
}
