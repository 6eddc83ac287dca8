// A real Alertmanager loading the generated config, time-compressed, with one route per scenario
// instance and every receiver redirected to verify's local webhook: PagerDuty through its `url`
// override, Slack through the file its `api_url_file` names (the generated config reads secrets
// from files; verify gives it temp files holding local URLs).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { OUT } from "../model/conventions.ts";
import { waitReady } from "./http.ts";
import { EnvironmentError, freePort, which, type Supervisor } from "./supervisor.ts";
import type { Doc } from "./timescale.ts";

type Route = Doc & { matchers?: string[]; routes?: Route[]; receiver?: string; continue?: boolean };

const experimentMatcher = (id: string) => `${OUT.experiment}=${JSON.stringify(id)}`;

/** Each experiment's route repeated for its scenario instances, matching the instance's id. */
export function routeInstances(doc: Doc, instances: ReadonlyMap<string, readonly string[]>): Doc {
  const root = doc.route as Route;
  const routes = (root.routes ?? []).flatMap((r) => {
    for (const [id, ids] of instances) {
      if (r.matchers?.includes(experimentMatcher(id))) {
        return ids.map((inst) => ({ ...r, matchers: r.matchers!.map((m) => (m === experimentMatcher(id) ? experimentMatcher(inst) : m)) }));
      }
    }
    return [r];
  });
  return { ...doc, route: { ...root, routes } };
}

export interface Redirected {
  doc: Doc;
  /** Secret files to write before Alertmanager starts: path → content. */
  files: Map<string, string>;
}

/** Every receiver pointed at `${webhook}/<kind>/<receiver>`, its secrets in files under `dir`. */
export function redirectReceivers(doc: Doc, webhook: string, dir: string): Redirected {
  const files = new Map<string, string>();
  const receivers = ((doc.receivers as Doc[]) ?? []).map((r) => {
    const name = String(r.name);
    const out: Doc = { ...r };
    if (Array.isArray(r.pagerduty_configs)) {
      out.pagerduty_configs = (r.pagerduty_configs as Doc[]).map((c, i) => {
        const key = join(dir, `${name}-${i}-routing-key`);
        files.set(key, "verify-routing-key");
        const { routing_key: _k, service_key: _s, ...rest } = c;
        return { ...rest, routing_key_file: key, url: `${webhook}/pagerduty/${encodeURIComponent(name)}` };
      });
    }
    if (Array.isArray(r.slack_configs)) {
      out.slack_configs = (r.slack_configs as Doc[]).map((c, i) => {
        const file = join(dir, `${name}-${i}-slack-url`);
        files.set(file, `${webhook}/slack/${encodeURIComponent(name)}`);
        const { api_url: _u, ...rest } = c;
        return { ...rest, api_url_file: file };
      });
    }
    if (Array.isArray(r.webhook_configs)) {
      out.webhook_configs = (r.webhook_configs as Doc[]).map((c) => ({ ...c, url: `${webhook}/webhook/${encodeURIComponent(name)}` }));
    }
    return out;
  });
  return { doc: { ...doc, receivers }, files };
}

/** Label matchers as Alertmanager writes them in `matchers:` lists (`=`, `!=`, `=~`, `!~`). */
function matches(matcher: string, labels: Readonly<Record<string, string>>): boolean {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(matcher);
  if (m === null) throw new Error(`unsupported matcher ${matcher}`);
  const [, name, op, rawValue] = m as unknown as [string, string, string, string];
  const value = rawValue.startsWith('"') ? (JSON.parse(rawValue) as string) : rawValue;
  const actual = labels[name] ?? "";
  if (op === "=") return actual === value;
  if (op === "!=") return actual !== value;
  const re = new RegExp(`^(?:${value})$`);
  return op === "=~" ? re.test(actual) : !re.test(actual);
}

/** The receivers Alertmanager's routing tree sends an alert with `labels` to. */
export function receiversFor(doc: Doc, labels: Readonly<Record<string, string>>): string[] {
  const walk = (route: Route, inherited: string): string[] => {
    const receiver = route.receiver ?? inherited;
    const out: string[] = [];
    for (const child of route.routes ?? []) {
      if ((child.matchers ?? []).every((m) => matches(m, labels))) {
        out.push(...walk(child, receiver));
        if (child.continue !== true) return out;
      }
    }
    return out.length > 0 ? out : [receiver];
  };
  const root = doc.route as Route;
  return walk(root, String(root.receiver));
}

export interface RunningAlertmanager {
  address: string;
}

export async function startAlertmanager(sup: Supervisor, doc: Doc, files: ReadonlyMap<string, string>): Promise<RunningAlertmanager> {
  const bin = which("prometheus-alertmanager", "prometheus-alertmanager");
  const port = await freePort();
  mkdirSync(join(sup.dir, "secrets"), { recursive: true });
  for (const [path, content] of files) writeFileSync(path, content, { mode: 0o600 });
  const config = join(sup.dir, "alertmanager.yml");
  writeFileSync(config, dump(doc, { lineWidth: -1 }));
  sup.start("alertmanager", bin, [
    `--config.file=${config}`,
    `--storage.path=${join(sup.dir, "alertmanager-data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // A lone Alertmanager: no gossip port to bind.
    "--cluster.listen-address=",
    "--log.level=warn",
  ]);
  if (!(await waitReady(`http://127.0.0.1:${port}/-/ready`, 30_000, () => sup.exited("alertmanager") !== null))) {
    throw new EnvironmentError(`Alertmanager did not start on 127.0.0.1:${port}:\n${sup.tail("alertmanager")}`);
  }
  return { address: `127.0.0.1:${port}` };
}
