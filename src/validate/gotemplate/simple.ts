// The common shape of alert templates, checked without the full lexer and parser: text with
// actions that print a value through functions ({{ $labels.instance }}, {{ $value | humanize }},
// {{ printf "%.2f" $value }}, {{ index $labels "job" }}). Most templates of real rule files are
// only that; for them this returns the labels they read, for anything else undefined and
// ./parse.ts decides (test/validate/gotemplate.test.ts holds the two to the same answers).
//
// The grammar, a subset of what Go's text/template accepts:
//   action   = "{{" ["- "] pipeline ["  -"] "}}"  (spaces around the pipeline allowed)
//   pipeline = command { "|" command }           a command after "|" starts with a function or variable
//   command  = operand { space operand }
//   operand  = $var[.name...] | .name[.name...] | . | function | "string without \ or newline"
// with variables among those declared, functions among those defined, names of ASCII letters,
// digits and _ (not starting with a digit). No comments, keywords, numbers or parentheses.

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** What may follow an operand: a space, a pipe or the right delimiter. */
const endsOperand = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return isSpace(c) || c === 124 || (c === 125 && text.charCodeAt(i + 1) === 125);
};

type Kind = "variable" | "field" | "dot" | "function" | "string";

/**
 * The labels a template in the simple grammar reads ($labels.x, .Labels.x, index $labels "x"),
 * in the order the full parser finds them; undefined when the template is not in the grammar.
 */
export function simpleTemplateLabels(text: string, funcs: ReadonlySet<string>, vars: readonly string[]): string[] | undefined {
  const labels: string[] = [];
  const add = (l: string) => {
    if (!labels.includes(l)) labels.push(l);
  };
  let i = 0;
  for (;;) {
    const open = text.indexOf("{{", i);
    if (open < 0) return labels;
    i = open + 2;
    if (text.charCodeAt(i) === 45) {
      // left trim marker: "-" and a space
      if (!isSpace(text.charCodeAt(i + 1))) return undefined;
      i += 2;
    }
    let stage = 0;
    // commands of the pipeline
    for (;;) {
      while (isSpace(text.charCodeAt(i))) i++;
      let count = 0;
      let first: Kind | undefined;
      let fn = "";
      let target = "";
      let key: string | undefined;
      // operands of the command
      for (;;) {
        const c = text.charCodeAt(i);
        const start = i;
        let kind: Kind;
        if (c === 36) {
          // $ and its name, then fields
          i++;
          while (isNameChar(text.charCodeAt(i))) i++;
          if (!vars.includes(text.slice(start, i))) return undefined;
          kind = "variable";
        } else if (c === 46) {
          kind = endsOperand(text, i + 1) ? "dot" : "field";
          if (kind === "dot") i++;
        } else if (isNameStart(c)) {
          i++;
          while (isNameChar(text.charCodeAt(i))) i++;
          if (!funcs.has(text.slice(start, i))) return undefined;
          kind = "function";
        } else if (c === 34) {
          const end = text.indexOf('"', i + 1);
          if (end < 0) return undefined;
          const body = text.slice(i + 1, end);
          if (body.includes("\\") || body.includes("\n")) return undefined;
          i = end + 1;
          kind = "string";
        } else return undefined;
        // .name chains after a variable or as a field
        if (kind === "variable" || kind === "field") {
          while (text.charCodeAt(i) === 46) {
            if (!isNameStart(text.charCodeAt(i + 1))) return undefined;
            i += 2;
            while (isNameChar(text.charCodeAt(i))) i++;
          }
          if (kind === "field" && i === start) return undefined;
        }
        if (!endsOperand(text, i)) return undefined;
        const operand = text.slice(start, i);
        if (count === 0) {
          first = kind;
          if (kind === "function") fn = operand;
        } else if (count === 1) target = operand;
        else if (count === 2 && kind === "string") key = operand.slice(1, -1);
        if (count === 2 && kind !== "string") key = undefined;
        count++;
        const parts = kind === "variable" || kind === "field" ? operand.split(".") : undefined;
        if (parts !== undefined && kind === "variable" && parts[0] === "$labels" && parts[1] !== undefined) add(parts[1]);
        if (parts !== undefined && kind === "field" && parts[1] === "Labels" && parts[2] !== undefined) add(parts[2]);
        // a space, then another operand, a pipe or the end
        let j = i;
        while (isSpace(text.charCodeAt(j))) j++;
        const next = text.charCodeAt(j);
        if (next === 124 || next === 125 || (next === 45 && j > i && text.charCodeAt(j + 1) === 125)) {
          i = j;
          break;
        }
        if (j === i) return undefined;
        i = j;
      }
      // After "|", a command that starts with a value cannot run (and the full parser says so).
      if (stage > 0 && (first === "dot" || first === "string")) return undefined;
      if (fn === "index" && count >= 3 && key !== undefined && (target === "$labels" || target === ".Labels")) add(key);
      stage++;
      if (text.charCodeAt(i) === 124) {
        i++;
        continue;
      }
      break;
    }
    // the right delimiter, with its trim marker after a space
    if (text.charCodeAt(i) === 45) {
      if (!isSpace(text.charCodeAt(i - 1))) return undefined;
      i++;
    }
    if (text.charCodeAt(i) !== 125 || text.charCodeAt(i + 1) !== 125) return undefined;
    i += 2;
  }
}
