// Decodes a rule file's YAML tree the way promtool 2.42 does (rulefmt.Parse: yaml.v3 with
// KnownFields into rulefmt.RuleGroups): unknown fields and wrong node kinds are errors, scalars
// become Go strings whatever their YAML type, a null leaves the zero value. Every decoded value
// keeps its node, so later checks can point at a line and column.
import { parseFloat64, parseInt64 } from "../gonum.ts";
import type { YamlNode, YamlScalar } from "../yaml.ts";

export interface Located<T> {
  value: T;
  node: YamlNode;
}

export interface LabelEntry {
  key: string;
  value: string;
  keyNode: YamlNode;
  valueNode: YamlNode;
}

export interface RuleNode {
  node: YamlNode;
  /** yaml.Node fields: kept as nodes; their Value is "" unless they are scalars. */
  record: YamlNode | undefined;
  alert: YamlNode | undefined;
  expr: YamlNode | undefined;
  for: Located<string> | undefined;
  keepFiringFor: Located<string> | undefined;
  labels: LabelEntry[];
  labelsNode: YamlNode | undefined;
  annotations: LabelEntry[];
  annotationsNode: YamlNode | undefined;
  /** Where each field's key is written. */
  keys: Map<string, YamlNode>;
}

export interface RuleGroup {
  node: YamlNode;
  name: string;
  nameNode: YamlNode | undefined;
  interval: Located<string> | undefined;
  limit: Located<string> | undefined;
  /** Newer than promtool 2.42: accepted, with a version warning. */
  queryOffset: Located<string> | undefined;
  labels: LabelEntry[];
  labelsNode: YamlNode | undefined;
  rules: RuleNode[];
  /** Where each field's key is written (errors about a whole field point at its key, as yaml.v3 does). */
  keys: Map<string, YamlNode>;
}

export interface DecodeError {
  message: string;
  node: YamlNode;
}

export interface DecodedRules {
  groups: RuleGroup[];
  errors: DecodeError[];
}

/** The Value of a yaml.Node field: the scalar text, or "" for collections and null. */
export function nodeValue(n: YamlNode | undefined): string {
  return n?.kind === "scalar" && n.tag !== "!!null" ? n.value : "";
}

function describe(n: YamlNode): string {
  if (n.kind === "map") return "!!map";
  if (n.kind === "seq") return "!!seq";
  // yaml.v3 shortens values longer than 10 bytes to their first 7 and "...".
  const bytes = Buffer.from(n.value);
  const shown = bytes.length > 10 ? `${bytes.subarray(0, 7).toString()}...` : n.value;
  const v = n.value.length > 0 ? ` \`${shown}\`` : "";
  return `${n.tag}${v}`;
}

/** yaml.v3 decodes a float into an int when `f <= math.MaxInt64` (large negatives saturate, NaN fails). */
function floatFitsInt(plain: string): boolean {
  const f = parseFloat64(plain);
  const v = f.ok ? f.value : /^[-+]?\.(?:inf|Inf|INF)$/.test(plain) ? (plain.startsWith("-") ? -Infinity : Infinity) : NaN;
  return v <= 9223372036854775807;
}

class Decoder {
  readonly errors: DecodeError[] = [];

  private fail(node: YamlNode, message: string): void {
    this.errors.push({ message, node });
  }

  private cannot(node: YamlNode, into: string): void {
    this.fail(node, `cannot unmarshal ${describe(node)} into ${into}`);
  }

  private isNull(n: YamlNode): boolean {
    return n.kind === "scalar" && n.tag === "!!null";
  }

  /** Go string: any scalar's text; a null is ""; collections fail. */
  private string(n: YamlNode): string | undefined {
    if (n.kind !== "scalar") {
      this.cannot(n, "string");
      return undefined;
    }
    return n.tag === "!!null" ? "" : n.value;
  }

  /** model.Duration: unmarshalled as a string (null skips the unmarshaler entirely). */
  private duration(n: YamlNode): Located<string> | undefined {
    if (this.isNull(n)) return undefined;
    const s = this.string(n);
    return s === undefined ? undefined : { value: s, node: n };
  }

  /** Go int: YAML ints and floats (truncated) decode; strings and booleans do not. */
  private int(n: YamlNode): Located<string> | undefined {
    if (this.isNull(n)) return undefined;
    // An int must fit 64 bits; a float is truncated when it fits (yaml.v3's rules for int fields).
    const plain = n.kind === "scalar" ? n.value.replace(/_/g, "") : "";
    const fits =
      n.kind === "scalar" &&
      ((n.tag === "!!int" && parseInt64(plain).ok) || (n.tag === "!!float" && floatFitsInt(plain)));
    if (!fits) {
      this.cannot(n, "int");
      return undefined;
    }
    return { value: n.value, node: n };
  }

  /** map[string]string */
  private labels(n: YamlNode): LabelEntry[] {
    if (this.isNull(n)) return [];
    if (n.kind !== "map") {
      this.cannot(n, "map[string]string");
      return [];
    }
    const out: LabelEntry[] = [];
    for (const e of n.entries) {
      const key = this.string(e.key);
      const value = this.string(e.value);
      if (key === undefined || value === undefined) continue;
      out.push({ key, value, keyNode: e.key, valueNode: e.value });
    }
    return out;
  }

  private fields(n: YamlNode, type: string, known: readonly string[], each: (key: string, value: YamlNode, keyNode: YamlNode) => void): void {
    if (n.kind !== "map") {
      this.cannot(n, type);
      return;
    }
    for (const e of n.entries) {
      // yaml.v3 skips null keys (`~: x`, `null: x`, an empty key) when it fills a struct.
      if (this.isNull(e.key)) continue;
      const key = e.key.kind === "scalar" ? e.key.value : "";
      if (!known.includes(key)) {
        this.fail(e.key, `field ${key} not found in type ${type}`);
        continue;
      }
      each(key, e.value, e.key);
    }
  }

  private rule(n: YamlNode): RuleNode {
    const r: RuleNode = {
      node: n,
      record: undefined,
      alert: undefined,
      expr: undefined,
      for: undefined,
      keepFiringFor: undefined,
      labels: [],
      labelsNode: undefined,
      annotations: [],
      annotationsNode: undefined,
      keys: new Map(),
    };
    if (this.isNull(n)) return r;
    this.fields(n, "rulefmt.RuleNode", ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"], (key, v, keyNode) => {
      r.keys.set(key, keyNode);
      switch (key) {
        case "record":
          r.record = v;
          break;
        case "alert":
          r.alert = v;
          break;
        case "expr":
          r.expr = v;
          break;
        case "for":
          r.for = this.duration(v);
          break;
        case "keep_firing_for":
          r.keepFiringFor = this.duration(v);
          break;
        case "labels":
          r.labels = this.labels(v);
          r.labelsNode = v;
          break;
        case "annotations":
          r.annotations = this.labels(v);
          r.annotationsNode = v;
          break;
      }
    });
    return r;
  }

  private group(n: YamlNode): RuleGroup {
    const g: RuleGroup = {
      node: n,
      name: "",
      nameNode: undefined,
      interval: undefined,
      limit: undefined,
      queryOffset: undefined,
      labels: [],
      labelsNode: undefined,
      rules: [],
      keys: new Map(),
    };
    if (this.isNull(n)) return g;
    this.fields(n, "rulefmt.RuleGroup", ["name", "interval", "limit", "rules", "query_offset", "labels"], (key, v, keyNode) => {
      g.keys.set(key, keyNode);
      switch (key) {
        case "name":
          g.name = this.string(v) ?? "";
          g.nameNode = v;
          break;
        case "interval":
          g.interval = this.duration(v);
          break;
        case "limit":
          g.limit = this.int(v);
          break;
        case "query_offset":
          g.queryOffset = this.duration(v);
          break;
        case "labels":
          g.labels = this.labels(v);
          g.labelsNode = v;
          break;
        case "rules":
          g.rules = this.sequence(v, "[]rulefmt.RuleNode", (item) => this.rule(item));
          break;
      }
    });
    return g;
  }

  private sequence<T>(n: YamlNode, type: string, item: (n: YamlNode) => T): T[] {
    if (this.isNull(n)) return [];
    if (n.kind !== "seq") {
      this.cannot(n, type);
      return [];
    }
    // yaml.v3 drops null items of a slice of structs: decoding null into a struct "fails" quietly.
    return n.items.filter((i) => !this.isNull(i)).map(item);
  }

  file(root: YamlNode | undefined): RuleGroup[] {
    if (root === undefined || this.isNull(root)) return [];
    let groups: RuleGroup[] = [];
    this.fields(root, "rulefmt.RuleGroups", ["groups"], (_key, v) => {
      groups = this.sequence(v, "[]rulefmt.RuleGroup", (item) => this.group(item));
    });
    return groups;
  }
}

/** Decodes the first YAML document of a rule file. */
export function decodeRuleFile(root: YamlNode | undefined): DecodedRules {
  const d = new Decoder();
  const groups = d.file(root);
  return { groups, errors: d.errors };
}

export function isScalar(n: YamlNode | undefined): n is YamlScalar {
  return n?.kind === "scalar";
}
