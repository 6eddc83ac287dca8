// Names shared by the schema-module generator (./standalone.ts) and the code that loads the
// modules (./index.ts): which panel types have schemas, and what their validators are exported as.
/** Panel types with an options schema (`state-timeline` lives in statetimeline.jsonschema.json). */
export const PANEL_SCHEMAS: Readonly<Record<string, string>> = {
  stat: "stat",
  gauge: "gauge",
  bargauge: "bargauge",
  text: "text",
  piechart: "piechart",
  timeseries: "timeseries",
  table: "table",
  heatmap: "heatmap",
  histogram: "histogram",
  "state-timeline": "statetimeline",
};

/** The export of a panel schema's definition in the dashboard module. */
export const panelExport = (file: string, part: "Options" | "FieldConfig") => `panel_${file}_${part}`;
