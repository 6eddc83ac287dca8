// The Alertmanager routing tree as diff reads it: matchers, first match, continue, inheritance.
import { describe, expect, it } from "vitest";
import { MatcherSyntaxError, flattenRoutes, formatMatcher, parseMatchers, receiversFor } from "../../src/diff/routing.ts";
import { decodeAlertmanager } from "../../src/diff/decode.ts";
import { compileAlertmanager } from "../../src/compile/routes/index.ts";
import { ALERTS } from "../../src/model/conventions.ts";
import { DEFAULT_ROUTING } from "../../src/model/defaults.ts";
import { CHECKOUT, sourced } from "./support.ts";

describe("parseMatchers", () => {
  it.each([
    ['severity="critical"', [{ name: "severity", op: "=", value: "critical" }]],
    ["severity = critical", [{ name: "severity", op: "=", value: "critical" }]],
    ['alertname=~"High.*|Low.*"', [{ name: "alertname", op: "=~", value: "High.*|Low.*" }]],
    ['{team!="a", env!~"dev|qa"}', [{ name: "team", op: "!=", value: "a" }, { name: "env", op: "!~", value: "dev|qa" }]],
    ['msg="say \\"hi\\", then go"', [{ name: "msg", op: "=", value: 'say "hi", then go' }]],
  ])("%s", (text, expected) => {
    expect(parseMatchers(text)).toEqual(expected);
  });

  it.each(['="x"', "a", 'a="x', "{a=b"])("rejects %s", (text) => {
    expect(() => parseMatchers(text)).toThrow(MatcherSyntaxError);
  });

  it("formats a matcher back, quoted", () => {
    expect(formatMatcher({ name: "a", op: "=~", value: 'x"y' })).toBe('a=~"x\\"y"');
  });
});

describe("receiversFor", () => {
  const tree = decodeAlertmanager({
    route: {
      receiver: "default",
      routes: [
        { matchers: ['team="payments"'], receiver: "payments", continue: true },
        {
          matchers: ['severity=~"critical|page"'],
          receiver: "pager",
          routes: [{ matchers: ['env="dev"'] }, { match: { env: "staging" }, receiver: "staging-pager" }],
        },
        { match_re: { alertname: "Low.*" }, receiver: "low" },
        { matchers: ['region!=""'], receiver: "regional" },
      ],
    },
  }).route!;

  it.each([
    [{ severity: "critical" }, ["pager"]],
    [{ severity: "page", env: "staging" }, ["staging-pager"]],
    // A child without a receiver inherits its parent's.
    [{ severity: "critical", env: "dev" }, ["pager"]],
    // `continue`: the first match does not stop the walk.
    [{ team: "payments", severity: "critical" }, ["payments", "pager"]],
    // Regular expressions are anchored: "critical-ish" is not "critical".
    [{ severity: "critical-ish" }, ["default"]],
    [{ alertname: "LowModelConfidence" }, ["low"]],
    [{ alertname: "SlowLowModel" }, ["default"]],
    // A missing label matches as "": region!="" needs the label.
    [{ region: "eu" }, ["regional"]],
    [{}, ["default"]],
  ])("%j → %j", (labels, expected) => {
    expect(receiversFor(tree, labels)).toEqual(expected);
  });

  it("sends abwatch's own alerts where compile/routes means them to go", () => {
    const exp = sourced(CHECKOUT).experiment;
    const route = decodeAlertmanager(compileAlertmanager([exp])).route!;
    const labels = { experiment: exp.id, team: exp.owner.team };
    expect(receiversFor(route, { ...labels, alertname: ALERTS.highErrorRate, severity: "critical" })).toEqual([DEFAULT_ROUTING.critical.name]);
    expect(receiversFor(route, { ...labels, alertname: ALERTS.predictionDrift, severity: "warning" })).toEqual([DEFAULT_ROUTING.drift.name]);
    expect(receiversFor(route, { ...labels, alertname: ALERTS.lowModelConfidence, severity: "warning" })).toEqual([DEFAULT_ROUTING.warning.name]);
    expect(receiversFor(route, { experiment: "other", alertname: ALERTS.highErrorRate, severity: "critical" })).toEqual(["abwatch-default"]);
  });

  it("names every route by its matcher path, repeated paths numbered", () => {
    const root = decodeAlertmanager({ route: { receiver: "d", routes: [{ matchers: ["a=1"], routes: [{ matchers: ["b=2"] }] }, { matchers: ["a=1"] }, {}] } }).route!;
    expect(flattenRoutes(root).map((r) => r.path)).toEqual(["(root)", 'a="1"', 'a="1" › b="2"', 'a="1" #2', "(any)"]);
  });
});
