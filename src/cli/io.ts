// Where commands print: injected, so tests capture output without spawning a process.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Resolves on the first SIGINT or SIGTERM after the call: long-running commands return then. */
  untilStopped?(): Promise<string>;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  // Handlers are installed only when a command waits: every other command keeps Ctrl-C's default.
  untilStopped: () =>
    new Promise((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(signal);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    }),
};
