// `keywarden completion bash|zsh` (docs/cli.md): shell completion generated from commander's
// own command tree, so a new command or flag completes without anyone editing a script.
// Both scripts walk the words typed so far to find the (sub)command, then offer its
// subcommands and flags; where a command takes paths or values, the shell's file completion
// is the fallback.
import type { Command } from 'commander';
import type { Io, Outcome } from './main';
import { UsageError } from './usage';

interface Node {
  /** "keys list", or "" for the top level. */
  path: string;
  children: { name: string; description: string }[];
  options: { flag: string; description: string }[];
}

function nodes(program: Command): Node[] {
  const out: Node[] = [];
  const visit = (c: Command, path: string) => {
    out.push({
      path,
      children: c.commands.map((s) => ({ name: s.name(), description: s.description() })),
      options: [
        ...c.options.map((o) => ({ flag: o.long ?? o.short ?? '', description: o.description })),
        { flag: '--help', description: 'show help' },
      ].filter((o) => o.flag),
    });
    for (const s of c.commands) visit(s, path ? `${path} ${s.name()}` : s.name());
  };
  visit(program, '');
  return out;
}

/** The word after `path` that makes `path child`: one case label per known step. */
const steps = (all: Node[]) =>
  all.flatMap((n) =>
    n.children.map((c) => ({ label: `${n.path}:${c.name}`, next: n.path ? `${n.path} ${c.name}` : c.name })),
  );

export function bashScript(program: Command): string {
  const all = nodes(program);
  const top = all[0];
  return [
    '# keywarden completion for bash: source <(keywarden completion bash)',
    '_keywarden() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" i w words=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    case "$cmd:$w" in',
    ...steps(all).map((s) => `      '${s.label}') cmd='${s.next}' ;;`),
    '    esac',
    '  done',
    '  case "$cmd" in',
    ...all.map(
      (n) =>
        `    '${n.path}') words='${[...n.children.map((c) => c.name), ...(n === top ? [] : n.options.map((o) => o.flag))].join(' ')}' ;;`,
    ),
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -o default -F _keywarden keywarden',
    '',
  ].join('\n');
}

/** One `_describe` entry, quoted: "name:description", with any other colon escaped. */
const zshEntry = (name: string, description: string) =>
  `'${`${name.replace(/:/g, '\\:')}:${description.replace(/:/g, '\\:')}`.replace(/'/g, `'\\''`)}'`;

export function zshScript(program: Command): string {
  const all = nodes(program);
  const top = all[0];
  return [
    '#compdef keywarden',
    '# keywarden completion for zsh: source <(keywarden completion zsh), or save as _keywarden in $fpath',
    '_keywarden() {',
    '  local cmd="" w i',
    '  local -a entries',
    '  for ((i = 2; i < CURRENT; i++)); do',
    '    w="${words[i]}"',
    '    case "$cmd:$w" in',
    ...steps(all).map((s) => `      '${s.label}') cmd='${s.next}' ;;`),
    '    esac',
    '  done',
    '  case "$cmd" in',
    ...all.map((n) => {
      const entries = [
        ...n.children.map((c) => zshEntry(c.name, c.description)),
        ...(n === top ? [] : n.options.map((o) => zshEntry(o.flag, o.description ?? ''))),
      ];
      return `    '${n.path}') entries=(${entries.join(' ')}) ;;`;
    }),
    '  esac',
    "  _describe 'keywarden' entries || _files",
    '}',
    'compdef _keywarden keywarden',
    '',
  ].join('\n');
}

export function registerCompletion(program: Command, io: Io, outcome: Outcome, overview: string): void {
  program
    .command('completion')
    .description('print a bash or zsh completion script')
    .argument('<shell>', 'bash or zsh')
    .addHelpText('after', overview)
    .action((shell: string) => {
      if (shell === 'bash') io.stdout(bashScript(program).trimEnd());
      else if (shell === 'zsh') io.stdout(zshScript(program).trimEnd());
      else throw new UsageError('completion takes bash or zsh');
      outcome.code = 0;
    });
}
