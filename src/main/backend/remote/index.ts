// The remote backend: a Core server over HTTP (docs/api.md).
export { RemoteBackend, assertCredential, type RemoteBackendOptions, type RemoteProfile } from './backend';
export {
  openRemoteBackend,
  testRemoteConnection,
  type ConnectionDeps,
  type ConnectionInfo,
  type SavedConnection,
  type TestConnectionInput,
} from './connection';
export { TRANSPORT_DEFAULTS, type TransportOptions } from './transport';
