import { jest } from '@jest/globals';

// Opening a fresh database per test file takes a second or two on a busy machine.
jest.setTimeout(30_000);
