// `keywarden completion bash|zsh` (src/main/cli/completion.ts): the bash script, sourced in a
// real bash, completes commands, subcommands and flags from commander's tree. zsh is not
// installed here, so its script is checked for the same tree, not run.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, kw } from './support';

/** What bash offers after `line` (a trailing space means a new, empty word). */
function complete(line: string): string[] {
  const script = `
    source <("${process.execPath}" "${BIN}" completion bash)
    complete -p keywarden
    read -ra COMP_WORDS <<< "$LINE"
    [[ "$LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    _keywarden
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, LINE: line } });
  expect(r.status, r.stderr).toBe(0);
  const [registered, ...offered] = r.stdout.trim().split('\n');
  expect(registered).toBe('complete -o default -F _keywarden keywarden');
  return offered.filter(Boolean);
}

describe('keywarden completion', () => {
  it('bash: the commands at the top level', () => {
    expect(complete('keywarden ')).toEqual([
      'init',
      'serve',
      'audit',
      'scan',
      'profiles',
      'keys',
      'exec',
      'completion',
    ]);
  });

  it('bash: subcommands and flags of the command typed so far', () => {
    expect(complete('keywarden keys d')).toEqual(['disable', 'delete']);
    expect(complete('keywarden keys list --s')).toEqual(['--status']);
    expect(complete('keywarden scan --g')).toEqual(['--git']);
    expect(complete('keywarden audit ')).toEqual(['verify', '--help']);
  });

  it('zsh: a compdef script with an entry for every command', () => {
    const r = kw(['completion', 'zsh']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#compdef keywarden\n/);
    expect(r.stdout).toContain('compdef _keywarden keywarden');
    for (const path of ['keys list', 'keys roll', 'audit verify', 'profiles list', 'scan', 'exec'])
      expect(r.stdout).toContain(`    '${path}') entries=(`);
    expect(r.stdout).toContain("'--status:a status filter of docs/estate.md'");
  });

  it('another shell is a bad invocation, exit 2', () => {
    const r = kw(['completion', 'fish']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^keywarden: completion takes bash or zsh/);
  });
});
