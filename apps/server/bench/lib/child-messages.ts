import type { ChildProcess } from 'node:child_process';

/**
 * The next IPC message of `type` from a forked benchmark process (`TMessage` is the union it
 * sends); rejects if the process exits first, naming it as `label`.
 */
export function nextMessage<TMessage extends { type: string }, TType extends TMessage['type']>(
  child: ChildProcess,
  type: TType,
  label: string,
): Promise<Extract<TMessage, { type: TType }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: TMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<TMessage, { type: TType }>);
    };
    const onExit = (code: number | null) => reject(new Error(`${label} exited (${String(code)})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
