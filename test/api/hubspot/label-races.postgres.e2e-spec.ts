import { twoAppsOnPostgres } from '../support/postgres-apps';
import { describeLabelRaces } from './label-races.suite';

describeLabelRaces('postgres', () => twoAppsOnPostgres(`label_races_${process.pid}`));
