// `keywarden scan --pattern`: the key format for other scanners. They cannot check our
// checksum, so the pattern alone may match look-alikes; `keywarden scan` confirms them.
import { KEY_REGEX_SOURCE } from './finder';

const BOUNDED = `\\b${KEY_REGEX_SOURCE}\\b`;

export const gitleaksRule = (): string =>
  [
    '[[rules]]',
    'id = "keywarden-api-key"',
    'description = "Keywarden API key"',
    `regex = '''${BOUNDED}'''`,
    'keywords = ["kw_test_", "kw_live_"]',
  ].join('\n');

/** A .secretlintrc.json using @secretlint/secretlint-rule-pattern. */
export const secretlintConfig = (): object => ({
  rules: [
    {
      id: '@secretlint/secretlint-rule-pattern',
      options: {
        patterns: [{ name: 'Keywarden API key', pattern: `/${BOUNDED}/` }],
      },
    },
  ],
});

export const githubPattern = (): string => KEY_REGEX_SOURCE;

export function patternText(): string {
  return [
    '# gitleaks (.gitleaks.toml)',
    gitleaksRule(),
    '',
    '# secretlint (.secretlintrc.json)',
    JSON.stringify(secretlintConfig(), null, 2),
    '',
    '# GitHub secret scanning custom pattern',
    githubPattern(),
  ].join('\n');
}
