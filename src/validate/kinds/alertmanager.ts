// Alertmanager configuration: the SchemaStore schema (ajv) over the YAML as Alertmanager types it.
// Routing and secret checks live in ../checks (alertmanager-*.ts).
import { generatedSource } from "../../model/conventions.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { pointerKeys, schemaMessages, schemaValidator } from "../schemas/index.ts";
import { keyAtPath, nodeAtPath, parseYaml, toPlain, type YamlNode } from "../yaml.ts";

export interface AlertmanagerModel {
  kind: "alertmanager";
  file: string;
  root: YamlNode | undefined;
  config: Record<string, unknown>;
  generatedBy: boolean;
  locate(path: readonly (string | number)[]): { line?: number; column?: number };
}

export async function checkAlertmanager(file: string, text: string): Promise<{ model: AlertmanagerModel | undefined; problems: ValidationProblem[] }> {
  const doc = parseYaml(text);
  if (doc.error !== undefined) {
    return {
      model: undefined,
      problems: [problem("alertmanager/yaml", "error", file, `yaml: line ${doc.error.line}: ${doc.error.message}`, { line: doc.error.line, column: doc.error.column })],
    };
  }
  const locate = (path: readonly (string | number)[], key = false) => {
    const node = (key ? keyAtPath(doc.root, path) : undefined) ?? nodeAtPath(doc.root, path);
    return node === undefined ? {} : { line: node.line, column: node.column };
  };
  const plain = toPlain(doc.root, () => true);
  const config = typeof plain === "object" && plain !== null && !Array.isArray(plain) ? (plain as Record<string, unknown>) : {};
  const problems: ValidationProblem[] = [];
  const validate = await schemaValidator("alertmanager");
  if (!validate(plain ?? {})) {
    for (const m of schemaMessages(validate.errors)) {
      const path = pointerKeys(m.path);
      problems.push(problem("schema/alertmanager", "error", file, m.message, { path, ...locate(path, m.key) }));
    }
  }
  return {
    model: { kind: "alertmanager", file, root: doc.root, config, generatedBy: generatedSource(text) !== undefined, locate },
    problems,
  };
}
