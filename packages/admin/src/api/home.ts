import { HomeSchema } from '@euregionet/shared';
import { request } from './http';

/** Everything the home page shows, in one request. */
export const getHome = () => request('GET', '/home', HomeSchema);
