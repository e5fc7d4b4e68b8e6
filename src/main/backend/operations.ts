// Both backends get one method per route of the table (src/main/api/routes.ts) from here:
// each method splits its arguments into the path's ids and the input, then calls the
// backend's own `invoke`, which runs the route in-process or over HTTP.
import { paramNames, type AnyRoute } from '../api/route';
import { ROUTE_TABLE, type BackendRouteName, type RouteName } from '../api/routes';
import type { BackendOperations } from './types';

export const BACKEND_OPERATIONS = (Object.keys(ROUTE_TABLE) as RouteName[]).filter(
  (name) => ROUTE_TABLE[name].backend !== false,
) as BackendRouteName[];

export interface RouteCall {
  name: BackendRouteName;
  route: AnyRoute;
  /** The path's ids by name, from the leading arguments. */
  params: Record<string, number>;
  /** The argument after the ids: the body, or the query of a route without a body. */
  input: unknown;
}

const NAMES: Record<string, string[]> = Object.fromEntries(
  BACKEND_OPERATIONS.map((name) => [name, paramNames(ROUTE_TABLE[name].path)]),
);

function routeCall(name: BackendRouteName, args: unknown[]): RouteCall {
  const names = NAMES[name];
  const params: Record<string, number> = {};
  names.forEach((p, i) => (params[p] = args[i] as number));
  return { name, route: ROUTE_TABLE[name] as AnyRoute, params, input: args[names.length] };
}

abstract class RouteMethods {
  protected abstract invoke(call: RouteCall): Promise<unknown>;
}

for (const name of BACKEND_OPERATIONS) {
  Object.defineProperty(RouteMethods.prototype, name, {
    value: function (this: RouteMethods, ...args: unknown[]) {
      return this.invoke(routeCall(name, args));
    },
    writable: true,
    configurable: true,
  });
}

/** Extend this to implement Backend: every route's method is there; supply `invoke`. */
export const RouteBackend = RouteMethods as abstract new () => RouteMethods & BackendOperations;
