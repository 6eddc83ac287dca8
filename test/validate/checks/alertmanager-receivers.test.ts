import { describe, expect, it } from "vitest";
import { alertmanagerReceivers } from "../../../src/validate/checks/alertmanager-receivers.ts";
import { run } from "./support.ts";

const config = (route: string, receivers = "  - name: slack\n  - name: pager\n") => `route:\n${route}receivers:\n${receivers}`;

describe("alertmanager/receivers", () => {
  it.each([
    ["a root route without a receiver", "  group_by: [alertname]\n", undefined, "root route must specify a default receiver"],
    ["a route to an undefined receiver", "  receiver: slack\n  routes:\n    - receiver: email\n", undefined, 'undefined receiver "email" used in route'],
    ["a receiver defined twice", "  receiver: slack\n", "  - name: slack\n  - name: slack\n", 'receiver "slack" is defined more than once'],
  ])("reports %s", async (_what, route, receivers, message) => {
    const problems = await run(alertmanagerReceivers, config(route, receivers));
    expect(problems.map((p) => p.message)).toEqual([message]);
  });

  it("accepts routes to defined receivers", async () => {
    expect(await run(alertmanagerReceivers, config("  receiver: slack\n  routes:\n    - receiver: pager\n      routes:\n        - receiver: slack\n"))).toEqual([]);
  });
});
