// Runs before each e2e test file loads: entity column types are chosen from DATABASE_URL at import time.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || 'sqlite::memory:';
