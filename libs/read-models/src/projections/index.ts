import type { Projection } from '../projection';
import { accountStatsProjection } from './account-stats.projection';
import { associationHistoryProjection } from './association-history/association-history.projection';
import { associationsProjection } from './associations/associations.projection';
import { labelCatalogueProjection } from './label-catalogue/label-catalogue.projection';
import { labelHistoryProjection } from './label-history/label-history.projection';
import { labelUsageProjection } from './label-usage.projection';
import { recordsProjection } from './records/records.projection';
import { pointInTimeProjection } from './point-in-time/point-in-time.projection';

/** Every projection the runner runs and the CLI can rebuild, by name. */
export const PROJECTIONS: readonly Projection[] = [
  accountStatsProjection,
  labelCatalogueProjection,
  labelUsageProjection,
  labelHistoryProjection,
  recordsProjection,
  associationsProjection,
  associationHistoryProjection,
  pointInTimeProjection,
];
