// `abwatch init` in a team's repository: what it writes, that it never overwrites, that a second
// run changes nothing, and that what it writes works (generate, validate, the workflow's YAML).
import { load as loadYaml } from "js-yaml";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/diff/render/markdown.ts";
import { EXAMPLE_ID, GITATTRIBUTES_LINE, README_HEADING, SCRIPTS, WORKFLOW_PATH, githubRepository } from "../../src/init/templates.ts";
import { readTree } from "../../src/write/tree.ts";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

// Cleaned up after the file: scratch() must be called outside a test.
const ROOT = scratch("abwatch-init-");
const repoDir = () => mkdtempSync(join(ROOT, "repo-"));

const snapshot = (dir: string) => readTree(dir).filter((f) => !f.path.startsWith("generated/"));

describe("abwatch init", () => {
  it("sets up a repository, and a second run changes nothing", () => {
    const repo = repoDir();
    writeFileSync(join(repo, "package.json"), '{\n    "name": "team-svc",\n    "repository": "github:acme/team-svc"\n}\n');
    writeFileSync(join(repo, "README.md"), "# team-svc\n\nOur service.\n");
    const r = runCli(["init"], repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`created experiments/${EXAMPLE_ID}.ts`);
    expect(r.stdout).toContain(`created ${WORKFLOW_PATH}`);
    expect(r.stdout).toContain("updated package.json: added scripts abwatch:generate, abwatch:check, abwatch:diff");
    expect(r.stdout).toContain("updated README.md");

    const pkg = readFileSync(join(repo, "package.json"), "utf8");
    expect(pkg.startsWith('{\n    "name": "team-svc",')).toBe(true);
    expect(JSON.parse(pkg).scripts).toEqual(SCRIPTS);
    const readme = readFileSync(join(repo, "README.md"), "utf8");
    expect(readme.startsWith("# team-svc\n\nOur service.\n\n## Monitoring (abwatch)\n")).toBe(true);
    expect(readFileSync(join(repo, ".gitattributes"), "utf8")).toBe(`${GITATTRIBUTES_LINE}\n`);
    expect(readFileSync(join(repo, `experiments/${EXAMPLE_ID}.ts`), "utf8")).toContain('runbooks: { baseUrl: "https://github.com/acme/team-svc/blob/main/generated/runbooks" }');

    const before = snapshot(repo);
    const again = runCli(["init"], repo);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("nothing to change: abwatch is set up in .");
    expect(snapshot(repo)).toEqual(before);

    // What it wrote works: the example compiles and validates, and the package.json scripts name real commands.
    expect(runCli(["generate"], repo).code).toBe(0);
    expect(runCli(["generate", "--check"], repo).code).toBe(0);
    // Valid, with warnings only: the example's links are abwatch's placeholders until the team sets them.
    const valid = runCli(["validate"], repo);
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);
    expect(valid.stdout + valid.stderr).not.toMatch(/\berror\b(?!s)/);
  });

  it("writes a workflow that checks, validates and posts the diff comment", () => {
    const repo = repoDir();
    expect(runCli(["init", "--dir", repo]).code).toBe(0);
    const text = readFileSync(join(repo, WORKFLOW_PATH), "utf8");
    const wf = loadYaml(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[]; if?: string; permissions?: Record<string, string> }> };
    expect(Object.keys(wf.on)).toEqual(["pull_request", "push"]);
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
    expect(runs).toContain("npx abwatch generate --check");
    expect(runs).toContain("npx abwatch validate --format github");
    expect(runs.some((r) => r.includes('npx abwatch diff --base "${{ github.event.pull_request.base.sha }}" --format md'))).toBe(true);
    expect(wf.jobs.diff!.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(wf.jobs.diff!.steps.find((s) => s.uses?.startsWith("actions/checkout"))!.with).toEqual({ "fetch-depth": 0 });
    expect(wf.jobs.diff!.steps.find((s) => s.uses?.startsWith("actions/github-script"))!.with!.script).toContain(JSON.stringify(COMMENT_MARKER));
  });

  it("creates package.json and README.md when the repository has none", () => {
    const repo = join(repoDir(), "fraud-model");
    mkdirSync(repo);
    expect(runCli(["init"], repo).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "fraud-model", private: true, scripts: SCRIPTS });
    expect(Object.keys(pkg.devDependencies)).toEqual(["abwatch"]);
    expect(readFileSync(join(repo, "README.md"), "utf8").startsWith(`# fraud-model\n\n${README_HEADING}\n`)).toBe(true);
  });

  it("never overwrites: a different workflow, own scripts and own experiments stay as they are", () => {
    const repo = repoDir();
    writeFileSync(join(repo, "package.json"), '{ "name": "svc", "scripts": { "abwatch:diff": "make diff" } }');
    mkdirSync(join(repo, ".github/workflows"), { recursive: true });
    writeFileSync(join(repo, WORKFLOW_PATH), "name: ours\n");
    mkdirSync(join(repo, "experiments"));
    writeFileSync(join(repo, "experiments/fraud.ts"), "export default {};\n");
    const r = runCli(["init"], repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`left as it is ${WORKFLOW_PATH}: exists and differs from what init writes; not overwritten`);
    expect(r.stdout).toContain("left as it is package.json: script abwatch:diff already defined differently; not replaced");
    expect(r.stdout).toContain("up to date experiments/: holds experiments; no example written");
    expect(readFileSync(join(repo, WORKFLOW_PATH), "utf8")).toBe("name: ours\n");
    expect(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).scripts["abwatch:diff"]).toBe("make diff");
    expect(readTree(join(repo, "experiments")).map((f) => f.path)).toEqual(["fraud.ts"]);
  });

  it("writes nothing when package.json is broken (exit 2)", () => {
    const repo = repoDir();
    writeFileSync(join(repo, "package.json"), "{ broken");
    const r = runCli(["init"], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("package.json: not valid JSON");
    expect(r.stderr).toContain("nothing was written");
    expect(readTree(repo).map((f) => f.path)).toEqual(["package.json"]);
  });

  it("refuses a --dir that is not a directory (exit 2)", () => {
    const r = runCli(["init", "--dir", join(repoDir(), "missing")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a directory");
  });
});

describe("githubRepository", () => {
  it.each([
    ["github:acme/svc", "https://github.com/acme/svc"],
    ["acme/svc", "https://github.com/acme/svc"],
    [{ type: "git", url: "git+https://github.com/acme/svc.git" }, "https://github.com/acme/svc"],
    ["git@github.com:acme/svc.git", "https://github.com/acme/svc"],
    ["https://gitlab.com/acme/svc", undefined],
    [undefined, undefined],
  ])("%j → %s", (repository, expected) => {
    expect(githubRepository(repository)).toBe(expected);
  });
});
