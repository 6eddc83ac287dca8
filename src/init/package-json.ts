// Adds scripts to a package.json the way npm itself edits it: the file's own indentation and line
// endings are kept (detect-indent, detect-newline), keys keep their order, new keys go last, and a
// script the team already defines is never replaced.
import detectIndent from "detect-indent";
import { detectNewlineGraceful } from "detect-newline";

export class PackageJsonError extends Error {}

export interface ScriptsEdit {
  /** The new file text, or undefined when nothing changes. */
  text?: string;
  added: string[];
  /** Scripts of the same name that run something else: left as they are. */
  kept: string[];
  /** The parsed package.json, for what else init reads (name, repository, dependencies). */
  json: Record<string, unknown>;
}

export function addScripts(text: string, scripts: Readonly<Record<string, string>>): ScriptsEdit {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PackageJsonError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new PackageJsonError("expected a JSON object");
  const pkg = json as Record<string, unknown>;
  const current = pkg.scripts ?? {};
  if (typeof current !== "object" || current === null || Array.isArray(current)) throw new PackageJsonError("scripts: expected an object of script names to commands");
  const own = current as Record<string, unknown>;
  const added: string[] = [];
  const kept: string[] = [];
  const next: Record<string, unknown> = { ...own };
  for (const [name, command] of Object.entries(scripts)) {
    if (!(name in own)) {
      next[name] = command;
      added.push(name);
    } else if (own[name] !== command) kept.push(name);
  }
  if (added.length === 0) return { added, kept, json: pkg };
  const indent = detectIndent(text).indent || "  ";
  const newline = detectNewlineGraceful(text);
  const body = JSON.stringify({ ...pkg, scripts: next }, null, indent).replace(/\n/g, newline);
  return { text: text.endsWith("\n") || text.endsWith("\r\n") ? `${body}${newline}` : body, added, kept, json: pkg };
}
