import { MapSettingsSchema } from '@euregionet/shared';
import { request } from './http';

/** Which tile server the map draws on, if any (the operator's MAP_TILE_URL). */
export const getMapSettings = () => request('GET', '/map-settings', MapSettingsSchema);
