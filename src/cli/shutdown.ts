/** Runs `stop` once on SIGTERM/SIGINT (graceful drain); a second signal exits at once. */
export function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      console.error(`interview-flow: ${signal} received, draining active jobs...`);
      stop(signal).then(() => process.exit(0), (err: unknown) => {
        console.error(`interview-flow: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      });
    });
  }
}
