// `abwatch init`: sets abwatch up in a team's repository. Everything is decided first (planInit),
// then written (applyInit), so a bad package.json leaves the repository untouched. Nothing that
// exists is overwritten: a file of the same name is left as it is and reported; package.json and
// README.md only gain what they lack. Running it again changes nothing.
import { existsSync, readFileSync, renameSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { findExperimentFiles } from "../load/files.ts";
import type { Problem } from "../model/problem.ts";
import { PackageJsonError, addScripts } from "./package-json.ts";
import {
  EXAMPLE_ID,
  EXPERIMENTS_DIR,
  GITATTRIBUTES_LINE,
  README_HEADING,
  SCRIPTS,
  WORKFLOW_PATH,
  exampleExperiment,
  githubRepository,
  readmeSection,
  workflow,
} from "./templates.ts";

export interface Action {
  /** Relative to the repository, forward slashes. */
  path: string;
  kind: "create" | "update" | "unchanged" | "kept";
  /** What changes, or why the file is left as it is. */
  note: string;
  /** The whole new content, for create and update. */
  content?: string;
}

export interface InitPlan {
  dir: string;
  actions: Action[];
  problems: Problem[];
  /** Hints printed after the actions (abwatch not yet a dependency, no lock file). */
  hints: string[];
}

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** A whole file abwatch owns the text of: created when absent, else left as it is. */
function wholeFile(dir: string, path: string, content: string, what: string): Action {
  const existing = read(join(dir, path));
  if (existing === undefined) return { path, kind: "create", note: what, content };
  if (existing === content) return { path, kind: "unchanged", note: what };
  return { path, kind: "kept", note: "exists and differs from what init writes; not overwritten" };
}

/** Appends a line or section to a text file unless `present` says it holds it already. */
function appended(dir: string, path: string, present: (text: string) => boolean, addition: string, blankLine: boolean, what: string): Action {
  const existing = read(join(dir, path));
  if (existing === undefined) return { path, kind: "create", note: what, content: addition };
  if (present(existing)) return { path, kind: "unchanged", note: what };
  const newline = existing.includes("\r\n") ? "\r\n" : "\n";
  const kept = existing.replace(/(\r?\n)+$/, "");
  const before = kept === "" ? "" : `${kept}${newline}${blankLine ? newline : ""}`;
  return { path, kind: "update", note: `added ${what}`, content: `${before}${addition.replace(/\n/g, newline)}` };
}

export function planInit(dir: string, version: string): InitPlan {
  const actions: Action[] = [];
  const problems: Problem[] = [];
  const hints: string[] = [];

  let pkg: Record<string, unknown> | undefined;
  const pkgText = read(join(dir, "package.json"));
  if (pkgText === undefined) {
    const name = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "monitoring";
    const content = `${JSON.stringify({ name, private: true, scripts: SCRIPTS, devDependencies: { abwatch: `^${version}` } }, null, 2)}\n`;
    actions.push({ path: "package.json", kind: "create", note: `scripts ${Object.keys(SCRIPTS).join(", ")}; abwatch as a dev dependency`, content });
    hints.push("run `npm install` to install abwatch and write package-lock.json (CI runs `npm ci`)");
  } else {
    try {
      const edit = addScripts(pkgText, SCRIPTS);
      pkg = edit.json;
      if (edit.text !== undefined) actions.push({ path: "package.json", kind: "update", note: `added scripts ${edit.added.join(", ")}`, content: edit.text });
      else actions.push({ path: "package.json", kind: "unchanged", note: "scripts" });
      if (edit.kept.length > 0) {
        actions.push({ path: "package.json", kind: "kept", note: `script${edit.kept.length === 1 ? "" : "s"} ${edit.kept.join(", ")} already defined differently; not replaced` });
      }
      const deps = ["dependencies", "devDependencies"].some((k) => typeof pkg?.[k] === "object" && pkg[k] !== null && "abwatch" in (pkg[k] as object));
      if (!deps) hints.push("abwatch is not in package.json: run `npm install --save-dev abwatch` so CI installs it");
    } catch (e) {
      if (!(e instanceof PackageJsonError)) throw e;
      problems.push({ check: "init/package-json", severity: "error", file: join(dir, "package.json"), message: e.message });
    }
  }
  if (!existsSync(join(dir, "package-lock.json")) && pkgText !== undefined) hints.push("no package-lock.json: the workflow runs `npm ci`, which needs one (`npm install` writes it)");

  // The example only for a repository without experiments: a team that has its own keeps them alone.
  const experimentsDir = join(dir, EXPERIMENTS_DIR);
  const examplePath = `${EXPERIMENTS_DIR}/${EXAMPLE_ID}.ts`;
  if (existsSync(experimentsDir) && findExperimentFiles(experimentsDir).length > 0) {
    const hasExample = existsSync(join(dir, examplePath));
    actions.push({ path: hasExample ? examplePath : `${EXPERIMENTS_DIR}/`, kind: "unchanged", note: "holds experiments; no example written" });
  } else {
    actions.push(wholeFile(dir, examplePath, exampleExperiment(githubRepository(pkg?.repository)), "example experiment"));
  }

  actions.push(wholeFile(dir, WORKFLOW_PATH, workflow(), "CI: generate --check, validate, diff comment on pull requests"));
  const section = readmeSection();
  const title = `# ${typeof pkg?.name === "string" ? pkg.name : basename(dir)}\n\n`;
  const hasLine = (line: string) => (t: string) => t.split(/\r?\n/).some((l) => l.trim() === line);
  const readme = appended(dir, "README.md", hasLine(README_HEADING), section, true, `section "${README_HEADING.slice(3)}"`);
  // A new README gets a title first.
  if (readme.kind === "create") readme.content = `${title}${section}`;
  actions.push(readme);
  actions.push(appended(dir, ".gitattributes", hasLine(GITATTRIBUTES_LINE), `${GITATTRIBUTES_LINE}\n`, false, "generated/ marked as generated (collapsed in pull requests)"));
  return { dir, actions, problems, hints };
}

/** Writes every create and update, each beside its target and renamed over it. */
export function applyInit(plan: InitPlan): void {
  for (const a of plan.actions) {
    if (a.content === undefined) continue;
    const to = join(plan.dir, a.path);
    mkdirSync(dirname(to), { recursive: true });
    const staging = `${to}.abwatch-${process.pid}`;
    try {
      writeFileSync(staging, a.content);
      renameSync(staging, to);
    } finally {
      rmSync(staging, { force: true });
    }
  }
}
