// The package as a team gets it: `npm pack`, installed from the tarball into a fresh repository
// with its own package.json, then every command a team and its CI run there, and the example
// experiment type-checked against the installed declarations with a strict `nodenext` tsconfig.
// Dependencies come from npm's cache when it has them (`--prefer-offline`), else from the registry.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_ID, SCRIPTS } from "../../src/init/templates.ts";
import { ALERTS, RECORD } from "../../src/model/conventions.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" }, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const ok = (r: Run, what: string): Run => {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
};

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// What a team's own TypeScript setup looks like: nothing abwatch-specific.
const TSCONFIG = {
  compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, types: [] },
  include: ["experiments", "service"],
};

// A service embedding the exporter, as the README shows: run by plain node, type-checked by tsc.
const SERVICE = `import { createExperimentMetrics, defineExperiment } from "abwatch";

const experiment = defineExperiment({
  id: "checkout",
  title: "Checkout",
  owner: { team: "payments" },
  arms: [
    { name: "current", weight: 0.9, control: true },
    { name: "candidate", weight: 0.1 },
  ],
});
const metrics = createExperimentMetrics(experiment);
metrics.record({ arm: "candidate", latencySeconds: 0.07, ok: false });
export const exposition: Promise<string> = metrics.registry.metrics();
`;

describe("npm pack, installed in a fresh repository", () => {
  const work = scratch("abwatch-pack-");
  const team = join(work, "team-service");
  let files: string[] = [];
  const abwatch = (...args: string[]) => run(process.execPath, [join(team, "node_modules/abwatch/bin/abwatch.js"), ...args], team);

  beforeAll(() => {
    const packed = ok(run("npm", ["pack", "--json", "--pack-destination", work], REPO), "npm pack");
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    ok(run("mkdir", [team], work), "mkdir");
    writeFileSync(join(team, "package.json"), '{\n  "name": "team-service",\n  "version": "1.0.0",\n  "private": true\n}\n');
    ok(run("npm", ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", join(work, info!.filename)], team), "npm install");
  }, 300_000);

  it("ships built JavaScript and declarations, and no sources or tests", () => {
    expect(files).toContain("bin/abwatch.js");
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/cli/index.js");
    // validate's one-script bundle (bin/abwatch.js runs it, as a checkout runs its own); its builder stays home.
    expect(files).toContain("dist/bundle/validate.cjs");
    // ...and every other command's bundle, with generate's worker thread.
    expect(files).toContain("dist/bundle/cli/index.js");
    expect(files).toContain("dist/bundle/cli/emit-worker.js");
    // The precompiled schema validators ship once, in dist/validate/schemas/; the CLI bundle imports those.
    expect(files.filter((f) => /^dist\/bundle\/cli\/.*validate-/.test(f) && !/^dist\/bundle\/cli\/validate-/.test(f))).toEqual([]);
    expect(files).not.toContain("bin/bundle.mjs");
    expect(files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toBe(false);
    // The schemas validate reads at run time travel with the code, with their licences.
    expect(files).toContain("dist/validate/schemas/prometheus/prometheus.rules.json");
    expect(files).toContain("dist/validate/schemas/LICENSES/Apache-2.0.txt");
    const dts = readFileSync(join(team, "node_modules/abwatch/dist/index.d.ts"), "utf8");
    expect(dts).toContain('from "./model/define.js"');
    expect(dts).not.toMatch(/from "\.[^"]*\.ts"/);
  });

  it("runs init, generate, generate --check, validate and diff there", () => {
    const init = ok(abwatch("init"), "abwatch init");
    expect(init.stdout).toContain(`created experiments/${EXAMPLE_ID}.ts`);
    expect(JSON.parse(readFileSync(join(team, "package.json"), "utf8")).scripts).toEqual(SCRIPTS);
    ok(abwatch("generate"), "abwatch generate");
    expect(readdirSync(join(team, "generated")).sort()).toEqual(["abwatch-manifest.json", "alertmanager", "dashboards", "rules", "runbooks", "tests"]);
    expect(ok(abwatch("generate", "--check"), "generate --check").stdout).toContain("is up to date");
    // The example links to abwatch's placeholder runbooks and Grafana until the team sets its own:
    // validate warns, --strict (for a team that has set them) refuses.
    const validated = ok(abwatch("validate"), "abwatch validate");
    expect(validated.stdout + validated.stderr).toMatch(/links\/placeholder/);
    // It ran the bundle: compiling it left V8's code cache beside it for the next run, with the
    // CPU time of the run that wrote it. A lighter run keeps that cache; a much heavier one than
    // the cache's own (here: one recorded as taking no time) writes it again.
    const cache = join(team, "node_modules/abwatch/dist/bundle/validate.cjs.v8cache");
    expect(existsSync(cache)).toBe(true);
    expect(Number(readFileSync(`${cache}.cpu`, "utf8"))).toBeGreaterThan(0);
    writeFileSync(join(team, "empty.yml"), "groups: []\n");
    const before = readFileSync(cache);
    ok(abwatch("validate", "empty.yml"), "abwatch validate empty.yml");
    expect(readFileSync(cache).equals(before)).toBe(true);
    writeFileSync(`${cache}.cpu`, "0");
    ok(abwatch("validate", "generated"), "abwatch validate generated");
    expect(Number(readFileSync(`${cache}.cpu`, "utf8"))).toBeGreaterThan(0);
    rmSync(join(team, "empty.yml"));
    const strict = abwatch("validate", "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stdout + strict.stderr).toMatch(/set runbooks\.baseUrl in experiments\//);
    // The installed package runs its built output: nothing was bundled from sources into it.
    expect(existsSync(join(team, "node_modules/abwatch/src"))).toBe(false);
    expect(existsSync(join(team, "node_modules/abwatch/node_modules/.cache"))).toBe(false);

    const git = (...args: string[]) => ok(run("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], team), `git ${args[0]}`);
    writeFileSync(join(team, ".gitignore"), "node_modules/\n");
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "abwatch");
    const example = join(team, `experiments/${EXAMPLE_ID}.ts`);
    writeFileSync(example, readFileSync(example, "utf8").replace("errorRatio: 0.05", "errorRatio: 0.02"));
    const diff = ok(abwatch("diff", "--format", "md"), "abwatch diff");
    expect(diff.stdout).toContain(`**${ALERTS.highErrorRate}**: threshold: \`${RECORD.errorRatio5m} > 0.05\` → \`> 0.02\``);
    // The script init added runs the same command through npm.
    expect(ok(run("npm", ["run", "--silent", "abwatch:diff"], team), "npm run abwatch:diff").stdout).toContain(`~ ${ALERTS.highErrorRate}`);
  });

  it("generates from its CLI bundle, with the worker thread and on one, the very bytes tsc's output generates", () => {
    // 64 experiments: enough for generate to start its worker thread (on two or more cores).
    const many = join(team, "many");
    const example = readFileSync(join(team, `experiments/${EXAMPLE_ID}.ts`), "utf8");
    mkdirSync(join(many, "experiments"), { recursive: true });
    for (let i = 0; i < 64; i++) writeFileSync(join(many, "experiments", `e${i}.ts`), example.replace(`id: "${EXAMPLE_ID}"`, `id: "e${i}"`));
    const gen = (out: string, script: string, env: Record<string, string> = {}) =>
      ok(run(process.execPath, [join(team, script), "generate", "--experiments", "many/experiments", "--out", out], team, { env: { ...process.env, ...env } }), `generate ${out}`);
    gen("many/bundle", "node_modules/abwatch/bin/abwatch.js");
    gen("many/one-thread", "node_modules/abwatch/bin/abwatch.js", { ABWATCH_WORKER: "0" });
    gen("many/tsc", "node_modules/abwatch/dist/cli/index.js");
    const tree = (dir: string) => readdirSync(join(many, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const bundle = tree("bundle");
    expect(bundle.length).toBe(64 * 16 + 2);
    for (const other of ["one-thread", "tsc"]) {
      expect(tree(other).map((f) => f.replace(`${join(many, other)}`, ""))).toEqual(bundle.map((f) => f.replace(`${join(many, "bundle")}`, "")));
      for (const f of bundle) expect(readFileSync(f.replace(join(many, "bundle"), join(many, other))).equals(readFileSync(f)), f).toBe(true);
    }
    // Without validate's own bundle, validate runs from the CLI bundle, with dist/'s schema validators.
    const own = join(team, "node_modules/abwatch/dist/bundle/validate.cjs");
    renameSync(own, `${own}.aside`);
    try {
      expect(ok(abwatch("validate", "many/bundle"), "validate from the CLI bundle").stdout).toMatch(/^ok: \d+ files checked, 0 errors/m);
    } finally {
      renameSync(`${own}.aside`, own);
    }
  });

  it("serves the public API to a service that imports it with plain node", () => {
    mkdirSync(join(team, "service"), { recursive: true });
    writeFileSync(join(team, "service/metrics.mjs"), SERVICE.replace(": Promise<string>", "").concat("console.log(await exposition);\n"));
    const r = ok(run(process.execPath, ["service/metrics.mjs"], team), "node service/metrics.mjs");
    expect(r.stdout).toMatch(/ab_test_requests_total\{[^}]*model_name="candidate"[^}]*status="error"[^}]*\} 1/);
  });

  it("type-checks the example and a service against the installed types with a strict nodenext tsconfig, and catches a wrong field", () => {
    writeFileSync(join(team, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    mkdirSync(join(team, "service"), { recursive: true });
    writeFileSync(join(team, "service/metrics.ts"), SERVICE);
    if (!existsSync(join(team, "experiments"))) ok(abwatch("init"), "abwatch init");
    // One run: the example and the service check cleanly, the file with a wrong field is the only error.
    const bad = join(team, "experiments/typo.ts");
    writeFileSync(bad, 'import { defineExperiment } from "abwatch";\nexport default defineExperiment({ id: "typo", title: "T", owner: { team: "t" }, arms: [{ name: "a", weight: "half" }] });\n');
    try {
      const r = run(process.execPath, [TSC, "-p", "."], team);
      expect(r.code).not.toBe(0);
      const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
      expect(errors).toEqual([expect.stringMatching(/^experiments\/typo\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/)]);
    } finally {
      rmSync(bad);
    }
  });
});
