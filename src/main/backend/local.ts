import type { Actor } from '../engine/actor';
import type { Engine } from '../engine';
import type { Backend } from './types';

/**
 * The engine in-process, acting as the profile's owner (the local super admin). The
 * actor is re-read on every call so a change to the owner takes effect at once.
 */
export class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly environment;

  constructor(private readonly engine: Engine) {
    this.environment = engine.environment;
  }

  private get actor(): Actor {
    return this.engine.owner();
  }

  /** The audit hash chain of this profile's database (only a local profile has the file). */
  async verifyAudit() {
    this.engine.owner();
    return { ...this.engine.verifyAudit(), retentionDays: this.engine.auditRetentionDays };
  }

  // Methods are async so a synchronous engine error becomes a rejected promise, like the remote's.
  async whoami() {
    return this.engine.me(this.actor);
  }
  async listOrgs(q?: Parameters<Backend['listOrgs']>[0]) {
    return this.engine.listOrgs(this.actor, q);
  }
  async createOrg(input: Parameters<Backend['createOrg']>[0]) {
    return this.engine.createOrg(this.actor, input);
  }
  async updateOrg(orgId: number, patch: Parameters<Backend['updateOrg']>[1]) {
    return this.engine.updateOrg(this.actor, orgId, patch);
  }
  async getPolicy(orgId: number) {
    return this.engine.getPolicy(this.actor, orgId);
  }
  async putPolicy(orgId: number, policy: Parameters<Backend['putPolicy']>[1]) {
    return this.engine.putPolicy(this.actor, orgId, policy);
  }
  async previewPolicy(orgId: number, policy: Parameters<Backend['previewPolicy']>[1]) {
    return this.engine.previewPolicy(this.actor, orgId, policy);
  }
  async listMembers(orgId: number, q?: Parameters<Backend['listMembers']>[1]) {
    return this.engine.listMembers(this.actor, orgId, q);
  }
  async getMembership(orgId: number, userId: number) {
    return this.engine.getMembership(this.actor, orgId, userId);
  }
  async addMember(orgId: number, input: Parameters<Backend['addMember']>[1]) {
    return this.engine.addMember(this.actor, orgId, input);
  }
  async updateMember(orgId: number, userId: number, patch: Parameters<Backend['updateMember']>[2]) {
    return this.engine.updateMember(this.actor, orgId, userId, patch);
  }
  async removeMember(orgId: number, userId: number) {
    this.engine.removeMember(this.actor, orgId, userId);
  }
  async updateUser(userId: number, patch: Parameters<Backend['updateUser']>[1]) {
    return this.engine.updateUser(this.actor, userId, patch);
  }
  async listKeys(q: Parameters<Backend['listKeys']>[0]) {
    return this.engine.listKeys(this.actor, q);
  }
  async getKey(id: number) {
    return this.engine.getKey(this.actor, id);
  }
  async createKey(input: Parameters<Backend['createKey']>[0]) {
    return this.engine.createKey(this.actor, input);
  }
  async updateKey(id: number, patch: Parameters<Backend['updateKey']>[1]) {
    return this.engine.updateKey(this.actor, id, patch);
  }
  async deleteKey(id: number) {
    this.engine.deleteKey(this.actor, id);
  }
  async rollKey(id: number, input: Parameters<Backend['rollKey']>[1]) {
    return this.engine.rollKey(this.actor, id, input);
  }
  async listAudit(q: Parameters<Backend['listAudit']>[0]) {
    return this.engine.listAudit(this.actor, q);
  }
  async keyFindings(q: Parameters<Backend['keyFindings']>[0]) {
    return this.engine.keyFindings(this.actor, q);
  }
  async keyUsage(id: number, q: Parameters<Backend['keyUsage']>[1]) {
    return this.engine.keyUsage(this.actor, id, q);
  }
  async keysUsage(q: Parameters<Backend['keysUsage']>[0]) {
    return this.engine.keysUsage(this.actor, q);
  }
  async checkKey(raw: string) {
    return this.engine.checkKey(raw);
  }

  async close() {
    this.engine.close();
  }
}
