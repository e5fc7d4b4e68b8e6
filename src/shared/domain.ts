// The domain types and input schemas shared by the engine, the Core HTTP server, the IPC
// contract and the renderer, one file per domain in ./domain/ (common, orgs, keys, audit,
// usage). This index stays because about a hundred files import from it.
export * from './vocabulary';
export {
  describeIssues,
  idSchema,
  importJsonSchema,
  isoDateTime,
  pageQuerySchema,
  pageSchema,
  ruleEighteen,
  storedFileSchema,
  type Page,
  type PageQuery,
  type StoredFile,
} from './domain/common';
export * from './domain/orgs';
export * from './domain/keys';
export * from './domain/audit';
export * from './domain/usage';
