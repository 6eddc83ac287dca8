// Where commands print: injected, so tests capture output without spawning a process.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The clock, in milliseconds: warnings may depend on it, generated files never. */
  now(): number;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  now: () => Date.now(),
};
