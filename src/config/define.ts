// `abwatch.config.ts`: project-wide settings, typed for editors. Kept to what abwatch reads today;
// loading and checking happen in ./load.ts.
export interface AbwatchConfig {
  /**
   * The Prometheus version the rules must load in, like "2.42" or "3.1": `validate` turns fields
   * and functions newer than it into errors. Default: 2.42. `--prometheus-version` overrides it.
   */
  prometheusVersion?: string;
}

export function defineConfig<const T extends AbwatchConfig>(config: T): T {
  return config;
}
