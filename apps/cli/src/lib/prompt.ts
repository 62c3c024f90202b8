import { createInterface } from 'node:readline';
import { CliError, ExitCode } from './errors';
import type { Io } from './output';

const cancelled = () => new CliError(ExitCode.interrupted, 'Cancelled.');

/** Asks on stderr and reads one line from the terminal (echoed). */
export async function readLine(io: Io, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('SIGINT', () => reject(cancelled()));
      // Ctrl-D closes the interface before an answer: treat it as giving up.
      rl.once('close', () => reject(cancelled()));
      rl.question(question, resolve);
    });
  } finally {
    rl.close();
  }
}

/** "Continue? [y/N]": true only for an explicit yes. */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const answer = await readLine(io, `${question} ${io.err.dim('[y/N]')} `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

// Bracketed-paste markers some terminals wrap pasted text in.
// eslint-disable-next-line no-control-regex -- matching the escape sequence is the point
const PASTE_MARKERS = /\u001b\[20[01]~/g;

/** Reads a secret from the terminal without echoing it (raw mode; Ctrl-C cancels). */
export async function readSecret(io: Io, question: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
    };
    function onData(chunk: string) {
      for (const char of chunk.replace(PASTE_MARKERS, '')) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          finish();
          reject(cancelled());
          return;
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char === '\u0015') value = '';
        else if (char >= ' ') value += char;
      }
    }
    stdin.on('data', onData);
  });
}

const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/** Everything on stdin (a pipe or a file), as text. */
export async function readStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) {
      throw new CliError(ExitCode.usage, 'Standard input is larger than 16 MB.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of stdin without its line ending (for `--password-stdin`). */
export async function readStdinLine(io: Io): Promise<string> {
  const text = await readStdin(io);
  return text.split(/\r?\n/, 1)[0] ?? '';
}
