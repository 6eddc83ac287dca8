// Fuzzing: 10,000 seeded random mutations of the valid corpus files. Whatever the input, the
// validator returns a list of problems: it never throws, never hangs and never returns garbage.
// A few hundred more mutations go through the real promtool too, as a differential sample
// beyond the hand-written corpus.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRuleFile } from "../../src/validate/kinds/rules.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

/** mulberry32: a tiny deterministic PRNG, so every run (and every failure) is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters and words that matter to YAML, PromQL and Go templates. */
const PIECES = [
  "{", "}", "[", "]", "(", ")", ",", ":", "\"", "'", "`", "\\", "|", ">", "-", "#", "&", "*", "!", "%", "@", "~", "=", "=~", "!=",
  "\n", "\t", " ", "  ", "{{", "}}", "{{ end }}", "{{ else }}", "$labels", "$value", ".", "5m", "0", "1e", "0x", "offset", "by",
  "without", "on", "ignoring", "group_left", "bool", "and", "or", "sum", "rate", "topk", "[5m:1m]", "@ 1", "inf", "nan",
  "record:", "alert:", "expr:", "for:", "labels:", "annotations:", "groups:", "name:", "rules:", "- ", "\u00e9", "\u{1F600}", "\uD800",
];

function mutateString(s: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let out = s;
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 4));
    else if (kind < 0.7) out = out.slice(0, at) + pick(PIECES) + out.slice(at);
    else out = out.slice(0, at) + pick(PIECES) + out.slice(at + 1);
  }
  return out;
}

/** Mutates the value of one `key: value` line, re-quoted so the YAML stays well-formed. */
function mutateValue(text: string, rnd: () => number): string | undefined {
  const lines = text.split("\n");
  const candidates = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*(- )?[a-z_]+: \S/.test(l));
  if (candidates.length === 0) return undefined;
  const { l, i } = candidates[Math.floor(rnd() * candidates.length)]!;
  const m = /^(\s*(?:- )?[a-z_]+: )(.*)$/.exec(l)!;
  let value = m[2]!;
  if (value.startsWith('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      // keep the raw text
    }
  }
  lines[i] = m[1]! + JSON.stringify(mutateString(value, rnd));
  return lines.join("\n");
}

function mutate(text: string, rnd: () => number): string {
  if (rnd() < 0.6) {
    const semantic = mutateValue(text, rnd);
    if (semantic !== undefined) return semantic;
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.25) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 8));
    else if (kind < 0.55) out = out.slice(0, at) + pick(PIECES) + out.slice(at);
    else if (kind < 0.75) out = out.slice(0, at) + pick(PIECES) + out.slice(at + 1);
    else {
      const lines = out.split("\n");
      const i = Math.floor(rnd() * lines.length);
      const j = Math.floor(rnd() * lines.length);
      const op = rnd();
      if (op < 0.3) lines.splice(i, 1);
      else if (op < 0.6) lines.splice(i, 0, lines[j]!);
      else if (op < 0.8) [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      else lines[i] = (rnd() < 0.5 ? "  " : "") + lines[i]!.replace(/^ {2}/, rnd() < 0.5 ? "" : "\t");
      out = lines.join("\n");
    }
  }
  return out;
}

const SEEDS = readdirSync(join(REPO, "test/fixtures/rules/good"))
  .sort()
  .map((name) => readFileSync(join(REPO, "test/fixtures/rules/good", name), "utf8"))
  .filter((t) => t.length > 0);

describe("fuzzing the rule file validator", () => {
  it("returns problems, never throws, on 10,000 seeded mutations of valid rule files", async () => {
    const rnd = prng(20261126);
    let invalid = 0;
    const started = Date.now();
    for (let i = 0; i < 10_000; i++) {
      const input = mutate(SEEDS[Math.floor(rnd() * SEEDS.length)]!, rnd);
      let result;
      try {
        result = await checkRuleFile("fuzz.yml", input);
      } catch (e) {
        throw new Error(`mutation ${i} crashed the validator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\ninput:\n${input}`);
      }
      expect(Array.isArray(result.problems)).toBe(true);
      for (const p of result.problems) {
        if (typeof p.check !== "string" || typeof p.message !== "string" || p.message === "" || (p.severity !== "error" && p.severity !== "warning")) {
          throw new Error(`mutation ${i} produced a malformed problem ${JSON.stringify(p)}\ninput:\n${input}`);
        }
        if (p.line !== undefined && (!Number.isInteger(p.line) || p.line < 1)) throw new Error(`mutation ${i}: bad line ${p.line}`);
      }
      if (result.problems.some((p) => p.severity === "error")) invalid++;
    }
    // The mutations must actually exercise the error paths, not only produce valid files.
    expect(invalid).toBeGreaterThan(3000);
    expect(Date.now() - started).toBeLessThan(55_000);
  }, 60_000);

  it("agrees with promtool on 300 further seeded mutations", async () => {
    const promtool = tool("promtool");
    const dir = scratch("abwatch-fuzz-");
    const rnd = prng(7);
    const cases = Array.from({ length: 300 }, (_, i) => {
      // Through UTF-8 and back, so both tools read the same text (lone surrogates become U+FFFD).
      const text = Buffer.from(mutate(SEEDS[Math.floor(rnd() * SEEDS.length)]!, rnd), "utf8").toString("utf8");
      const file = join(dir, `mutation-${i}.yml`);
      writeFileSync(file, text);
      return { file, text };
    });
    const verdicts: boolean[] = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        verdicts[i] = await new Promise<boolean>((done, fail) =>
          execFile(promtool, ["check", "rules", cases[i]!.file], { timeout: 20_000 }, (err) => {
            if (err === null) done(true);
            else if (err.code === 1) done(false);
            else fail(new Error(`promtool failed on ${cases[i]!.file}: ${err.message}`));
          }),
        );
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const disagreements: string[] = [];
    for (let i = 0; i < cases.length; i++) {
      const r = await checkRuleFile(`mutation-${i}.yml`, cases[i]!.text);
      const ours = !r.problems.some((p) => p.severity === "error");
      if (ours !== verdicts[i]) disagreements.push(`mutation ${i}: promtool ${verdicts[i] ? "accepts" : "rejects"}, abwatch ${ours ? "accepts" : "rejects"}\n${cases[i]!.text}`);
    }
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(60);
    expect(disagreements).toEqual([]);
  }, 60_000);
});
