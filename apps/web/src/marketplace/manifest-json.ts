/** Where a JSON text stops being JSON, in words and as a 1-based line and column. */
export interface JsonSyntaxError {
  message: string;
  /** Offset in the text (UTF-16 code units) where the problem is. */
  offset: number;
  line: number;
  column: number;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/**
 * Parses a manifest typed or pasted by a person. Browsers word `JSON.parse` errors differently
 * (and some give no position at all), so a failure is located again by a small scanner that
 * says what was expected, and where, the same way everywhere.
 */
export function parseJsonText(text: string): JsonParseResult {
  if (text.trim() === '') {
    return {
      ok: false,
      error: { message: 'Paste or type a manifest.', offset: 0, line: 1, column: 1 },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (cause) {
    const found = locateJsonError(text) ?? {
      offset: text.length,
      message: cause instanceof Error ? cause.message : 'This is not valid JSON.',
    };
    return { ok: false, error: { ...found, ...lineAndColumn(text, found.offset) } };
  }
}

/** The 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (const char of before) if (char === '\n') line += 1;
  return { line, column: before.length - lineStart + 1 };
}

/** Thrown by the scanner to stop at the first problem. */
class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error in `text` (strict JSON, RFC 8259), or null when there is none. */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  let at = 0;
  // Typed explicitly so TypeScript knows nothing after a call runs.
  const stop: (message: string, offset?: number) => never = (message, offset = at) => {
    throw new Stop(offset, message);
  };
  const found = (offset = at) => {
    const char = text[offset];
    if (char === undefined) return 'the end of the text';
    if (char === '\n' || char === '\r') return 'a line break';
    if (char === '"') return 'a double quote';
    return `“${char}”`;
  };
  const skipWhitespace = () => {
    while (at < text.length && WHITESPACE.has(text[at] ?? '')) at += 1;
  };

  const value = (): void => {
    skipWhitespace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    if (char === undefined) stop('The text ends where a value was expected.');
    if (char === "'") stop('Strings must be in double quotes (") in JSON.');
    stop(
      `Expected a value (text in double quotes, a number, {…}, […], true, false or null), found ${found()}.`,
    );
  };

  const object = (): void => {
    const start = at;
    at += 1;
    skipWhitespace();
    if (text[at] === '}') {
      at += 1;
      return;
    }
    for (;;) {
      skipWhitespace();
      const char = text[at];
      if (char === undefined) stop(unclosed('object', '}', start));
      if (char !== '"') {
        stop(
          char === "'"
            ? 'Property names must be in double quotes (") in JSON.'
            : `Expected a property name in double quotes, found ${found()}.`,
        );
      }
      string();
      skipWhitespace();
      if (text[at] !== ':') stop(`Expected “:” after the property name, found ${found()}.`);
      at += 1;
      value();
      skipWhitespace();
      const next = text[at];
      if (next === '}') {
        at += 1;
        return;
      }
      if (next === undefined) stop(unclosed('object', '}', start));
      if (next !== ',') stop(`Expected “,” or “}” after the property value, found ${found()}.`);
      const comma = at;
      at += 1;
      skipWhitespace();
      if (text[at] === '}') stop('Remove this comma: JSON allows none before “}”.', comma);
    }
  };

  const array = (): void => {
    const start = at;
    at += 1;
    skipWhitespace();
    if (text[at] === ']') {
      at += 1;
      return;
    }
    for (;;) {
      value();
      skipWhitespace();
      const next = text[at];
      if (next === ']') {
        at += 1;
        return;
      }
      if (next === undefined) stop(unclosed('list', ']', start));
      if (next !== ',') stop(`Expected “,” or “]” after the list item, found ${found()}.`);
      const comma = at;
      at += 1;
      skipWhitespace();
      if (text[at] === ']') stop('Remove this comma: JSON allows none before “]”.', comma);
    }
  };

  const string = (): void => {
    const start = at;
    at += 1;
    for (;;) {
      const char = text[at];
      if (char === undefined)
        stop('This text in quotes is never closed: add the closing ".', start);
      if (char === '"') {
        at += 1;
        return;
      }
      if (char === '\\') {
        const escaped = text[at + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6)))
            stop('“\\u” must be followed by four hexadecimal digits.');
          at += 6;
          continue;
        }
        if (escaped === undefined || !ESCAPES.has(escaped))
          stop('Unknown escape: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.');
        at += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) {
        stop(
          char === '\n' || char === '\r'
            ? 'Text in quotes cannot span lines: close the quote, or write \\n for a line break.'
            : 'Text in quotes cannot contain control characters such as tabs: write \\t instead.',
        );
      }
      at += 1;
    }
  };

  const number = (): void => {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-') stop(`Expected a number, found ${found()}.`);
    at += match?.[0].length ?? 0;
  };

  const unclosed = (what: string, closer: string, start: number) => {
    const { line, column } = lineAndColumn(text, start);
    return `The text ends inside the ${what} that starts at line ${line}, column ${column}: a “${closer}” is missing.`;
  };

  try {
    value();
    skipWhitespace();
    if (at < text.length) stop(`Unexpected ${found()} after the end of the JSON value.`);
    return null;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.message };
    throw error;
  }
}
