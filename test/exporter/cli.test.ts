// `abwatch exporter`, the real CLI in a child process: /metrics passes promtool check metrics,
// /healthz answers, SIGTERM and SIGINT end it cleanly (exit 0), bad flags exit 2 with a clear message.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, REPO, runCli } from "../support/cli.ts";
import { tool } from "../support/tools.ts";
import { parseExposition, valueOf } from "./parse.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the exporter on a free port and waits (bounded) for the line naming its URL. */
async function startExporter(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, "exporter", "--port", "0", ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /serving (http:\/\/\S+\/metrics)/.exec(out);
    if (m) return { child, url: m[1]!, stdout: () => out, exited };
    if (child.exitCode !== null) throw new Error(`exporter exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`exporter did not start: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopWithin(r: Running, signal: NodeJS.Signals, ms: number) {
  const started = Date.now();
  r.child.kill(signal);
  const timeout = new Promise<"timeout">((res) => setTimeout(() => res("timeout"), ms));
  const result = await Promise.race([r.exited, timeout]);
  return { result, ms: Date.now() - started };
}

describe("abwatch exporter", () => {
  it("serves both experiments' metrics, driven live, that promtool check metrics accepts; SIGTERM ends it with exit 0", async () => {
    const r = await startExporter(["--rps", "300", "--seed", "7"]);
    await new Promise((res) => setTimeout(res, 700));
    const health = await fetch(r.url.replace(/\/metrics$/, "/healthz"));
    expect(health.status).toBe(200);
    const body = await (await fetch(r.url)).text();
    const check = spawnSync(tool("promtool"), ["check", "metrics"], { input: body, encoding: "utf8", timeout: 60_000 });
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    const samples = parseExposition(body);
    expect(valueOf(samples, "ab_test_response_time_seconds_count", { model_name: "baseline" })).toBeGreaterThan(0);
    expect(valueOf(samples, "search_ranker_latency_seconds_count", { variant: "bm25" })).toBeGreaterThan(0);
    expect(valueOf(samples, "ab_test_model_accuracy", { model_name: "enhanced" })).toBe(85.6);

    const stopped = await stopWithin(r, "SIGTERM", 10_000);
    expect(stopped.result).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toMatch(/baseline-vs-enhanced: sent \d+ requests\n/);
    expect(r.stdout()).toMatch(/abwatch exporter: stopped on SIGTERM\n$/);
    await expect(fetch(r.url)).rejects.toThrow(); // nothing listens any more
  });

  it("Ctrl-C (SIGINT) ends it cleanly too", async () => {
    const r = await startExporter([]);
    const stopped = await stopWithin(r, "SIGINT", 10_000);
    expect(stopped.result).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toContain("stopped on SIGINT");
  });

  it("--scenario plays that alert's fault; an experiment without that alert runs healthy", async () => {
    const r = await startExporter(["--scenario", "NegativeBusinessValue"]);
    expect(r.stdout()).toContain("search-ranking-three-way: healthy (it has no NegativeBusinessValue scenario)");
    await new Promise((res) => setTimeout(res, 300));
    const samples = parseExposition(await (await fetch(r.url)).text());
    expect(valueOf(samples, "ab_test_business_impact", { metric_type: "net_business_value" })).toBeLessThan(0);
    expect((await stopWithin(r, "SIGTERM", 10_000)).result).toEqual({ code: 0, signal: null });
  });

  it("--scenario ExperimentMetricsAbsent takes the experiments off /metrics (the exporter is down)", async () => {
    const r = await startExporter(["--scenario", "ExperimentMetricsAbsent"]);
    expect(await (await fetch(r.url)).text()).toBe("");
    expect((await stopWithin(r, "SIGTERM", 10_000)).result).toEqual({ code: 0, signal: null });
  });

  it.each([
    [["--scenario", "Nope"], /--scenario: unknown scenario "Nope"; expected one of healthy, ModelCompleteFailure, .*critical-and-warning/],
    [["--port", "99999"], /--port must be at most 65535/],
    [["--port", "http"], /--port must be a number/],
    [["--rps", "-5"], /--rps must be at least 0/],
    [["--seed", "1.5"], /--seed must be a whole number/],
    [["--experiments", "no-such-dir"], /no-such-dir: experiments directory not found/],
  ])("exits 2 on %j with a clear message and no stack trace", (args, message) => {
    const r = runCli(["exporter", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 when the port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((res) => holder.listen(0, "127.0.0.1", res));
    try {
      const port = (holder.address() as AddressInfo).port;
      const r = spawnSync(process.execPath, [BIN, "exporter", "--port", String(port)], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: address already in use`);
    } finally {
      await new Promise((res) => holder.close(res));
    }
  });
});
