// Seeded property test of escaping: random strings (quotes, backslashes, {{ }}, $, line breaks, YAML
// indicators, Markdown, unicode) in every string field of the experiment schema either make
// generate exit 2 naming that field, or give files the real tools accept: promtool (check rules
// and test rules), amtool, vmalert -dryRun, and JSON that parses. Cases are batched: one generate
// run and one invocation of each tool for all of them. ABWATCH_FUZZ_SEED=n explores other seeds.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadExperiments } from "../../src/load/index.ts";
import { formatPath, type Problem } from "../../src/model/problem.ts";
import { ExperimentSchema } from "../../src/model/schema.ts";
import { readTree } from "../../src/write/tree.ts";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";
import { def, unwrapped, type AnySchema } from "../support/zod-schema.ts";

const SEED = Number(process.env.ABWATCH_FUZZ_SEED ?? 20261130);
const SINGLE_FIELD_CASES = 160;
const ALL_FIELD_CASES = 3;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAZARDS = [
  '"', "'", "\\", "\\n", "{{", "}}", "{{ $value }}", "{{ .Labels.x }}", "$", "$labels", "${datasource}", "\n", "\r\n", "\t",
  ": ", " #", "#", "&", "*", "!", "%", "@", "-", "- ", "? ", "|", ">", "`", "```", "[", "]", "{", "}", ",", "<!--", "-->", "<b>",
  "&amp;", "**", "_", "~~", "yes", "null", "~", "1e3", "0x1F", "<<", "=", "---", "...", "é", "—", "😀", "\u00a0", "\u2028",
  "\u0085", "\ufeff", "\u0000", "\u007f", "\ud800", "a", "word", "x-y", "9", "/", "http://", "https://x.example/", "=~", "\"}",
];

// What has broken generated files before, or would: at least one in every all-field value.
const DANGERS = ["{{", "{{ .x }}", '"', "\\", "$x", "`", "é😀", "\u00a0", ": #", "<!--", "{{\"", "'{{"];

function hazard(rand: () => number, must?: string): string {
  const n = 1 + Math.floor(rand() * 6);
  let s = "";
  for (let i = 0; i < n; i++) s += HAZARDS[Math.floor(rand() * HAZARDS.length)];
  if (must === undefined) return s;
  const at = Math.floor(rand() * (s.length + 1));
  return s.slice(0, at) + must + s.slice(at);
}

type Path = (string | number)[];

/** Every field of the schema that holds a string (record keys included, as "<key>"). */
function stringFields(schema: AnySchema, prefix: Path = []): Path[] {
  const d = unwrapped(schema);
  if (d.type === "string") return [prefix];
  if (d.type === "union") return (d.options as AnySchema[]).some((o) => def(o).type === "string") ? [prefix] : [];
  if (d.type === "object") return Object.entries(d.shape as Record<string, AnySchema>).flatMap(([k, v]) => stringFields(v, [...prefix, k]));
  if (d.type === "array") return stringFields(d.element as AnySchema, [...prefix, 0]);
  if (d.type === "record") return [[...prefix, "<key>"], ...stringFields(d.valueType as AnySchema, [...prefix, "env"])];
  return [];
}

function baseExperiment(i: number): Record<string, unknown> {
  return {
    id: `case-${i}`,
    title: "Escaping case",
    description: "A description.",
    owner: { team: "ml", contact: "#ml" },
    arms: [
      { name: "control", weight: 0.5, control: true, description: "the control" },
      { name: "treatment", weight: 0.5, description: "the treatment" },
    ],
    metrics: { scope: { env: "prod" }, endpoint: "http://svc.example:8002/metrics" },
    business: { dailyRequests: 1000, revenuePerPrediction: 2, currency: "USD", components: { revenueLift: 1, costImpact: 1, riskReduction: 1 } },
    runbooks: { baseUrl: "https://wiki.example/runbooks" },
    routing: {
      critical: { name: `pd-${i}`, pagerduty: { routingKeyFile: "/etc/am/pd" } },
      warning: { name: `slack-${i}`, slack: { apiUrlFile: "/etc/am/slack", channel: "#ml" } },
      drift: { name: `ds-${i}`, slack: { apiUrlFile: "/etc/am/slack", channel: "#ds" } },
    },
    grafana: { datasource: "prom", folder: "A/B", tags: ["ab"], url: "https://grafana.example", uid: `uid-${i}` },
    prometheus: { url: "https://prometheus.example" },
  };
}

function set(obj: Record<string, unknown>, path: Path, value: string): void {
  let cur = obj as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (key === "<key>") break;
    if (typeof cur[key] !== "object" || cur[key] === null) cur[key] = typeof path[path.indexOf(key) + 1] === "number" ? [] : {};
    cur = cur[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (last === "<key>") cur[value] = "v";
  else cur[last] = value;
}

const shownPath = (p: Path) => formatPath(p.filter((k) => k !== "<key>"));

/**
 * Does a problem belong to a field the case changed: that field, a part of it or what holds it,
 * or a required sibling missing from an object the change created?
 */
const related = (p: Problem, changed: readonly Path[]) =>
  changed.some((c) => {
    const field = c.filter((k) => k !== "<key>");
    const path = (p.path ?? []).map(String);
    const prefix = (a: readonly unknown[], b: readonly unknown[]) => a.every((k, i) => String(k) === String(b[i]));
    if (prefix(field.slice(0, path.length), path) || prefix(path.slice(0, field.length), field)) return true;
    return p.message.startsWith("missing required field") && prefix(path.slice(0, -1), field);
  });

interface Case {
  file: string;
  changed: Path[];
  exp: Record<string, unknown>;
}

const fields = stringFields(ExperimentSchema);
const rand = random(SEED);
const cases: Case[] = [];

/** A hazard string the field accepts in this experiment, if one turns up in a few hundred tries. */
function accepted(exp: Record<string, unknown>, path: Path): string | undefined {
  const prefix = path.some((k) => k === "routingKeyFile" || k === "apiUrlFile") ? "/" : /url|endpoint/i.test(String(path[path.length - 1])) ? "https://x.example/" : "";
  for (let t = 0; t < 400; t++) {
    // Try each danger in turn, then anything the field accepts.
    const value = prefix + hazard(rand, t < 300 ? DANGERS[t % DANGERS.length] : undefined);
    const tried = structuredClone(exp);
    set(tried, path, value);
    if (ExperimentSchema.safeParse(tried).success) return value;
  }
  return undefined;
}

for (let i = 0; i < SINGLE_FIELD_CASES; i++) {
  const path = fields[i % fields.length]!;
  const exp = baseExperiment(i);
  set(exp, path, hazard(rand));
  cases.push({ file: `single-${i}.ts`, changed: [path], exp });
}
for (let i = 0; i < ALL_FIELD_CASES; i++) {
  const n = SINGLE_FIELD_CASES + i;
  const exp = baseExperiment(n);
  const changed: Path[] = [];
  for (const path of fields) {
    // Ids, dates and receiver names accept no hazard (single-field cases show it); two receivers of
    // one experiment may not share a name with different settings.
    if (path.includes("<key>") || path[0] === "id" || path[0] === "schedule" || (path[0] === "routing" && path[2] === "name")) continue;
    const value = accepted(exp, path);
    if (value === undefined) continue;
    set(exp, path, value);
    changed.push(path);
  }
  cases.push({ file: `all-${i}.ts`, changed, exp });
}

describe(`escaping (seed ${SEED})`, () => {
  const root = scratch();
  const all = join(root, "all");
  const valid = join(root, "valid");
  const out = join(root, "generated");
  let problems: Problem[] = [];
  let accepted: Case[] = [];

  beforeAll(async () => {
    mkdirSync(all);
    mkdirSync(valid);
    for (const c of cases) writeFileSync(join(all, c.file), `export default ${JSON.stringify(c.exp, null, 2)};\n`);
    problems = (await loadExperiments(all, root)).problems.filter((p) => p.severity === "error");
    const failing = new Set(problems.map((p) => p.file));
    accepted = cases.filter((c) => !failing.has(`all/${c.file}`));
    for (const c of accepted) writeFileSync(join(valid, c.file), readFileSync(join(all, c.file)));
  }, 120_000);

  it("covers every string field of the schema, with cases both refused and accepted", () => {
    expect(fields.length).toBeGreaterThan(40);
    expect(fields.map(shownPath)).toEqual(expect.arrayContaining(["title", "metrics.scope", "metrics.values.error", "grafana.tags[0]", "prometheus.url"]));
    expect(accepted.length).toBeGreaterThan(20);
    expect(cases.length - accepted.length).toBeGreaterThan(20);
    for (const c of cases.filter((x) => x.file.startsWith("all-"))) {
      const why = problems.filter((p) => p.file === `all/${c.file}`).map((p) => `${formatPath(p.path ?? [])}: ${p.message}`);
      expect(why, `${c.file} must be accepted`).toEqual([]);
      expect(c.changed.length).toBeGreaterThan(20);
    }
  });

  it("refuses a case only for a field it changed, in abwatch's words, exiting 2 with the file and field", () => {
    for (const p of problems) {
      const c = cases.find((x) => `all/${x.file}` === p.file)!;
      expect(related(p, c.changed), `${p.file}: ${formatPath(p.path ?? [])}: ${p.message} (changed ${c.changed.map(shownPath)})`).toBe(true);
      expect(p.message).not.toMatch(/Invalid input|received|Too (small|big)/);
    }
    const r = runCli(["generate", "--experiments", all, "--out", join(root, "refused")], root);
    expect(r.code).toBe(2);
    for (const p of problems) expect(r.stderr).toContain(`${p.file}: ${formatPath(p.path ?? [])}: `);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  describe("the accepted cases", () => {
    let files: string[] = [];
    beforeAll(() => {
      const r = runCli(["generate", "--experiments", valid, "--out", out], root);
      expect(r.code, r.stderr).toBe(0);
      files = readTree(out).map((f) => f.path);
    }, 300_000);

    const run = (cmd: string, args: string[], cwd: string) => {
      const r = spawnSync(tool(cmd), args, { cwd, encoding: "utf8", timeout: 600_000, maxBuffer: 64 << 20 });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };

    it("give dashboards that parse as JSON", () => {
      const dashboards = files.filter((f) => f.startsWith("dashboards/"));
      expect(dashboards).toHaveLength(accepted.length);
      for (const f of dashboards) expect(() => JSON.parse(readFileSync(join(out, f), "utf8")), f).not.toThrow();
    });

    it("give rule files promtool check rules accepts", () => {
      const rules = files.filter((f) => f.startsWith("rules/"));
      const r = run("promtool", ["check", "rules", ...rules], out);
      expect(r.code, r.out.slice(0, 4000)).toBe(0);
      expect(r.out.match(/SUCCESS/g)).toHaveLength(rules.length);
    }, 300_000);

    it("give rule files vmalert -dryRun accepts", () => {
      const r = run("vmalert", ["-dryRun", `-rule=${join(out, "rules")}/*.yml`], out);
      expect(r.code, r.out.slice(-4000)).toBe(0);
    }, 300_000);

    it("give an Alertmanager configuration amtool accepts", () => {
      const r = run("amtool", ["check-config", "alertmanager/alertmanager.yml"], out);
      expect(r.code, r.out.slice(0, 4000)).toBe(0);
    });

    it("give promtool tests that pass: rules, annotations and labels render as the tests expect", () => {
      // The all-field cases, and a few single-field ones (test files take promtool seconds each).
      const ids = accepted.filter((c, i) => c.file.startsWith("all-") || i % 80 === 0).map((c) => String(c.exp.id));
      const tests = readdirSync(join(out, "tests")).filter((f) => ids.some((id) => f === `${id}.test.yml`));
      expect(tests.length).toBeGreaterThanOrEqual(ALL_FIELD_CASES);
      const r = run("promtool", ["test", "rules", ...tests], join(out, "tests"));
      expect(r.code, r.out.slice(0, 6000)).toBe(0);
    }, 600_000);
  });
});
