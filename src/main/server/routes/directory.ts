// Who am I, orgs, memberships and users (docs/api.md and its administration routes).
import {
  addMemberSchema,
  createOrgSchema,
  pageQuerySchema,
  policySchema,
  updateMemberSchema,
  updateOrgSchema,
  updateUserSchema,
} from '../../../shared/domain';
import { validate } from '../http';
import { created, noContent, ok, PAGE_QUERY, type Route } from '../types';

export const directoryRoutes: Route[] = [
  { method: 'GET', path: '/user/users/me', handle: (c) => ok(c.engine.me(c.actor)) },
  {
    method: 'PATCH',
    path: '/user/users/:userId',
    body: 'json',
    handle: (c) => ok(c.engine.updateUser(c.actor, c.params.userId, validate(updateUserSchema, c.body))),
  },
  {
    method: 'GET',
    path: '/user/orgs',
    query: PAGE_QUERY,
    handle: (c) => ok(c.engine.listOrgs(c.actor, validate(pageQuerySchema, c.query))),
  },
  {
    method: 'POST',
    path: '/user/orgs',
    body: 'json',
    handle: (c) => created(c.engine.createOrg(c.actor, validate(createOrgSchema, c.body))),
  },
  { method: 'GET', path: '/user/orgs/:orgId', handle: (c) => ok(c.engine.getOrg(c.actor, c.params.orgId)) },
  {
    method: 'PATCH',
    path: '/user/orgs/:orgId',
    body: 'json',
    handle: (c) => ok(c.engine.updateOrg(c.actor, c.params.orgId, validate(updateOrgSchema, c.body))),
  },
  // docs/policies-and-labels.md: members read the policy; admins replace it whole.
  { method: 'GET', path: '/user/orgs/:orgId/policy', handle: (c) => ok(c.engine.getPolicy(c.actor, c.params.orgId)) },
  {
    method: 'PUT',
    path: '/user/orgs/:orgId/policy',
    body: 'json',
    handle: (c) => ok(c.engine.putPolicy(c.actor, c.params.orgId, validate(policySchema, c.body))),
  },
  {
    method: 'POST',
    path: '/user/orgs/:orgId/policy/preview',
    body: 'json',
    handle: (c) => ok(c.engine.previewPolicy(c.actor, c.params.orgId, validate(policySchema, c.body))),
  },
  {
    method: 'GET',
    path: '/user/org/:orgId/users',
    query: PAGE_QUERY,
    handle: (c) => ok(c.engine.listMembers(c.actor, c.params.orgId, validate(pageQuerySchema, c.query))),
  },
  {
    method: 'POST',
    path: '/user/org/:orgId/users',
    body: 'json',
    handle: (c) => created(c.engine.addMember(c.actor, c.params.orgId, validate(addMemberSchema, c.body))),
  },
  {
    method: 'GET',
    path: '/user/org/:orgId/user/:userId',
    handle: (c) => ok(c.engine.getMembership(c.actor, c.params.orgId, c.params.userId)),
  },
  {
    method: 'PATCH',
    path: '/user/org/:orgId/user/:userId',
    body: 'json',
    handle: (c) =>
      ok(c.engine.updateMember(c.actor, c.params.orgId, c.params.userId, validate(updateMemberSchema, c.body))),
  },
  {
    method: 'DELETE',
    path: '/user/org/:orgId/user/:userId',
    handle: (c) => {
      c.engine.removeMember(c.actor, c.params.orgId, c.params.userId);
      return noContent();
    },
  },
];
