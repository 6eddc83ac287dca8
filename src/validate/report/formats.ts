// The output formats of `abwatch validate --format`, apart from their renderers so that the CLI
// can list them without loading any.
export const FORMATS = ["text", "json", "junit", "github"] as const;
export type Format = (typeof FORMATS)[number];
