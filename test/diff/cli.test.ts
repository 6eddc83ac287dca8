// `abwatch diff` as CI runs it: the real binary, a real git repository in a temp folder.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/diff/render/markdown.ts";
import type { MonitoringDiff } from "../../src/diff/types.ts";
import { ALERTS, RECORD, paths } from "../../src/model/conventions.ts";
import { BIN } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tempDir } from "./support.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with its own temp folder, so a test can see what it leaves behind there. */
function abwatch(args: string[], cwd: string, tmp: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, TMPDIR: tmp } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function write(root: string, path: string, content: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), content);
}

// The experiment reads its error threshold from a helper outside experiments/, its team from a
// helper inside it, and its owner contact from a package in node_modules: the base must find all three.
const EXPERIMENT = `import { defineExperiment } from "abwatch";
import { errorRatio } from "../config/limits.ts";
import { team } from "./_team.ts";
import { contact } from "team-contacts";

export default defineExperiment({
  id: "checkout",
  title: "Checkout ranking",
  owner: { team, contact },
  arms: [
    { name: "baseline", weight: 0.7, control: true },
    { name: "enhanced", weight: 0.3 },
  ],
  thresholds: { errorRatio },
});
`;

describe("abwatch diff --base", () => {
  const repo = scratch("abwatch-diff-repo-");
  const tmp = scratch("abwatch-diff-tmp-");
  let first = "";

  beforeAll(() => {
    git(repo, "init", "-q", "-b", "main");
    write(repo, "README.md", "a service\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "before abwatch");
    first = git(repo, "rev-parse", "HEAD");
    write(repo, "experiments/checkout.ts", EXPERIMENT);
    write(repo, "experiments/_team.ts", 'export const team = "payments";\n');
    write(repo, "config/limits.ts", "export const errorRatio = 0.05;\n");
    write(repo, "node_modules/team-contacts/package.json", '{ "name": "team-contacts", "version": "1.0.0", "main": "index.js" }\n');
    write(repo, "node_modules/team-contacts/index.js", 'exports.contact = "#payments";\n');
    write(repo, ".gitignore", "node_modules/\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "monitoring");
    write(repo, "config/limits.ts", "export const errorRatio = 0.1;\n");
    git(repo, "commit", "-qam", "looser error threshold");
  });

  it("says what HEAD~1 → the working tree changes, in the terms on-call reads", () => {
    const r = abwatch(["diff", "--base", "HEAD~1"], repo, tmp);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("abwatch diff: HEAD~1 → working tree");
    expect(r.stdout).toContain(`~ ${ALERTS.highErrorRate}`);
    expect(r.stdout).toContain(`threshold: ${RECORD.errorRatio5m} > 0.05 → > 0.1`);
    // The temporary copy of the base is gone, and removing it left the linked packages alone.
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(repo, "node_modules/team-contacts/index.js"))).toBe(true);
  });

  it("prints documented JSON and a pull-request comment", () => {
    const json = abwatch(["diff", "--base", "HEAD~1", "--format", "json"], repo, tmp);
    expect(json.code, json.stderr).toBe(0);
    const d = JSON.parse(json.stdout) as MonitoringDiff;
    expect(d).toMatchObject({ version: 1, base: "HEAD~1", head: "working tree", changed: true });
    expect(d.experiments[0]!.alerts).toEqual([
      { kind: "changed", subject: ALERTS.highErrorRate, changes: [{ field: "threshold", key: RECORD.errorRatio5m, from: "> 0.05", to: "> 0.1" }] },
    ]);
    const md = abwatch(["diff", "--base", "HEAD~1", "--format", "md"], repo, tmp);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout.startsWith(`${COMMENT_MARKER}\n### abwatch: monitoring changes`)).toBe(true);
    expect(md.stdout).toContain(`**${ALERTS.highErrorRate}**: threshold: \`${RECORD.errorRatio5m} > 0.05\` → \`> 0.1\``);
    expect(md.stderr).toBe("monitoring changed in 1 experiment(s)\n");
  });

  it("exits 0 with no monitoring change, and 1 on a change only when asked (--exit-code)", () => {
    const same = abwatch(["diff", "--exit-code"], repo, tmp);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe("no monitoring change (HEAD → working tree)\n");
    expect(abwatch(["diff", "--base", "HEAD~1", "--exit-code"], repo, tmp).code).toBe(1);
  });

  it("treats a base without experiments as abwatch being set up: everything is new", () => {
    const r = abwatch(["diff", "--base", first, "--format", "json"], repo, tmp);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as MonitoringDiff;
    expect(d.experiments.map((x) => [x.id, x.status])).toEqual([["checkout", "added"]]);
    expect(d.routing.receivers.every((e) => e.kind === "added")).toBe(true);
  });

  it("refuses an unknown ref and a base that does not compile, naming them (exit 2)", () => {
    const unknown = abwatch(["diff", "--base", "no-such-branch"], repo, tmp);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git revision "no-such-branch"');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);

    const broken = tempDir("broken-");
    git(broken, "init", "-q");
    write(broken, "experiments/bad.ts", "export default {{;\n");
    git(broken, "add", "-A");
    git(broken, "commit", "-qm", "broken");
    write(broken, "experiments/bad.ts", EXPERIMENT.replace(/import \{ (errorRatio|team|contact) \}.*\n/g, "").replace("{ team, contact }", '{ team: "t" }').replace("{ errorRatio }", "{}"));
    const r = abwatch(["diff"], broken, tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("HEAD:experiments/bad.ts: cannot compile");
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("needs a git repository for --base", () => {
    const plain = tempDir("plain-");
    write(plain, "experiments/x.ts", "export default {};\n");
    const r = abwatch(["diff"], plain, tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not inside a git repository");
  });
});

describe("abwatch diff --base-dir", () => {
  const repo = scratch("abwatch-diff-dirs-");
  const tmp = scratch("abwatch-diff-tmp-");

  beforeAll(() => {
    write(repo, "experiments/_team.ts", 'export const team = "payments";\n');
    write(repo, "config/limits.ts", "export const errorRatio = 0.05;\n");
    write(repo, "node_modules/team-contacts/package.json", '{ "name": "team-contacts", "version": "1.0.0", "main": "index.js" }\n');
    write(repo, "node_modules/team-contacts/index.js", 'exports.contact = "#payments";\n');
    write(repo, "experiments/checkout.ts", EXPERIMENT);
  });

  it("compares two generated folders", () => {
    expect(abwatch(["generate", "--out", "before"], repo, tmp).code).toBe(0);
    write(repo, "config/limits.ts", "export const errorRatio = 0.2;\n");
    expect(abwatch(["generate"], repo, tmp).code).toBe(0);
    const r = abwatch(["diff", "--base-dir", "before"], repo, tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("abwatch diff: before → generated");
    expect(r.stdout).toContain(`threshold: ${RECORD.errorRatio5m} > 0.05 → > 0.2`);
    const same = abwatch(["diff", "--base-dir", "generated", "--head-dir", "generated"], repo, tmp);
    expect(same.stdout).toBe("no monitoring change (generated → generated)\n");
  });

  it("names the file and field of a generated file it cannot read (exit 2)", () => {
    write(repo, `broken/${paths.rules("checkout")}`, "groups:\n  - name: g\n    rules:\n      - expr: up\n");
    write(repo, `broken/${paths.dashboard("checkout")}`, "{ not json");
    const r = abwatch(["diff", "--base-dir", "broken"], repo, tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`broken/${paths.rules("checkout")}: groups[0].rules[0]: expected a \`record\` or an \`alert\` name (diff/input)`);
    expect(r.stderr).toContain(`broken/${paths.dashboard("checkout")}: cannot parse JSON`);
    expect(r.stdout).toBe("");
  });

  it.each([
    [["--base-dir", "missing"], "missing: generated folder not found"],
    [["--base", "HEAD", "--base-dir", "before"], "give --base or --base-dir, not both"],
    [["--head-dir", "generated"], "--head-dir compares with --base-dir"],
    [["--base-dir", "before", "--format", "html"], "--format must be one of text, md, json"],
  ])("refuses %j (exit 2)", (args, message) => {
    const r = abwatch(["diff", ...args], repo, tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
