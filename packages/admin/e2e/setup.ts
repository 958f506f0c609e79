import { afterEach, jest } from '@jest/globals';
import { checkPages } from './harness.js';

// Starting the product and a browser takes seconds, not the default five.
jest.setTimeout(150_000);

// Every test fails on a browser problem it did not declare, whether it asked or not.
afterEach(checkPages);
