import { storeContract } from '../store-contract.js';
import { SqliteStore } from './sqlite-store.js';

storeContract('sqlite (in memory)', async () => new SqliteStore(':memory:'));
