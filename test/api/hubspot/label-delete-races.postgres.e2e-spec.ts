import { twoAppsOnPostgres } from '../support/postgres-apps';
import { describeLabelDeleteRaces } from './label-delete-races.suite';

describeLabelDeleteRaces('postgres', () => twoAppsOnPostgres(`label_delete_races_${process.pid}`));
