import { describe, expect, it } from "vitest";
import { alertmanagerInlineSecrets } from "../../../src/validate/checks/alertmanager-inline-secrets.ts";
import { run } from "./support.ts";

const receiver = (body: string) => `route:\n  receiver: r\nreceivers:\n  - name: r\n${body}`;

describe("alertmanager/inline-secrets", () => {
  it.each([
    ["a PagerDuty routing_key", "    pagerduty_configs:\n      - routing_key: 0123456789abcdef\n", "routing_key"],
    ["a PagerDuty service_key", "    pagerduty_configs:\n      - service_key: abc\n", "service_key"],
    ["a Slack webhook api_url", "    slack_configs:\n      - api_url: https://hooks.slack.com/services/T0/B0/xyz\n        channel: '#alerts'\n", "api_url"],
    ["an SMTP auth_password", "    email_configs:\n      - to: a@example.com\n        auth_password: hunter2\n", "auth_password"],
    ["a basic-auth password", "    webhook_configs:\n      - url: https://example.com/hook\n        http_config:\n          basic_auth: {username: u, password: p}\n", "password"],
  ])("reports %s", async (_what, body, key) => {
    const problems = await run(alertmanagerInlineSecrets, receiver(body));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`inline secret in ${key}: put it in a file and use ${key}_file`);
    expect(problems[0]!.line).toBeGreaterThan(4);
  });

  it("reports a global slack_api_url", async () => {
    const problems = await run(alertmanagerInlineSecrets, `global:\n  slack_api_url: https://hooks.slack.com/services/x\n${receiver("")}`);
    expect(problems.map((p) => p.path)).toEqual([["global", "slack_api_url"]]);
  });

  it.each([
    ["routing_key_file", "    pagerduty_configs:\n      - routing_key_file: /etc/alertmanager/pagerduty.key\n"],
    ["api_url_file", "    slack_configs:\n      - api_url_file: /etc/alertmanager/slack.url\n        channel: '#alerts'\n"],
    ["an api_url that is only an endpoint (OpsGenie)", "    opsgenie_configs:\n      - api_url: https://api.eu.opsgenie.com/\n        api_key_file: /etc/alertmanager/opsgenie.key\n"],
  ])("accepts %s", async (_what, body) => {
    expect(await run(alertmanagerInlineSecrets, receiver(body))).toEqual([]);
  });
});
