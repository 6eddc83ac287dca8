export function packFiles(files: Iterable<{ path: string; content: string }>): Buffer;
export function unpack(buf: Buffer): Generator<{ path: string; content: Buffer }>;
