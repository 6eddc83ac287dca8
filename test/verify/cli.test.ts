// `abwatch verify` through the real CLI: a broken threshold is caught and named, Ctrl-C leaves no
// process or temp directory behind, a missing engine or an unbindable port exits 2.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startPrometheus } from "../../src/verify/engines.ts";
import { EnvironmentError, Supervisor } from "../../src/verify/supervisor.ts";
import { BIN, REPO, runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

/** A workspace with only the spec's experiment and its generated files. */
function workspace(): string {
  const dir = scratch();
  mkdirSync(join(dir, "experiments"));
  cpSync(join(REPO, "experiments", "baseline-vs-enhanced.ts"), join(dir, "experiments", "baseline-vs-enhanced.ts"));
  const gen = runCli(["generate", "--experiments", join(dir, "experiments"), "--out", join(dir, "generated")]);
  expect(gen.code).toBe(0);
  return dir;
}

/** Running, not exited: a zombie waiting for a reaper (this sandbox's init does not reap) is gone. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

describe("abwatch verify", () => {
  it("passes on the generated files and fails naming the alert whose threshold was edited, leaving no temp directory", () => {
    const dir = workspace();
    const tmp = scratch();
    const args = ["verify", "--only", "HighErrorRate", "--experiments", join(dir, "experiments"), "--generated", join(dir, "generated"), "--timeout", "90"];
    const ok = runCli(args, dir, { TMPDIR: tmp });
    expect(ok.stderr).toMatch(/verify passed on prometheus/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/HighErrorRate\s+\.\s+F\s/);
    expect(readdirSync(tmp)).toEqual([]);

    const rules = join(dir, "generated", "rules", "baseline-vs-enhanced.rules.yml");
    const text = readFileSync(rules, "utf8");
    const edited = text.replace('experiment_model:ab_test_request_errors:ratio_rate5m{experiment="baseline-vs-enhanced"} > 0.05', 'experiment_model:ab_test_request_errors:ratio_rate5m{experiment="baseline-vs-enhanced"} > 0.5');
    expect(edited).not.toBe(text);
    writeFileSync(rules, edited);
    const r = runCli(args, dir, { TMPDIR: tmp });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HighErrorRate\{enhanced\} did not fire/);
    expect(r.stdout).toMatch(/healthy\s+\.\s+\.\s/);
    expect(readdirSync(tmp)).toEqual([]);
  }, 270_000);

  it("removes every process and temp directory on Ctrl-C", async () => {
    const dir = workspace();
    const tmp = scratch();
    const child = spawn(process.execPath, [BIN, "verify", "--only", "HighErrorRate", "--experiments", join(dir, "experiments"), "--generated", join(dir, "generated")], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // Wait (bounded) until the engines run and the first progress line is printed.
    for (let i = 0; i < 120 && !/verify: \d+s/.test(stderr); i++) await new Promise((r) => setTimeout(r, 500));
    expect(stderr).toMatch(/verify: \d+s/);
    const children = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(child.pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/));
    expect(children.map((c) => c[1])).toEqual(expect.arrayContaining(["prometheus", "prometheus-aler"]));
    expect(readdirSync(tmp).length).toBeGreaterThan(0);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    await new Promise((r) => setTimeout(r, 500));
    for (const [pid, comm] of children) expect(`${comm} ${alive(Number(pid)) ? "alive" : "gone"}`).toBe(`${comm} gone`);
    expect(readdirSync(tmp)).toEqual([]);
  }, 120_000);

  it("exits 2 naming the engine when its binary is missing", () => {
    const dir = workspace();
    const bin = scratch();
    symlinkSync(process.execPath, join(bin, "node"));
    const r = runCli(["verify", "--experiments", join(dir, "experiments"), "--generated", join(dir, "generated")], dir, { PATH: bin });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not installed \(Debian package prometheus/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("exits 2 on bad flags", () => {
    expect(runCli(["verify", "--engine", "graphite"]).code).toBe(2);
    const r = runCli(["verify", "--only", "NoSuchAlert"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--only names no alert.*NoSuchAlert.*HighErrorRate/);
    expect(runCli(["verify", "--time-scale", "0"]).stderr).toMatch(/--time-scale expects a positive number/);
  }, 60_000);

  it("reports a port it cannot bind as the environment's problem", async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const sup = new Supervisor();
    try {
      await expect(startPrometheus(sup, { port, ruleFiles: [], targets: [], alertmanager: "127.0.0.1:9", factor: 60 })).rejects.toBeInstanceOf(EnvironmentError);
    } finally {
      await sup.close();
      server.close();
    }
  }, 60_000);
});
