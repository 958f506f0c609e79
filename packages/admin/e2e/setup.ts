import { jest } from '@jest/globals';

// Starting the product and a browser takes seconds, not the default five.
jest.setTimeout(90_000);
