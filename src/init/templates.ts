// What `abwatch init` writes into a team's repository: an example experiment, the package.json
// scripts, a GitHub Actions workflow and a README section. Pure text; init/plan.ts decides what
// to write where.
import { COMMENT_MARKER } from "../diff/render/markdown.ts";

export const EXAMPLE_ID = "example-ab-test";
export const EXPERIMENTS_DIR = "experiments";
export const WORKFLOW_PATH = ".github/workflows/abwatch.yml";
export const README_HEADING = "## Monitoring (abwatch)";
/** Collapses generated/ in GitHub's pull-request view: reviewers read the abwatch diff comment instead. */
export const GITATTRIBUTES_LINE = "generated/** linguist-generated=true";

export const SCRIPTS: Readonly<Record<string, string>> = {
  "abwatch:generate": "abwatch generate",
  "abwatch:check": "abwatch generate --check && abwatch validate",
  "abwatch:diff": "abwatch diff",
};

/** `https://github.com/org/repo` from package.json's `repository`, when it names a GitHub repository. */
export function githubRepository(repository: unknown): string | undefined {
  const url = typeof repository === "string" ? repository : typeof repository === "object" && repository !== null ? (repository as { url?: unknown }).url : undefined;
  if (typeof url !== "string") return undefined;
  const m =
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url) ??
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url) ??
    /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url);
  return m ? `https://github.com/${m[1]}/${m[2]}` : undefined;
}

export function exampleExperiment(repository: string | undefined): string {
  const runbooks =
    repository !== undefined
      ? `  runbooks: { baseUrl: "${repository}/blob/main/generated/runbooks" },\n`
      : `  // Where generated/runbooks/ is served: every alert's runbook_url points there.\n` +
        `  // runbooks: { baseUrl: "https://github.com/your-org/your-repo/blob/main/generated/runbooks" },\n`;
  return `// An example A/B test, written by \`abwatch init\`: rename it, or replace it with your own.
// \`npx abwatch generate\` compiles every file in ${EXPERIMENTS_DIR}/ into generated/ (dashboard, Prometheus
// rules and their tests, runbooks, Alertmanager routing). Fields left out take abwatch's defaults.
import { defineExperiment } from "abwatch";

export default defineExperiment({
  id: "${EXAMPLE_ID}", // becomes the dashboard uid, the file names and the \`experiment\` label
  title: "Current model vs candidate",
  owner: { team: "ml-team", contact: "#ml-team" }, // the team label on every alert
  arms: [
    { name: "current", weight: 0.9, control: true },
    { name: "candidate", weight: 0.1 },
  ],
  thresholds: {
    errorRatio: 0.05, // page when an arm fails more than 5 % of its requests for a minute
    latencyP95Seconds: 0.2, // warn when an arm's p95 latency stays above 200 ms
  },
${runbooks}});
`;
}

export function workflow(): string {
  return `# Written by \`abwatch init\`. Keeps generated/ in sync with experiments/ and tells reviewers
# what a pull request does to alerts, routing and dashboards.
name: abwatch

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: generated/ is up to date
        run: npx abwatch generate --check
      - name: generated files are valid
        run: npx abwatch validate --format github

  diff:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # diff compiles the experiments at the base commit
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: abwatch diff
        run: |
          npx abwatch diff --base "\${{ github.event.pull_request.base.sha }}" --format md > abwatch-diff.md
          cat abwatch-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: comment on the pull request
        # Pull requests from forks get a read-only token: they see the job summary instead.
        if: github.event.pull_request.head.repo.full_name == github.repository
        uses: actions/github-script@v7
        with:
          script: |
            const body = require("fs").readFileSync("abwatch-diff.md", "utf8");
            const marker = ${JSON.stringify(COMMENT_MARKER)};
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
            const previous = comments.find((c) => c.body && c.body.startsWith(marker));
            if (previous) await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });
`;
}

export function readmeSection(): string {
  return `${README_HEADING}

The model A/B tests of this repository are declared in \`${EXPERIMENTS_DIR}/*.ts\`.
[abwatch](https://www.npmjs.com/package/abwatch) compiles them into \`generated/\`: a Grafana dashboard,
Prometheus recording and alerting rules with their promtool tests, runbooks and Alertmanager routing.
Do not edit \`generated/\` by hand.

- \`npm run abwatch:generate\` after changing an experiment; commit the experiment and \`generated/\` together.
- \`npm run abwatch:check\` runs what CI runs: \`generated/\` is in sync and every file is valid.
- \`npm run abwatch:diff\` shows what your change does to alerts, routing and dashboards.

On pull requests, CI (\`${WORKFLOW_PATH}\`) comments with the same diff.
`;
}
