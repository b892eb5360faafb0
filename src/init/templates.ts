/** The CI files `debt-scan init --ci` writes: the workflows the README documents. */

export const GITHUB_WORKFLOW_FILE = '.github/workflows/debt-scan.yml';
export const GITLAB_CI_FILE = 'debt-scan.gitlab-ci.yml';

export const GITHUB_WORKFLOW = `# debt-scan: complexity debt as code scanning alerts, a job summary and an HTML report.
name: debt-scan
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write # upload to code scanning
jobs:
  debt-scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - name: Scan
        run: >-
          npx debt-scan
          --format sarif --output debt.sarif
          --format markdown --output debt.md
          --format html --output debt-report.html
      - name: Job summary
        if: \${{ !cancelled() && hashFiles('debt.md') != '' }}
        run: cat debt.md >> "$GITHUB_STEP_SUMMARY"
      - name: Upload to code scanning
        if: \${{ !cancelled() && hashFiles('debt.sarif') != '' }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: debt.sarif
          category: debt-scan
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() && hashFiles('debt-report.html') != '' }}
        with:
          name: debt-report
          path: debt-report.html
`;

export const GITLAB_CI = `# debt-scan: complexity debt in merge requests (GitLab Code Quality) and an HTML report.
# Add to .gitlab-ci.yml:
#   include:
#     - local: ${GITLAB_CI_FILE}
debt-scan:
  image: node:22
  stage: test
  script:
    - npm ci
    - npx debt-scan --format gitlab --output gl-code-quality.json --format html --output debt-report.html
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality.json
    paths:
      - debt-report.html
`;
