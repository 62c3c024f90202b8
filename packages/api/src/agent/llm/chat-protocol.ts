import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { LlmError, type GenerateRequest } from './types';

export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** The streamed chat-completions request for one `GenerateRequest`. */
export function buildChatBody(
  request: GenerateRequest,
  model: string,
  maxTokensField: MaxTokensField,
): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[maxTokensField] = request.maxTokens;
  if (request.responseSchema) {
    const { name, schema } = request.responseSchema;
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        // OpenAI accepts only [a-zA-Z0-9_-]{1,64} here and answers 400 otherwise.
        name: name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'response',
        schema,
        // Strict mode guarantees the shape but refuses (400) schemas with optional or open
        // objects; those still get JSON mode guided by the schema, and agents validate anyway.
        strict: isStrictCompatible(schema),
      },
    };
  }
  return body;
}

/**
 * Whether OpenAI's strict structured outputs accept the schema: every object lists all its
 * properties as required and forbids additional ones.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  const properties = node.properties;
  if (node.type === 'object' || (properties && typeof properties === 'object')) {
    const keys = properties && typeof properties === 'object' ? Object.keys(properties) : [];
    const required = Array.isArray(node.required) ? node.required : [];
    if (node.additionalProperties !== false || !keys.every((key) => required.includes(key)))
      return false;
  }
  const children: unknown[] = [node.items, node.prefixItems, node.anyOf, node.allOf, node.oneOf];
  for (const group of [properties, node.$defs, node.definitions]) {
    if (group && typeof group === 'object')
      children.push(...Object.values(group as Record<string, unknown>));
  }
  return children.every(isStrictCompatible);
}

export interface ChunkReading {
  /** Content text of this chunk ('' for role-only, finish and usage chunks). */
  text: string;
  /** The choice ended (any finish_reason): the answer is complete, a usage chunk may follow. */
  finished: boolean;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  model: string | undefined;
}

/**
 * Checks one parsed `chat.completion.chunk` and extracts what we use. The SDK only parses JSON;
 * a chunk of the wrong shape would otherwise surface later as a confusing TypeError.
 */
export function readChunk(value: unknown): ChunkReading {
  if (!isRecord(value) || !Array.isArray(value.choices)) throw badChunk('it has no choices');
  const choice: unknown = value.choices[0];
  let text = '';
  let finished = false;
  if (choice !== undefined) {
    const delta = isRecord(choice) ? (choice.delta ?? {}) : undefined;
    if (!isRecord(choice) || !isRecord(delta)) throw badChunk('its choice has no delta');
    const content = delta.content;
    if (content !== undefined && content !== null && typeof content !== 'string')
      throw badChunk('its content is not text');
    text = content ?? '';
    finished = typeof choice.finish_reason === 'string';
  }
  let usage: ChunkReading['usage'];
  if (value.usage !== undefined && value.usage !== null) {
    const { usage: raw } = value;
    if (!isRecord(raw) || !isCount(raw.prompt_tokens) || !isCount(raw.completion_tokens))
      throw badChunk('its usage is not token counts');
    usage = { promptTokens: raw.prompt_tokens, completionTokens: raw.completion_tokens };
  }
  return {
    text,
    finished,
    usage,
    model: typeof value.model === 'string' && value.model ? value.model : undefined,
  };
}

function badChunk(reason: string): LlmError {
  return new LlmError(
    'bad_response',
    `The model provider sent a stream event we cannot read: ${reason}.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
