// The pack: the bytes of a generated tree in one file, so the benchmark's floors write exactly what
// generate wrote without reading 16,000 files first. A sequence of records: path length and content
// length (uint32 little-endian), path, content. Plain JavaScript: bench/floor.mjs runs without a
// TypeScript loader.

/** The pack of `files` ({ path, content } with text content). */
export function packFiles(files) {
  const parts = [];
  for (const f of files) {
    const path = Buffer.from(f.path);
    const content = Buffer.from(f.content);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(path.length, 0);
    head.writeUInt32LE(content.length, 4);
    parts.push(head, path, content);
  }
  return Buffer.concat(parts);
}

/** Each file of a pack, in order: its path and a view of its bytes. */
export function* unpack(buf) {
  for (let at = 0; at < buf.length; ) {
    const pathLen = buf.readUInt32LE(at);
    const contentLen = buf.readUInt32LE(at + 4);
    const start = at + 8 + pathLen;
    yield { path: buf.toString("utf8", at + 8, start), content: buf.subarray(start, start + contentLen) };
    at = start + contentLen;
  }
}
