// A generated file's bytes are its content as UTF-8, whether emit kept its header apart (pieces)
// or not: the pieces exist only to encode faster, never to change a byte.
import { describe, expect, it } from "vitest";
import { syntheticExperiment } from "../../bench/synthetic.ts";
import { emitExperiment, emitShared } from "../../src/emit/index.ts";
import { ExperimentSchema } from "../../src/model/schema.ts";
import { fileBytes } from "../../src/write/bytes.ts";

const sourced = [0, 1, 2, 3].map((i) => ({ file: `experiments/é — ${i}-->.ts`, experiment: ExperimentSchema.parse(syntheticExperiment(i)) }));

describe("fileBytes", () => {
  it("encodes every emitted file exactly as Buffer.from(content) does, pieces or not", () => {
    const files = [...sourced.flatMap(emitExperiment), ...emitShared(sourced)];
    expect(files.filter((f) => f.pieces !== undefined).length).toBeGreaterThan(files.length / 2);
    for (const f of files) {
      if (f.pieces !== undefined) expect(f.pieces.join("")).toBe(f.content);
      expect(fileBytes(f).equals(Buffer.from(f.content, "utf8")), f.path).toBe(true);
    }
  });

  it("encodes pieces of any characters: astral, Latin-1, two-byte, empty", () => {
    const pieces = ["# — ü\n", "", "plain ascii\n", "𝛼 and ±\n", "x"];
    expect(fileBytes({ path: "x", content: pieces.join(""), pieces }).toString("utf8")).toBe(pieces.join(""));
  });
});
