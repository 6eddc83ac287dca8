// Scenario instances run the generated rules under another experiment identity: only that identity
// changes, the rewritten files load in the real tools, and Alertmanager routes each instance as it
// routes the experiment.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { dump, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadExperiments } from "../../src/load/index.ts";
import { paths } from "../../src/model/conventions.ts";
import { redirectReceivers, receiversFor, routeInstances } from "../../src/verify/alertmanager.ts";
import { identityOf, instanceExperiment, rewriteExpr, rewriteRuleFile } from "../../src/verify/instance.ts";
import { scaleRuleFile, type Doc } from "../../src/verify/timescale.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const readDoc = (rel: string) => load(readFileSync(join(REPO, "generated", rel), "utf8")) as Doc;

function leaves(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter(n) {
      if (n.node.firstChild === null) out.push(expr.slice(n.from, n.to));
    },
  });
  return out;
}

describe.each(experiments.map((e) => [e.id, e] as const))("instances of %s", (_id, exp) => {
  const doc = readDoc(paths.rules(exp.id));
  const inst = instanceExperiment(exp, 3);
  const from = identityOf(exp);
  const to = identityOf(inst);

  it("get their own id and scope values, everything else equal", () => {
    expect(inst.id).toBe(`${exp.id}-v3`);
    for (const [k, v] of Object.entries(exp.metrics.scope)) expect(inst.metrics.scope[k]).toBe(`${v}-v3`);
    expect({ ...inst, id: exp.id, metrics: { ...inst.metrics, scope: exp.metrics.scope } }).toEqual(exp);
  });

  it("rewrite only identity strings in the rules, and rewriting back restores the file", () => {
    const rewritten = rewriteRuleFile(doc, from, to);
    expect(rewriteRuleFile(rewritten, to, from)).toEqual(doc);
    const identity = new Set([exp.id, ...Object.values(exp.metrics.scope)].map((v) => JSON.stringify(v)));
    let changed = 0;
    (doc.groups as Doc[]).forEach((g, gi) =>
      (g.rules as Doc[]).forEach((r, ri) => {
        const after = ((rewritten.groups as Doc[])[gi]!.rules as Doc[])[ri]!;
        const a = leaves(String(r.expr));
        const b = leaves(String(after.expr));
        expect(b.length).toBe(a.length);
        a.forEach((t, i) => {
          if (t !== b[i]) {
            changed++;
            expect(identity.has(t)).toBe(true);
          }
        });
        expect(after.annotations).toEqual(r.annotations);
      }),
    );
    expect(changed).toBeGreaterThan(10);
    // No rule of the instance still selects the experiment's own identity (annotations keep their text).
    const text = JSON.stringify((rewritten.groups as Doc[]).flatMap((g) => (g.rules as Doc[]).map((r) => r.expr)));
    for (const [k, v] of Object.entries(exp.metrics.scope)) expect(text).not.toContain(`${k}=\\"${v}\\"`);
  });

  it("keep ids valid experiment ids, however long", () => {
    const long = { ...exp, id: "a".repeat(18) + "-" + "b".repeat(21), metrics: { ...exp.metrics, scope: { experiment: "x".repeat(40) } } };
    const i = instanceExperiment(long, 17);
    expect(i.id).toBe(`${"a".repeat(18)}-${"b".repeat(17)}-v17`);
    expect(i.id.length).toBeLessThanOrEqual(40);
    expect(i.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(i.metrics.scope.experiment).toBe(`${"x".repeat(36)}-v17`);
  });

  it("move the clock only where asked", () => {
    expect(rewriteExpr("vector(time()) > 5", from, to, 100)).toBe("vector((time() + 100)) > 5");
    expect(rewriteExpr("vector(time()) > 5", from, to)).toBe("vector(time()) > 5");
    expect(rewriteExpr(`x{${Object.keys(exp.metrics.scope)[0]}=~".*"}`, from, to)).toBe(`x{${Object.keys(exp.metrics.scope)[0]}=~".*"}`);
  });

  it("load in promtool once rewritten and time-scaled", () => {
    const dir = scratch();
    const file = join(dir, "rules.yml");
    writeFileSync(file, dump(scaleRuleFile(rewriteRuleFile(doc, from, to, 3600), 60), { lineWidth: -1 }));
    const out = execFileSync(tool("promtool"), ["check", "rules", file], { encoding: "utf8" });
    expect(out).toMatch(/SUCCESS/);
  });
});

describe("Alertmanager for instances", () => {
  const doc = readDoc(paths.alertmanager());
  const ids = new Map(experiments.map((e) => [e.id, [1, 2].map((i) => instanceExperiment(e, i).id)] as const));

  it("routes an instance's alerts to the receivers of its experiment", () => {
    const routed = routeInstances(doc, ids);
    for (const e of experiments) {
      for (const inst of ids.get(e.id)!) {
        for (const labels of [
          { alertname: "HighErrorRate", severity: "critical" },
          { alertname: "HighResponseTime", severity: "warning" },
          { alertname: "PredictionDrift", severity: "warning" },
        ]) {
          expect(receiversFor(routed, { ...labels, experiment: inst })).toEqual(receiversFor(doc, { ...labels, experiment: e.id }));
        }
      }
    }
    // The spec's routing: drift to data science, critical to PagerDuty, warning to Slack.
    expect(receiversFor(doc, { alertname: "PredictionDrift", severity: "warning", experiment: "baseline-vs-enhanced" })).toEqual(["data-science"]);
    expect(receiversFor(doc, { alertname: "HighErrorRate", severity: "critical", experiment: "baseline-vs-enhanced" })).toEqual(["pagerduty-critical"]);
    expect(receiversFor(doc, { alertname: "HighResponseTime", severity: "warning", experiment: "baseline-vs-enhanced" })).toEqual(["slack-warnings"]);
    expect(receiversFor(doc, { alertname: "HighResponseTime", severity: "warning", experiment: "unknown" })).toEqual(["abwatch-default"]);
  });

  it("redirects every receiver to the local webhook, secrets in files, and amtool accepts it", () => {
    const dir = scratch();
    const { doc: redirected, files } = redirectReceivers(routeInstances(doc, ids), "http://127.0.0.1:9", dir);
    for (const [path, content] of files) writeFileSync(path, content);
    const text = dump(redirected, { lineWidth: -1 });
    expect(text).not.toContain("/etc/alertmanager/secrets");
    expect(text).toContain("http://127.0.0.1:9/pagerduty/pagerduty-critical");
    expect([...files.values()]).toContain("http://127.0.0.1:9/slack/slack-warnings");
    const file = join(dir, "alertmanager.yml");
    writeFileSync(file, text);
    const out = execFileSync(tool("amtool"), ["check-config", file], { encoding: "utf8" });
    expect(out).toMatch(/SUCCESS/);
  });
});
