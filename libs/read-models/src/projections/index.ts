import type { Projection } from '../projection';
import { accountStatsProjection } from './account-stats.projection';

/** Every projection the runner runs and the CLI can rebuild, by name. */
export const PROJECTIONS: readonly Projection[] = [accountStatsProjection];
