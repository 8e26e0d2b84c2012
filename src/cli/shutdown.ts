/**
 * Runs `stop` once on SIGINT/SIGTERM, then exits. A second signal exits at once.
 * @example
 * onShutdown(async () => { await collector.stop(); await studio.stop(); });
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.error(`\n${signal}: shutting down…`);
    stop().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
