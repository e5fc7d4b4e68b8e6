// API keys. Only the create and roll replies carry a raw key (rule 6).
import {
  createKeySchema,
  listKeysSchema,
  rollKeySchema,
  updateKeySchema,
  usageBatchSchema,
  usageQuerySchema,
} from '../../../shared/domain';
import { badRequest } from '../http';
import { keyFindingsQuerySchema } from '../../../shared/findings';
import { validate } from '../http';
import { created, noContent, ok, type Route } from '../types';

export const keyRoutes: Route[] = [
  {
    method: 'POST',
    path: '/user/apiKey',
    body: 'json',
    handle: (c) => created(c.engine.createKey(c.actor, validate(createKeySchema, c.body))),
  },
  {
    method: 'GET',
    path: '/user/apiKey',
    query: {
      orgUserId: 'int',
      orgId: 'int',
      includeRevoked: 'bool',
      q: 'string',
      status: 'string',
      kind: 'string',
      expiresBefore: 'string',
      lastUsedBefore: 'string',
      neverUsed: 'bool',
      label: 'strings',
      limit: 'int',
      cursor: 'string',
    },
    handle: (c) => ok(c.engine.listKeys(c.actor, validate(listKeysSchema, c.query))),
  },
  {
    method: 'GET',
    path: '/user/keyFindings',
    query: {
      orgId: 'int',
      code: 'string',
      expiringDays: 'int',
      idleDays: 'int',
      neverUsedDays: 'int',
      rotationDays: 'int',
      label: 'strings',
      limit: 'int',
      cursor: 'string',
    },
    handle: (c) => ok(c.engine.keyFindings(c.actor, validate(keyFindingsQuerySchema, c.query))),
  },
  { method: 'GET', path: '/user/apiKey/:id', handle: (c) => ok(c.engine.getKey(c.actor, c.params.id)) },
  {
    method: 'PATCH',
    path: '/user/apiKey/:id',
    body: 'json',
    handle: (c) => ok(c.engine.updateKey(c.actor, c.params.id, validate(updateKeySchema, c.body))),
  },
  {
    method: 'DELETE',
    path: '/user/apiKey/:id',
    handle: (c) => {
      c.engine.deleteKey(c.actor, c.params.id);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/user/apiKey/:id/roll',
    body: 'json-optional',
    handle: (c) => created(c.engine.rollKey(c.actor, c.params.id, validate(rollKeySchema, c.body))),
  },
  {
    method: 'GET',
    path: '/user/apiKey/:id/usage',
    query: { from: 'string', to: 'string', granularity: 'string' },
    handle: (c) => ok(c.engine.keyUsage(c.actor, c.params.id, validate(usageQuerySchema, c.query))),
  },
  {
    // A page of keys' usage in one request (the app's sparklines): ?ids=1,2,3
    method: 'GET',
    path: '/user/apiKey/usage',
    query: { ids: 'string', from: 'string', to: 'string', granularity: 'string' },
    handle: (c) => {
      const { ids, ...rest } = c.query;
      if (typeof ids !== 'string' || !/^\d{1,16}(,\d{1,16}){0,999}$/.test(ids))
        throw badRequest('ids: must be key ids separated by commas');
      return ok(c.engine.keysUsage(c.actor, validate(usageBatchSchema, { ...rest, ids: ids.split(',').map(Number) })));
    },
  },
];
