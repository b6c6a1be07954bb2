import type { Migration } from 'kysely';
import * as m0001 from './0001-receipts';
import * as m0002 from './0002-proof';
import * as m0003 from './0003-result-notices';
import * as m0004 from './0004-dashboard';
import * as m0005 from './0005-verifiable-logs';
import * as m0006 from './0006-site-seq-index';
import * as m0007 from './0007-channel-consents';
import * as m0008 from './0008-guardian-checks';
import * as m0009 from './0009-subject-contacts';
import * as m0010 from './0010-overview-counts';
import * as m0011 from './0011-rights-requests';

/** Every migration, in order. Committed files, run at start-up and by the tests. */
export const migrations: Record<string, Migration> = {
  '0001-receipts': m0001,
  '0002-proof': m0002,
  '0003-result-notices': m0003,
  '0004-dashboard': m0004,
  '0005-verifiable-logs': m0005,
  '0006-site-seq-index': m0006,
  '0007-channel-consents': m0007,
  '0008-guardian-checks': m0008,
  '0009-subject-contacts': m0009,
  '0010-overview-counts': m0010,
  '0011-rights-requests': m0011,
};
