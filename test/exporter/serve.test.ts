// serveMetrics: one exposition from several registries, checked by the real promtool; /healthz;
// clear errors for conflicts and ports that cannot be bound.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createExperimentMetrics, serveMetrics, type MetricsServer } from "../../src/index.ts";
import { ListenError } from "../../src/exporter/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { REPO } from "../support/cli.ts";
import { tool } from "../support/tools.ts";
import { parseExposition, valueOf } from "./parse.ts";

const loaded = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const spec = loaded.find((e) => e.id === "baseline-vs-enhanced")!;
const search = loaded.find((e) => e.id === "search-ranking-three-way")!;

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(registries: () => readonly Registry[]): Promise<MetricsServer> {
  const s = await serveMetrics({ host: "127.0.0.1", port: 0, registries });
  servers.push(s);
  return s;
}

/** `promtool check metrics` reads the exposition on standard input, as the docs pipe curl into it. */
function promtoolCheckMetrics(text: string) {
  const r = spawnSync(tool("promtool"), ["check", "metrics"], { input: text, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every experiment's families, two of them sharing names, with traffic on every series. */
function busy() {
  const a = createExperimentMetrics(spec);
  const b = createExperimentMetrics({ ...spec, id: "second-copy", metrics: { ...spec.metrics, scope: { experiment: "second-copy" } } });
  const c = createExperimentMetrics(search);
  for (const m of [a, b, c]) {
    for (const arm of m.experiment.arms) {
      m.record({ arm: arm.name, latencySeconds: 0.07, ok: true, score: 0.4, confidence: 0.9, correct: true });
      m.record({ arm: arm.name, latencySeconds: 0.3, ok: false, score: 0.9, confidence: 0.6, correct: false });
      m.setAccuracy(arm.name, 81.5);
    }
  }
  a.setBusinessImpact({ revenueLift: 1.8, costImpact: 1.9, riskReduction: 4, netBusinessValue: 3.9 });
  b.setBusinessImpact({ revenueLift: 1, costImpact: 4, riskReduction: 1, netBusinessValue: -2 });
  return [a, b, c];
}

describe("GET /metrics", () => {
  it("serves every registry in one exposition that promtool check metrics accepts", async () => {
    const ms = busy();
    const s = await serve(() => ms.map((m) => m.registry));
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/metrics`);
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await res.text();
    const check = promtoolCheckMetrics(body);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toBe(""); // no lint finding either
    // One HELP/TYPE block per family, although two registries export ab_test_requests_total.
    expect(body.match(/^# TYPE ab_test_requests_total counter$/gm)).toHaveLength(1);
    const samples = parseExposition(body);
    expect(valueOf(samples, "ab_test_requests_total", { experiment: "second-copy", model_name: "enhanced", status: "error" })).toBe(1);
    expect(valueOf(samples, "ab_test_business_impact", { experiment: "second-copy", metric_type: "net_business_value" })).toBe(-2);
    expect(valueOf(samples, "search_ranker_ndcg_percent", { variant: "llm-rerank" })).toBe(81.5);
  });

  it("promtool check metrics really checks: a broken exposition fails it", () => {
    const r = promtoolCheckMetrics("# TYPE x counter\nx{a=\"b\" 1\n");
    expect(r.code).not.toBe(0);
  });

  it("asks for the registries on every scrape: a registry left out is no longer served", async () => {
    const [a, , c] = busy();
    let up = true;
    const s = await serve(() => (up ? [a!.registry, c!.registry] : [c!.registry]));
    expect(await (await fetch(s.url)).text()).toContain("ab_test_requests_total");
    up = false;
    const body = await (await fetch(s.url)).text();
    expect(body).not.toContain("ab_test_");
    expect(body).toContain("search_ranker_requests_total");
  });

  it("answers 500 naming the series when two registries export the same series", async () => {
    const a = createExperimentMetrics(spec);
    const b = createExperimentMetrics(spec);
    const s = await serve(() => [a.registry, b.registry]);
    const res = await fetch(s.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/series ab_test_requests_total\{experiment="baseline-vs-enhanced",model_name="baseline",status="success"\} is exported by two registries/);
  });
});

describe("the rest of the server", () => {
  it("GET /healthz is ok, other paths 404, other methods 405", async () => {
    const s = await serve(() => []);
    const base = s.url.replace(/\/metrics$/, "");
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(s.url, { method: "POST", body: "x" })).status).toBe(405);
    expect(await (await fetch(s.url)).text()).toBe("");
  });

  it("a port in use is a ListenError naming the address", async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const port = (holder.address() as AddressInfo).port;
    try {
      await expect(serveMetrics({ host: "127.0.0.1", port, registries: () => [] })).rejects.toThrow(ListenError);
      await expect(serveMetrics({ host: "127.0.0.1", port, registries: () => [] })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: address already in use`);
    } finally {
      await new Promise((r) => holder.close(r));
    }
    await expect(serveMetrics({ host: "127.0.0.1", port: 70000, registries: () => [] })).rejects.toThrow(/^port: expected a TCP port/);
  });

  it("close() ends kept-alive connections too, so a process can exit", async () => {
    const s = await serveMetrics({ host: "127.0.0.1", port: 0, registries: () => [] });
    await fetch(s.url); // undici keeps the connection open
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(s.url)).rejects.toThrow();
  });
});
