import type { AppDeps } from '../app';
import type { GuardianDeps } from './guardian-verification';

/** The parts guardian verification needs, when the store keeps guardian checks (every Kysely store does). */
export const guardianDeps = (deps: AppDeps): GuardianDeps | undefined =>
  deps.guardians && {
    store: deps.store,
    sites: deps.sites,
    keys: deps.keys,
    clock: deps.clock,
    guardians: deps.guardians,
    fetch: deps.fetch ?? fetch,
  };
