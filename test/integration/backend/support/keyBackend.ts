// Test-only: a Backend over an in-process engine that acts as a raw key, authenticating it
// on every call with the HTTP method the matching docs/api.md route uses, as the Core server
// does. With it the conformance suite drives the local engine through the same actors
// (org admin, member, org key) as the RemoteBackend, with identical assertions.
import type { Backend } from '../../../../src/main/backend/types';
import type { Actor, Engine } from '../../../../src/main/engine';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class KeyBackend implements Backend {
  readonly kind = 'local' as const;
  readonly environment;

  constructor(
    private readonly engine: Engine,
    private readonly raw: string,
  ) {
    this.environment = engine.environment;
  }

  private as(method: Method): Actor {
    return this.engine.authenticate(this.raw, { method, scope: 'rest', impersonate: null });
  }

  async whoami() {
    return this.engine.me(this.as('GET'));
  }
  async listOrgs(q?: Parameters<Backend['listOrgs']>[0]) {
    return this.engine.listOrgs(this.as('GET'), q);
  }
  async createOrg(input: Parameters<Backend['createOrg']>[0]) {
    return this.engine.createOrg(this.as('POST'), input);
  }
  async updateOrg(orgId: number, patch: Parameters<Backend['updateOrg']>[1]) {
    return this.engine.updateOrg(this.as('PATCH'), orgId, patch);
  }
  async getPolicy(orgId: number) {
    return this.engine.getPolicy(this.as('GET'), orgId);
  }
  async putPolicy(orgId: number, policy: Parameters<Backend['putPolicy']>[1]) {
    return this.engine.putPolicy(this.as('POST'), orgId, policy);
  }
  async previewPolicy(orgId: number, policy: Parameters<Backend['previewPolicy']>[1]) {
    return this.engine.previewPolicy(this.as('POST'), orgId, policy);
  }
  async listMembers(orgId: number, q?: Parameters<Backend['listMembers']>[1]) {
    return this.engine.listMembers(this.as('GET'), orgId, q);
  }
  async getMembership(orgId: number, userId: number) {
    return this.engine.getMembership(this.as('GET'), orgId, userId);
  }
  async addMember(orgId: number, input: Parameters<Backend['addMember']>[1]) {
    return this.engine.addMember(this.as('POST'), orgId, input);
  }
  async updateMember(orgId: number, userId: number, patch: Parameters<Backend['updateMember']>[2]) {
    return this.engine.updateMember(this.as('PATCH'), orgId, userId, patch);
  }
  async removeMember(orgId: number, userId: number) {
    this.engine.removeMember(this.as('DELETE'), orgId, userId);
  }
  async updateUser(userId: number, patch: Parameters<Backend['updateUser']>[1]) {
    return this.engine.updateUser(this.as('PATCH'), userId, patch);
  }
  async listKeys(q: Parameters<Backend['listKeys']>[0]) {
    return this.engine.listKeys(this.as('GET'), q);
  }
  async getKey(id: number) {
    return this.engine.getKey(this.as('GET'), id);
  }
  async createKey(input: Parameters<Backend['createKey']>[0]) {
    return this.engine.createKey(this.as('POST'), input);
  }
  async updateKey(id: number, patch: Parameters<Backend['updateKey']>[1]) {
    return this.engine.updateKey(this.as('PATCH'), id, patch);
  }
  async deleteKey(id: number) {
    this.engine.deleteKey(this.as('DELETE'), id);
  }
  async rollKey(id: number, input: Parameters<Backend['rollKey']>[1]) {
    return this.engine.rollKey(this.as('POST'), id, input);
  }
  async listAudit(q: Parameters<Backend['listAudit']>[0]) {
    return this.engine.listAudit(this.as('GET'), q);
  }
  async keyFindings(q: Parameters<Backend['keyFindings']>[0]) {
    return this.engine.keyFindings(this.as('GET'), q);
  }
  async keyUsage(id: number, q: Parameters<Backend['keyUsage']>[1]) {
    return this.engine.keyUsage(this.as('GET'), id, q);
  }
  async keysUsage(q: Parameters<Backend['keysUsage']>[0]) {
    return this.engine.keysUsage(this.as('GET'), q);
  }
  async checkKey(raw: string) {
    return this.engine.checkKey(raw);
  }
  // The engine belongs to the world that made this backend.
  async close() {}
}
