// The block-YAML fast path must read every file it accepts exactly as the general (js-yaml) path
// does, and leave everything else to it: on every YAML file in the repository, on hand-picked
// corner cases, and on thousands of seeded mutations of real files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBlockYaml } from "../../src/validate/yaml-block.ts";
import { parseYamlGeneral, type YamlNode } from "../../src/validate/yaml.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(e)) out.push(full);
  }
  return out;
}

/**
 * A node as both paths must agree on. `end` is compared for quoted scalars only: elsewhere
 * js-yaml's reading position runs on over the blank space and comments after a node, and
 * nothing reads it there (the tab check, its one reader, looks at quoted and flow nodes).
 */
function comparable(n: YamlNode): unknown {
  const { end, ...rest } = n;
  switch (n.kind) {
    case "map":
      return { ...rest, entries: n.entries.map((e) => ({ key: comparable(e.key), value: comparable(e.value) })) };
    case "seq":
      return { ...rest, items: n.items.map(comparable) };
    case "scalar":
      return n.style === "single" || n.style === "double" ? { ...rest, end } : rest;
  }
}

/** The fast path's reading of `text`, checked against the general path's; false when it gave up. */
function agrees(text: string): boolean {
  const fast = parseBlockYaml(text);
  if (fast === undefined) return false;
  const general = parseYamlGeneral(text);
  expect(general.error, `the general path rejects what the fast path read:\n${text}`).toBeUndefined();
  expect(comparable(fast), text).toEqual(general.root === undefined ? undefined : comparable(general.root));
  return true;
}

describe("the block-YAML fast path", () => {
  const corpus = yamlFiles(join(ROOT, "test", "fixtures", "real-world"));
  const generated = yamlFiles(join(ROOT, "generated"));
  const fixtures = yamlFiles(join(ROOT, "test", "fixtures")).filter((f) => !f.includes("real-world"));

  it("reads every generated file, and reads it as js-yaml does", () => {
    expect(generated.length).toBeGreaterThan(5);
    for (const f of generated) expect(agrees(readFileSync(f, "utf8")), f).toBe(true);
  });

  it("reads most real-world rule files, each as js-yaml does", () => {
    const taken = corpus.filter((f) => agrees(readFileSync(f, "utf8")));
    // Most of the corpus is plain block YAML; the rest (flow lists, anchors, tabs, ...) is js-yaml's.
    expect(taken.length / corpus.length).toBeGreaterThan(0.7);
  });

  it("agrees with js-yaml on every other fixture it accepts", () => {
    for (const f of fixtures) agrees(readFileSync(f, "utf8"));
  });

  it.each([
    ["literal, clipped", "a: |\n  x\n  y\n\n\nb: 1\n"],
    ["literal, stripped", "a: |-\n  x\n\n  y\n\nb: 1\n"],
    ["literal, kept", "a: |+\n  x\n\n\nb: 1\n"],
    ["literal with a comment on its header", "a: | # why\n    x\n      y\n"],
    ["folded", "a: >\n  x\n  y\n\n  z\n\n\nb: >-\n  p\n  q\n"],
    ["a block scalar in a sequence", "- |\n  x\n- >+\n  y\n\n"],
    ["escapes", 'a: "q\\"\\\\\\n\\t\\x41\\u00e9\\U0001F600 \\/"\nb: \'it\'\'s\'\n'],
    ["empty values and entries", "a:\nb: # nothing\nc:\n  -\n  - ~\n  - # none\n  - x\nd: ''\n"],
    ["a sequence at its key's indentation", "a:\n- x\n- y: 1\n  z: 2\nb: 3\n"],
    ["compact mappings, nested", "- a: 1\n  b:\n    - c: 2\n      d: x\n"],
    ["typed plain scalars", "a: 0x1F\nb: 1_000\nc: .inf\nd: null\ne: True\nf: 1e400\ng: -5\nh: 01:30\n"],
    ["comments everywhere", "# head\n---\n# after the marker\na: 1 # one\n  # indented comment\nb:\n# at column 0\n  c: 2\n"],
    ["a plain scalar with inner colons and hashes", "a: http://x:9090/#frag\nb: x#y\nc: a:b\n"],
    ["empty flow collections", "a: []\nb: {}\nc: [ ]  # none\n"],
    ["trailing spaces", "a: x   \nb: 'y'  \n"],
    ["multi-line plain scalars", "a: one\n  two  \n\n   three\nb:\n  - x\n    y\n  - k: v\n     w\n"],
    ["multi-line quoted scalars", "a: 'one\n  two\n\n  it''s'\nb: \"x \\\n   y\\n\n\n   z\\ \n   w\"\n"],
    ["a plain scalar ended by a comment line", "a: x\n# c\nb: y\n"],
    ["text without a final line break", "a: 1\nb: x"],
  ])("agrees with js-yaml on %s", (_what, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ["a flow collection", "a: [1, 2]\n"],
    ["a flow collection with a comment inside", "a: [ # x\n]\n"],
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!int 5\n"],
    ["a tab", "a:\n\tb: 1\n"],
    ["CRLF line ends", "a: 1\r\nb: 2\r\n"],
    ["a control character", "a: x\x07y\n"],
    ["a lone surrogate", "a: x\ud800y\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a merge key", "a:\n  <<: {}\n"],
    ["a second document", "a: 1\n---\nb: 2\n"],
    ["a continuation line that looks like an entry", "a: x\n  - y\n"],
    ["a quoted scalar continued at its key's indentation", "a: 'x\ny'\n"],
    ["spaces before a quoted scalar's line break", "a: 'x \n  y'\n"],
    ["a surrogate escape", 'a: "\\ud800"\n'],
    ["an explicit indentation indicator", "a: |2\n   x\n"],
    ["a quoted key", '"a": 1\n'],
    ["an empty document", "# nothing\n"],
    ["a scalar document", "hello\n"],
    ["a key after a scalar", "a: b: c\n"],
    ["a dedented key", "a:\n    b: 1\n  c: 2\n"],
  ])("leaves %s to js-yaml", (_what, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });

  it("never reads a mutated real file differently from js-yaml (seeded)", () => {
    let seed = 0x9e3779b9;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pieces = [" ", "  ", "\n", ":", ": ", "- ", "-", "#", " #", "|", "|-", "|+", ">", "'", '"', "\\", "\\n", "~", "\n  ", "\n- ", "x", "0", "{", "&a", "*a", "\x00", "\x85", "\u00e9", "\ud83d"];
    const sources = [...generated, ...corpus.slice(0, 60)].map((f) => readFileSync(f, "utf8").slice(0, 3000));
    let read = 0;
    for (let n = 0; n < 4000; n++) {
      let text = sources[Math.floor(random() * sources.length)]!;
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(random() * text.length);
        const cut = Math.floor(random() * 3);
        text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)]! + text.slice(at + cut);
      }
      if (agrees(text)) read++;
    }
    // Most mutants stay block YAML: the comparison above must have run on many of them.
    expect(read).toBeGreaterThan(1000);
  });
});
