// The promtool test file, written straight from its known shape. These files are half of what
// generate writes (about 100 KB an experiment, mostly input series), and the general YAML writer
// (yaml.ts) spends most of its time discovering a shape known here in advance: which keys come,
// which values are lists, maps or strings. Every scalar, key and comment still goes through the
// general writer's own functions, so quoting and block scalars are decided in one place; keys come
// in the order the TestFile types declare them, the order the compilers build them in.
// test/emit/tests.test.ts holds this writer to toYamlBody on seeded random test files and on
// every test file of the bundled and benchmark experiments.
import type { AlertRuleTest, ExpAlert, ExpSample, PromqlExprTest, TestFile, TestGroup } from "../compile/tests/types.ts";
import type { InputSeries } from "../compile/tests/series.ts";
import { commentLines, itemText, keyText, valueText } from "./yaml.ts";

// Indentation by depth: a group's keys at 4 (after "  - " for the first), its lists' items at 6
// and their keys at 8, an expected alert's or sample's items at 10 and their keys at 12, and the
// entries of an alert's labels and annotations at 14.
const GROUP = "    ";
const ITEM = "      ";
const ITEM_KEYS = "        ";
const ALERT = "          ";
const ALERT_KEYS = "            ";
const ENTRY = "              ";

/** The same text as toYamlBody(file). */
export function testFileYaml(file: TestFile): string {
  let out = "";
  if (file.rule_files.length === 0) out += "rule_files: []\n";
  else {
    out += "rule_files:\n";
    for (const f of file.rule_files) out += `  - ${itemText(f, "  ")}\n`;
  }
  out += `evaluation_interval: ${valueText("evaluation_interval", file.evaluation_interval, "")}\n`;
  if (file.tests.length === 0) return `${out}tests: []\n`;
  out += "tests:\n";
  const seen: Seen = { series: new Map(), values: new Map() };
  for (const g of file.tests) out += group(g, seen);
  return out;
}

/**
 * Input series written so far in this file, by their text: each series is named in a dozen groups,
 * and most runs of values ("0+1482x90") recur as often. Each is classified for quoting once.
 */
interface Seen {
  series: Map<string, string>;
  values: Map<string, string>;
}

function group(g: TestGroup, seen: Seen): string {
  let out = `  - name: ${valueText("name", g.name, GROUP)}\n${GROUP}interval: ${valueText("interval", g.interval, GROUP)}\n`;
  out += list("input_series", g.input_series, (s) => inputSeries(s, seen));
  if (g.alert_rule_test !== undefined) out += list("alert_rule_test", g.alert_rule_test, alertRuleTest);
  if (g.promql_expr_test !== undefined) out += list("promql_expr_test", g.promql_expr_test, promqlExprTest);
  return out;
}

/** A group's list: `key: []`, or `key:` and its items. */
function list<T>(key: string, items: readonly T[], item: (x: T) => string): string {
  if (items.length === 0) return `${GROUP}${key}: []\n`;
  let out = `${GROUP}${key}:\n`;
  for (const x of items) out += item(x);
  return out;
}

function inputSeries(s: InputSeries, seen: Seen): string {
  let name = seen.series.get(s.series);
  if (name === undefined) seen.series.set(s.series, (name = valueText("series", s.series, ITEM_KEYS)));
  let values = seen.values.get(s.values);
  if (values === undefined) seen.values.set(s.values, (values = valueText("values", s.values, ITEM_KEYS)));
  return `${ITEM}- series: ${name}\n${ITEM_KEYS}values: ${values}\n`;
}

/** A list item's comment: the `# …` lines above it. */
const comment = (text: string | undefined) => (typeof text === "string" ? commentLines(text, ITEM) : "");

function alertRuleTest(t: AlertRuleTest): string {
  let out = `${comment(t.comment)}${ITEM}- eval_time: ${valueText("eval_time", t.eval_time, ITEM_KEYS)}\n`;
  out += `${ITEM_KEYS}alertname: ${valueText("alertname", t.alertname, ITEM_KEYS)}\n`;
  if (t.exp_alerts.length === 0) return `${out}${ITEM_KEYS}exp_alerts: []\n`;
  out += `${ITEM_KEYS}exp_alerts:\n`;
  for (const a of t.exp_alerts) out += expAlert(a);
  return out;
}

function expAlert(a: ExpAlert): string {
  return labelMap(`${ALERT}- `, "exp_labels", a.exp_labels) + labelMap(ALERT_KEYS, "exp_annotations", a.exp_annotations);
}

/** A map of strings (labels, annotations) under `key`, whose line starts with `lead`. */
function labelMap(lead: string, key: string, map: Readonly<Record<string, string>>): string {
  let entries = "";
  for (const k in map) {
    const v = map[k];
    if (v === undefined) continue;
    entries += `${ENTRY}${keyText(k)}: ${valueText(k, v, ENTRY)}\n`;
  }
  return entries === "" ? `${lead}${key}: {}\n` : `${lead}${key}:\n${entries}`;
}

function promqlExprTest(t: PromqlExprTest): string {
  let out = `${comment(t.comment)}${ITEM}- expr: ${valueText("expr", t.expr, ITEM_KEYS)}\n`;
  out += `${ITEM_KEYS}eval_time: ${valueText("eval_time", t.eval_time, ITEM_KEYS)}\n`;
  if (t.exp_samples.length === 0) return `${out}${ITEM_KEYS}exp_samples: []\n`;
  out += `${ITEM_KEYS}exp_samples:\n`;
  for (const s of t.exp_samples) out += expSample(s);
  return out;
}

function expSample(s: ExpSample): string {
  return `${ALERT}- labels: ${valueText("labels", s.labels, ALERT_KEYS)}\n${ALERT_KEYS}value: ${valueText("value", s.value, ALERT_KEYS)}\n`;
}
