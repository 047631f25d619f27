import { twoAppsOnPostgres } from '../support/postgres-apps';
import { describeAssociationLimitRaces } from './association-limit-races.suite';

describeAssociationLimitRaces('postgres', () => twoAppsOnPostgres(`association_races_${process.pid}`));
