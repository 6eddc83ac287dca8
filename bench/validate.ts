// `abwatch validate` against `promtool check rules`, whole processes measured in the same run, on
// one rule file of 1,000 rules and on the real-world corpus (test/fixtures/real-world, every file
// in one process each). Then what validate says about the corpus: its verdicts against
// promtool's, the findings of the default output, the files promtool accepts but --strict fails
// with the class of each, and the precision of each check from the findings read by hand
// (./validate-sample.ts). Target: at most 1.5x promtool on both timings.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checks } from "../src/validate/checks/index.ts";
import { fmtMs, fmtRatio, median } from "./measure.ts";
import { SAMPLE } from "./validate-sample.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = join(REPO, "test/fixtures/real-world");
const RULES = 1000;
const RUNS = 7;

/** A realistic rule file: A/B-test recording rules and alerts with templates, 50 rules a group. */
export function ruleFile(rules: number): string {
  const lines = ["groups:"];
  for (let i = 0; i < rules; i++) {
    if (i % 50 === 0) lines.push(`  - name: experiment-${i / 50}`, "    interval: 30s", "    rules:");
    const exp = `exp-${Math.floor(i / 10)}`;
    switch (i % 5) {
      case 0:
        lines.push(
          `      - record: experiment_model:ab_test_requests:rate5m_${i}`,
          `        expr: sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}"}[5m]))`,
        );
        break;
      case 1:
        lines.push(
          `      - record: experiment_model:ab_test_errors:ratio_rate5m_${i}`,
          "        expr: |",
          `          sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}", status="error"}[5m]))`,
          `            / on (experiment, model_name) (sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}"}[5m])) > 0)`,
        );
        break;
      case 2:
        lines.push(
          `      - record: experiment_model:ab_test_latency:p95_${i}`,
          `        expr: histogram_quantile(0.95, sum by (experiment, model_name, le) (rate(ab_test_response_time_seconds_bucket{experiment="${exp}"}[5m])))`,
          "        labels:",
          "          quantile: \"0.95\"",
        );
        break;
      case 3:
        lines.push(
          `      - alert: HighErrorRate${i}`,
          `        expr: experiment_model:ab_test_errors:ratio_rate5m_${i - 2} > 0.05 and on (experiment, model_name) experiment_model:ab_test_requests:rate5m_${i - 3} > 0.05`,
          "        for: 2m",
          "        labels:",
          "          severity: critical",
          "        annotations:",
          "          summary: Model error rate above 5%",
          '          description: "{{ $labels.model_name }} in {{ $labels.experiment }} fails {{ $value | humanizePercentage }} of requests"',
          `          runbook_url: https://runbooks.example.com/${exp}/HighErrorRate`,
        );
        break;
      default:
        lines.push(
          `      - alert: HighResponseTime${i}`,
          `        expr: experiment_model:ab_test_latency:p95_${i - 2} > 0.2`,
          "        for: 3m",
          "        labels:",
          "          severity: warning",
          "        annotations:",
          "          summary: Model p95 latency above 200 ms",
          '          description: "p95 latency of {{ $labels.model_name }} is {{ $value | humanizeDuration }}"',
          `          runbook_url: https://runbooks.example.com/${exp}/HighResponseTime`,
        );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * NODE_EXTRA_CA_CERTS makes every Node process load that CA file while it starts, before any
 * JavaScript runs (some sandboxes and corporate machines set it; CI runners usually do not). When
 * it is set, abwatch is timed both with it and without it, so the table shows what is abwatch's.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const WITHOUT_EXTRA_CA: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"));

/** Wall time of one process that may exit 0 or 1 (a corpus holds invalid files on purpose). */
function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: "utf8", maxBuffer: 256 << 20, timeout: 600_000, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return ms;
}

/** Median wall times of several commands, run interleaved after one warm-up each. */
function race(sides: Record<string, () => number>, runs: number): Record<string, number> {
  for (const run of Object.values(sides)) run();
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(sides)) ms[k]!.push(run());
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
}

/**
 * Where one run's CPU time goes: a V8 CPU profile of the CLI, with the time of each phase counted
 * inclusively by the functions that start it (names esbuild keeps in the bundle).
 */
function phases(bin: string, file: string, dir: string): { phase: string; ms: number }[] {
  const out = join(dir, "profile");
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) rmSync(join(out, f));
  spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", out, bin, "validate", file], { cwd: REPO, encoding: "utf8" });
  const profile = JSON.parse(readFileSync(join(out, readdirSync(out)[0]!), "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  // [phase, function name, where the function lives]
  const groups: [string, RegExp, RegExp][] = [
    ["YAML (the block fast path; js-yaml where it gives up)", /^parseYaml$/, /abwatch/],
    ["PromQL: lezer's parser (syntax the direct parser leaves to it)", /^parse$/, /@lezer/],
    ["PromQL: lexing, direct parsing or lezer's tree conversion, type checks", /^parseUncached$/, /abwatch/],
    ["Go templates", /^parseAlertTemplate$/, /abwatch/],
    ["rule-file schema", /^validate0$/, /abwatch/],
    ["lints and contract checks", /^run$/, /abwatch/],
    ["rulefmt checks (the rest of each rule)", /^validateRules$/, /abwatch/],
    ["garbage collection (all phases)", /^\(garbage collector\)$/, /^$/],
  ];
  const ms = new Map<string, number>(groups.map(([g]) => [g, 0]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    // The innermost phase on the stack owns the sample.
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = frame.get(cur)!;
      const g = groups.find(([, fn, url]) => fn.test(f.functionName) && url.test(f.url));
      if (g !== undefined) {
        ms.set(g[0], ms.get(g[0])! + dt);
        return;
      }
    }
  });
  const counted = [...ms.values()].reduce((a, b) => a + b, 0);
  return [...[...ms].map(([phase, v]) => ({ phase, ms: v })), { phase: "start-up, module loading, file reading, output", ms: total - counted }];
}

interface JsonProblem {
  file: string;
  severity: "error" | "warning";
  check: string;
  ruleName?: string;
}

function corpusFiles(): string[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(CORPUS, d.name)).filter((n) => /\.ya?ml$/.test(n)).map((n) => join(CORPUS, d.name, n)))
    .sort();
}

function abwatchJson(bin: string, ...flags: string[]): JsonProblem[] {
  const r = spawnSync(process.execPath, [bin, "validate", "--format", "json", ...flags, CORPUS], { cwd: REPO, encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`abwatch validate failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as JsonProblem[]).map((p) => ({ ...p, file: relative(REPO, join(REPO, p.file)) }));
}

const count = <T>(xs: readonly T[], key: (x: T) => string) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};

function corpusReport(promtool: string, bin: string): string[] {
  const files = corpusFiles();
  const rel = (f: string) => relative(REPO, f);
  const accepts = new Map(files.map((f) => [rel(f), spawnSync(promtool, ["check", "rules", f], { encoding: "utf8" }).status === 0]));
  const byDefault = abwatchJson(bin);
  const strict = abwatchJson(bin, "--strict");
  const all = abwatchJson(bin, "--lint", "all");
  const rejects = (ps: JsonProblem[], f: string) => ps.some((p) => p.file === f && p.severity === "error");
  const agree = [...accepts].filter(([f, ok]) => ok !== rejects(byDefault, f)).length;
  const classOf = new Map(checks.map((c) => [c.name, c.class]));
  const lint = (p: JsonProblem) => classOf.has(p.check);
  const accepted = [...accepts].filter(([, ok]) => ok).map(([f]) => f);
  const strictFailures = accepted.filter((f) => rejects(strict, f));
  const failingChecks = count(
    strictFailures.flatMap((f) => [...new Set(strict.filter((p) => p.file === f && p.severity === "error").map((p) => p.check))]),
    (c) => c,
  );
  const findingsOnAccepted = (check: string) => strict.filter((p) => p.check === check && accepts.get(p.file) === true).length;

  // Every sampled finding must still be reported, or the precision below describes another checker.
  const stale = SAMPLE.filter((s) => !strict.some((p) => p.file === `test/fixtures/real-world/${s.file}` && p.check === s.check && p.ruleName === s.rule));
  if (stale.length > 0) throw new Error(`bench/validate-sample.ts lists findings validate no longer reports:\n${stale.map((s) => `  ${s.file} ${s.rule} (${s.check})`).join("\n")}`);

  const lines = [
    "### On real-world rule files",
    "",
    `${files.length} public rule files (\`test/fixtures/real-world\`, sources and licences in its README). promtool accepts`,
    `${accepted.length}; abwatch's verdict equals promtool's on **${agree} of ${files.length}**.`,
    "",
    `Default output: **${byDefault.length} findings** (${byDefault.filter((p) => p.severity === "error").length} errors, ${byDefault.filter((p) => p.severity === "warning").length} warnings, bug-class lints only).`,
    `\`--lint all\` adds the style checks: ${all.length} findings.`,
    "",
    "| check | class | default output | with --lint all |",
    "|---|---|---:|---:|",
    ...count(all.filter(lint), (p) => p.check).map(([c, n]) => `| \`${c}\` | ${classOf.get(c)} | ${byDefault.filter((p) => p.check === c).length} | ${n} |`),
    "",
    `Files promtool accepts but \`--strict\` fails: **${strictFailures.length} of ${accepted.length}**, each failed by a bug-class check.`,
    "Precision from findings read by hand (`bench/validate-sample.ts`: every ninth `alerts/template-labels`",
    "finding, every finding of the others):",
    "",
    "| check | class | files failed | findings on accepted files | sampled | real bugs | precision |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...failingChecks.map(([c, n]) => {
      const sampled = SAMPLE.filter((s) => s.check === c);
      const real = sampled.filter((s) => s.real).length;
      return `| \`${c}\` | ${classOf.get(c)} | ${n} | ${findingsOnAccepted(c)} | ${sampled.length} | ${real} | ${sampled.length === 0 ? "—" : `${Math.round((100 * real) / sampled.length)} %`} |`;
    }),
    "",
  ];
  return lines;
}

export async function benchValidate(): Promise<string> {
  const dir = join(tmpdir(), `abwatch-bench-validate-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "rules.yml");
  const empty = join(dir, "empty.yml");
  writeFileSync(file, ruleFile(RULES));
  writeFileSync(empty, "groups: []\n");
  const promtool = execFileSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" }).trim();
  const version = execFileSync(promtool, ["--version"], { encoding: "utf8" }).split("\n")[0]!.replace(/^promtool, version (\S+).*$/, "$1");
  const bin = join(REPO, "bin/abwatch.js");

  // Both must accept the file, or the comparison means nothing.
  const found = execFileSync(promtool, ["check", "rules", file], { encoding: "utf8" });
  if (!found.includes(`${RULES} rules found`)) throw new Error(`promtool did not find ${RULES} rules: ${found}`);
  const ours = execFileSync(process.execPath, [bin, "validate", file], { cwd: REPO, encoding: "utf8" });
  if (!/ 0 errors/.test(ours)) throw new Error(`abwatch did not accept the benchmark file: ${ours}`);

  const corpus = corpusFiles();
  const envs: [string, NodeJS.ProcessEnv][] = [["", process.env], ...(EXTRA_CA === undefined ? [] : [["Plain", WITHOUT_EXTRA_CA] as [string, NodeJS.ProcessEnv]])];
  const sides = {
    promtoolEmpty: () => timed(promtool, ["check", "rules", empty]),
    promtool: () => timed(promtool, ["check", "rules", file]),
    promtoolCorpus: () => timed(promtool, ["check", "rules", ...corpus]),
  };
  const abwatchSides: Record<string, (env: NodeJS.ProcessEnv) => number> = {
    node: (env) => timed(process.execPath, ["-e", "0"], env),
    abwatchVersion: (env) => timed(process.execPath, [bin, "--version"], env),
    abwatchEmpty: (env) => timed(process.execPath, [bin, "validate", empty], env),
    abwatch: (env) => timed(process.execPath, [bin, "validate", file], env),
    abwatchCorpus: (env) => timed(process.execPath, [bin, "validate", CORPUS], env),
  };
  const t = race(
    {
      ...sides,
      ...Object.fromEntries(envs.flatMap(([suffix, env]) => Object.entries(abwatchSides).map(([k, run]) => [`${k}${suffix}`, () => run(env)]))),
    },
    RUNS,
  );
  const ratio = (a: number, b: number) => `**${fmtRatio(a / b)}**`;
  const extra = EXTRA_CA !== undefined;
  const row = (what: string, base: number, ours: string) =>
    `| ${what} | ${fmtMs(base)} | ${fmtMs(t[ours]!)} | ${ratio(t[ours]!, base)} |${extra ? ` ${fmtMs(t[`${ours}Plain`]!)} | ${ratio(t[`${ours}Plain`]!, base)} |` : ""}`;
  const profile = phases(bin, file, dir);
  const profiled = profile.reduce((a, p) => a + p.ms, 0);

  return [
    "## validate vs promtool",
    "",
    `\`abwatch validate\` and \`promtool check rules\` (${version}), whole-process wall time including start-up, median of`,
    `${RUNS} interleaved runs after a warm-up. Target: at most 1.5x promtool on the 1,000-rule file and on the corpus.`,
    "",
    extra
      ? "| input | promtool | abwatch validate, this machine's environment | ratio | abwatch validate without NODE_EXTRA_CA_CERTS | ratio |"
      : "| input | promtool | abwatch validate | ratio |",
    extra ? "|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|",
    row(`one file of ${RULES.toLocaleString("en")} rules (recording rules and alerts with templates, 20 groups)`, t.promtool!, "abwatch"),
    row(`the real-world corpus, ${corpus.length} files in one process`, t.promtoolCorpus!, "abwatchCorpus"),
    row("start-up: an empty rule file", t.promtoolEmpty!, "abwatchEmpty"),
    "",
    ...(extra
      ? [
          `This machine sets NODE_EXTRA_CA_CERTS (${EXTRA_CA}): every Node process then loads that CA file while it`,
          `starts, before any of its JavaScript runs. \`node -e 0\` takes ${fmtMs(t.node!)} with it and ${fmtMs(t.nodePlain!)} without it, measured in`,
          "the same run. The last two columns time the same abwatch without the variable, as on a CI runner that does not set it.",
          "",
        ]
      : []),
    `Start-up: \`node -e 0\` alone takes ${fmtMs(t.node!)}; \`abwatch --version\` (the CLI shell: bundle check, commander)`,
    `${fmtMs(t.abwatchVersion!)}; \`validate\` on an empty file, which runs validate's own one-script bundle from a V8 code cache`,
    `(YAML and PromQL parsers, RE2, the precompiled rules schema, commander): ${fmtMs(t.abwatchEmpty!)} in all. On 4 or more cores, a run`,
    `of 512 KB or more (the corpus) parses about half of its files in a worker thread; this machine has ${availableParallelism()} cores.`,
    "",
    `Where the CPU time of one run on the ${RULES.toLocaleString("en")}-rule file goes (V8 CPU profile, ${fmtMs(profiled)} sampled; each`,
    "sample counted once, in the innermost phase on its stack):",
    "",
    "| phase | time | share |",
    "|---|---:|---:|",
    ...profile.map((p) => `| ${p.phase} | ${fmtMs(p.ms)} | ${Math.round((100 * p.ms) / profiled)} % |`),
    "",
    ...corpusReport(promtool, bin),
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(await benchValidate());
}
