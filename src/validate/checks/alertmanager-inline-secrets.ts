// alertmanager/inline-secrets: credentials written into the config (a PagerDuty routing_key, a
// Slack api_url, an SMTP password...). The config is committed and shown by amtool and the
// Alertmanager UI; secrets belong in files read at run time (routing_key_file, api_url_file, ...).
import { problem, type ValidationProblem } from "../problem.ts";
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import { defineCheck } from "./types.ts";

/** Keys that hold a secret wherever they appear. */
const SECRET_KEYS = new Set([
  "routing_key", "service_key", "api_key", "api_secret", "auth_password", "auth_secret", "password", "bearer_token",
  "credentials", "client_secret", "token", "user_key", "bot_token", "smtp_auth_password", "smtp_auth_secret",
  "slack_api_url", "opsgenie_api_key", "victorops_api_key", "wechat_api_secret", "telegram_bot_token",
]);
/** Keys that hold a secret inside one kind of receiver config (a Slack webhook URL embeds its token). */
const SECRET_IN: Record<string, ReadonlySet<string>> = {
  slack_configs: new Set(["api_url"]),
  webex_configs: new Set(["api_url"]),
  discord_configs: new Set(["webhook_url"]),
  msteams_configs: new Set(["webhook_url"]),
};

export const alertmanagerInlineSecrets = defineCheck<AlertmanagerModel>({
  name: "alertmanager/inline-secrets",
  kind: "alertmanager",
  severity: "error",
  class: "bug",
  summary: "secret written inline (routing_key, api_url, service_key, auth_password...) instead of its *_file form",
  run(model) {
    const out: ValidationProblem[] = [];
    const visit = (v: unknown, path: (string | number)[], section: string | undefined) => {
      if (Array.isArray(v)) {
        v.forEach((item, i) => visit(item, [...path, i], section));
        return;
      }
      if (typeof v !== "object" || v === null) return;
      for (const [key, value] of Object.entries(v)) {
        const here = [...path, key];
        const secret = SECRET_KEYS.has(key) || (section !== undefined && SECRET_IN[section]?.has(key) === true);
        if (secret && typeof value === "string" && value !== "" && value !== "<secret>") {
          out.push(problem(this.name, this.severity, model.file, `inline secret in ${key}: put it in a file and use ${key}_file (the config is committed and shown by amtool and the UI)`, { path: here, ...model.locate(here) }));
          continue;
        }
        visit(value, here, key.endsWith("_configs") ? key : section);
      }
    };
    visit(model.config, [], undefined);
    return out;
  },
});
