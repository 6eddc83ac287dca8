// package.json edits keep the team's formatting: indentation, line endings, key order, own scripts.
import { describe, expect, it } from "vitest";
import { PackageJsonError, addScripts } from "../../src/init/package-json.ts";

const SCRIPTS = { "abwatch:generate": "abwatch generate", "abwatch:diff": "abwatch diff" };

describe("addScripts", () => {
  it("keeps four-space indentation and key order, adding scripts last", () => {
    const text = '{\n    "name": "svc",\n    "scripts": {\n        "test": "vitest"\n    },\n    "dependencies": {}\n}\n';
    const edit = addScripts(text, SCRIPTS);
    expect(edit.added).toEqual(["abwatch:generate", "abwatch:diff"]);
    expect(edit.text).toBe(
      '{\n    "name": "svc",\n    "scripts": {\n        "test": "vitest",\n        "abwatch:generate": "abwatch generate",\n        "abwatch:diff": "abwatch diff"\n    },\n    "dependencies": {}\n}\n',
    );
  });

  it("keeps tabs and CRLF line endings, and a file without a final newline", () => {
    const text = '{\r\n\t"name": "svc"\r\n}';
    expect(addScripts(text, SCRIPTS).text).toBe('{\r\n\t"name": "svc",\r\n\t"scripts": {\r\n\t\t"abwatch:generate": "abwatch generate",\r\n\t\t"abwatch:diff": "abwatch diff"\r\n\t}\r\n}');
  });

  it("never replaces a script of the same name, and changes nothing when all are there", () => {
    const text = '{\n  "scripts": {\n    "abwatch:generate": "make monitoring",\n    "abwatch:diff": "abwatch diff"\n  }\n}\n';
    const edit = addScripts(text, SCRIPTS);
    expect(edit.text).toBeUndefined();
    expect(edit.added).toEqual([]);
    expect(edit.kept).toEqual(["abwatch:generate"]);
  });

  it.each([
    ["{ nope", /not valid JSON/],
    ["[]", /expected a JSON object/],
    ['{ "scripts": [] }', /scripts: expected an object/],
  ])("refuses %s", (text, message) => {
    expect(() => addScripts(text, SCRIPTS)).toThrow(PackageJsonError);
    expect(() => addScripts(text, SCRIPTS)).toThrow(message);
  });
});
