/**
 * A small client for OpenAI-compatible chat completions (Ollama, vLLM, llama.cpp server, …).
 * Bounded by a timeout; failures are returned, never thrown, so a missing or slow model never
 * breaks the caller — everything works without one.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface LlmConfig {
  /** e.g. `http://localhost:11434/v1` (Ollama) or `http://vllm:8000/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

export type ChatResult =
  | { ok: true; message: ChatMessage; latencyMs: number }
  | { ok: false; error: string; latencyMs: number };

/**
 * Sends one chat-completion request.
 * @example
 * const r = await chat({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.2:1b' }, [{ role: 'user', content: 'hi' }]);
 * if (r.ok) console.log(r.message.content);
 */
export async function chat(config: LlmConfig, messages: ChatMessage[], tools?: ToolSpec[], signal?: AbortSignal): Promise<ChatResult> {
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const timeout = AbortSignal.timeout(config.timeoutMs ?? 20_000);
  try {
    const res = await fetch(`${config.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST', headers,
      body: JSON.stringify({ model: config.model, messages, temperature: 0, stream: false, ...(tools?.length ? { tools, tool_choice: 'auto' } : {}) }),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    const latencyMs = performance.now() - started;
    if (!res.ok) return { ok: false, error: `model server answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`, latencyMs };
    const body = (await res.json()) as { choices?: { message?: ChatMessage }[] };
    const message = body.choices?.[0]?.message;
    if (!message) return { ok: false, error: 'model server answer has no choices[0].message', latencyMs };
    return { ok: true, message, latencyMs };
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `model did not answer within ${config.timeoutMs ?? 20_000} ms` : e.message, latencyMs: performance.now() - started };
  }
}
