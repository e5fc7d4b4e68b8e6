export const USAGE = `Usage:
  keywarden init  --db FILE --email EMAIL [--org NAME] [--env sandbox|production]
      Creates a new database with a super admin, their first org and one key;
      prints {"userId","orgId","orgUserId","apiKey"} as one JSON line.
      The key is shown only this once.
  keywarden serve --db FILE [--host 127.0.0.1] [--port 8787] [--audit-retention-days 90]
      Serves the Core HTTP API from the database (port 0 picks a free port).
      Per-call audit events older than the retention period are pruned.
      Stops on SIGINT, SIGTERM or SIGHUP after writing every pending audit entry.
  keywarden audit verify --db FILE
      Checks the audit hash chain: prints "ok N entries", or names the first
      bad entry and exits 1.
  keywarden scan PATH... [--git] [--json] [--revoke [--confirm NAME]] [--data-dir DIR]
      Finds Keywarden keys (checksum-checked) in files and directories, honouring
      .gitignore, or with --git in every blob of a repository's history. Never prints
      a whole key. Exits 1 when a key that works, or one no local profile knows, is found.
  keywarden scan --pattern
      Prints the key format as a gitleaks rule, a secretlint rule and a GitHub pattern.
  keywarden profiles list [--data-dir DIR] [--json]
      The desktop app's profiles (same data dir: default per OS, or KEYWARDEN_DATA_DIR).
  keywarden keys list|show|create|update|disable|enable|roll|delete|check
      [--data-dir DIR] [--profile NAME] [--org NAME|ID] [--json] [--confirm NAME]
      Key management through the app's own services; production changes need
      --confirm with the key's name (the profile's, for several keys at once). create and roll print only the new key on
      stdout, or store it with --save-to-keychain. check reads the key from stdin.
  keywarden exec [--profile NAME] --key ID [--env VAR] -- CMD...
      Runs CMD with the key (saved to the OS keychain) in VAR (KEYWARDEN_API_KEY);
      never prints it; exits with CMD's status (128+n when killed by signal n).
  keywarden completion bash|zsh
      Prints a completion script: source <(keywarden completion bash).
  keywarden COMMAND --help
`;

/** Bad invocation: the message and usage go to stderr, exit status 2. */
export class UsageError extends Error {}
