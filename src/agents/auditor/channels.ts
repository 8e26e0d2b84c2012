/** Where the auditor posts, from its settings. */
export interface ChannelSettings {
  /** `AUDITOR_WEBHOOK_URL`: generic JSON. */
  webhookUrl?: string;
  /** `AUDITOR_SLACK_URL`: a Slack incoming webhook. */
  slackUrl?: string;
  /** `SLACK_BOT_TOKEN` (+ `SLACK_API_URL`): thread replies to mentions through chat.postMessage. */
  slackBotToken?: string;
  slackApiUrl?: string;
}

export interface PostResult {
  channel: 'webhook' | 'slack' | 'slack_thread';
  ok: boolean;
  status?: number;
  error?: string;
  attempts: number;
}

const TIMEOUT_MS = 5000;
const ATTEMPTS = 3;

/** POSTs JSON with a timeout, three attempts (0.5 s, 1 s apart) on a network error or a 5xx/429. */
async function postJson(channel: PostResult['channel'], url: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  let last: PostResult = { channel, ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.arrayBuffer();
      last = { channel, ok: res.ok, status: res.status, attempts: attempt };
      if (res.ok || (res.status < 500 && res.status !== 429)) return last;
    } catch (err) {
      last = { channel, ok: false, error: (err as Error).message, attempts: attempt };
    }
    if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 500 * attempt));
  }
  return last;
}

/**
 * Posts one report to every configured channel: the generic webhook gets the whole finding as
 * JSON; Slack gets its text (a mention is answered in its thread when a bot token is set).
 * @example
 * await postReport(settings, { agent: 'agent-auditor', title, text, … });
 */
export async function postReport(s: ChannelSettings, report: { title: string; text: string } & Record<string, unknown>, thread?: { channel: string; ts: string }): Promise<PostResult[]> {
  const sends: Promise<PostResult>[] = [];
  if (s.webhookUrl) sends.push(postJson('webhook', s.webhookUrl, report));
  if (thread && s.slackBotToken) {
    sends.push(postJson('slack_thread', `${s.slackApiUrl ?? 'https://slack.com/api'}/chat.postMessage`, { channel: thread.channel, thread_ts: thread.ts, text: report.text }, { authorization: `Bearer ${s.slackBotToken}` }));
  } else if (s.slackUrl) {
    sends.push(postJson('slack', s.slackUrl, { text: `*${report.title}*\n${report.text}` }));
  }
  return Promise.all(sends);
}
