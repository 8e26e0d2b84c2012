// One loopback server speaking the OpenAI chat-completions API, for every test that gives an agent
// a model: it records each request and answers with the message `reply` writes from it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatMessage } from '../../src/core/llm-client.js';

/** What the model was sent: the parsed body, its messages, and the request's path. */
export interface ChatRequest {
  messages: ChatMessage[];
  tools?: { function: { name: string } }[];
  body: string;
  path: string;
}

export interface FakeChatModel {
  /** Base URL for `llm.baseUrl` (ends in `/v1`). */
  url: string;
  /** Every request so far, in order. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

export interface FakeChatModelOptions {
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
}

/** Starts the server; `reply(request, n)` returns the assistant message for the n-th request (from 0). */
export async function fakeChatModel(
  reply: (request: ChatRequest, n: number) => unknown,
  options: FakeChatModelOptions = {},
): Promise<FakeChatModel> {
  const requests: ChatRequest[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const parsed = JSON.parse(body) as { messages: ChatMessage[]; tools?: ChatRequest['tools'] };
    const request: ChatRequest = { messages: parsed.messages, tools: parsed.tools, body, path: req.url ?? '' };
    requests.push(request);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const message = await reply(request, requests.length - 1);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An assistant message calling one tool. */
export const toolCall = (name: string, args: object, id = 'c1') => ({
  role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});

/** An assistant message with text only. */
export const say = (content: string) => ({ role: 'assistant', content });
