// How Go's yaml.v3 types a plain scalar (YAML 1.2 core schema): promtool decodes most fields as
// strings whatever they look like, but a few are typed, and tags follow this.
import { parseFloat64, parseInt64, parseUint64 } from "./gonum.ts";
import type { YamlTag } from "./yaml.ts";

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

/**
 * The YAML 1.2 core type of a plain scalar, as Go's yaml.v3 resolves it: underscores dropped,
 * then an int if strconv parses it into 64 bits (signed or not), else a float if it parses as
 * one (1e400 does not: it stays a string), else a string.
 */
export function resolvePlain(text: string): YamlTag {
  // Most scalars are words: only these first characters can start a null, bool or number.
  if (text !== "" && !"~nNtTfF+-.0123456789".includes(text[0]!)) return "!!str";
  if (NULLS.has(text)) return "!!null";
  if (BOOLS.has(text)) return "!!bool";
  if (SPECIAL_FLOAT.test(text)) return "!!float";
  if (!/^[-+.0-9]/.test(text)) return "!!str";
  const plain = text.replace(/_/g, "");
  if (parseInt64(plain).ok || parseUint64(plain).ok) return "!!int";
  if (YAML_FLOAT.test(plain) && parseFloat64(plain).ok) return "!!float";
  return "!!str";
}
