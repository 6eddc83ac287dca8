// Output formats of `abwatch validate --format`.
import type { ValidationResult } from "../index.ts";
import { renderGithub } from "./github.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderText } from "./text.ts";

import type { Format } from "./formats.ts";

export { FORMATS, type Format } from "./formats.ts";

export function render(format: Format, result: ValidationResult): string {
  switch (format) {
    case "text":
      return renderText(result);
    case "json":
      return renderJson(result);
    case "junit":
      return renderJunit(result);
    case "github":
      return renderGithub(result);
  }
}
