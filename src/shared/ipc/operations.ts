// Operation names only, so the preload can build its bridge without bundling the schemas.
export const OPERATIONS = [
  'listProfiles',
  'createProfile',
  'updateProfile',
  'deleteProfile',
  'switchProfile',
  'getSession',
  'testConnection',
  'listOrgs',
  'createOrg',
  'updateOrg',
  'listMembers',
  'addMember',
  'updateMember',
  'removeMember',
  'updateUser',
  'listKeys',
  'createKey',
  'updateKey',
  'deleteKey',
  'rollKey',
  'checkKey',
  'copySecret',
  'forgetSecret',
  'exportKey',
  'listExports',
  'removeExport',
  'startBulk',
  'bulkStatus',
  'cancelBulk',
  'listAudit',
  'keyFindings',
] as const;

export type OperationName = (typeof OPERATIONS)[number];

export const channelOf = (op: OperationName): string => `keywarden:${op}`;
