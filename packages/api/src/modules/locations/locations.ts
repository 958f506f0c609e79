import { foldText, type Coordinates, type CoordinatesSource, type Country } from '@euregionet/shared';
import { MUNICIPALITIES } from './municipalities.data.js';

/** Town names folded as everywhere else ("Gorzów Wlkp." is not "Gorzów Wielkopolski"; "Frankfurt/Oder" is "Frankfurt (Oder)"). */
const keyOf = (country: string, city: string) => `${country}:${foldText(city)}`;
const BY_NAME = new Map<string, Coordinates>(MUNICIPALITIES.map(([country, name, lat, lng]) => [keyOf(country, name), { lat, lng }]));

/**
 * The centre of a town of the programme area, or undefined for a town the table does not hold.
 * A qualifier the table does not use is tried without: "Forst (Lausitz)" and "Fürstenwalde/Spree"
 * are GeoNames' "Forst" and "Fürstenwalde" (never the other way round: "Frankfurt" alone is not
 * Frankfurt (Oder)).
 */
export function municipalityCoordinates(country: Country, city: string | null | undefined): Coordinates | undefined {
  if (!city) return undefined;
  const bare = city.split(/[(/]/)[0]!.trim();
  return BY_NAME.get(keyOf(country, city)) ?? (bare ? BY_NAME.get(keyOf(country, bare)) : undefined);
}

/** The stored columns of a record's own coordinates. */
export interface CoordinateColumns {
  latitude: number | null;
  longitude: number | null;
}

export interface Located {
  coordinates: Coordinates | null;
  location: Coordinates | null;
  coordinatesSource: CoordinatesSource;
}

/**
 * Where the map puts a record: its own coordinates when staff set them, else the centre of the
 * town it is in (`place`), else nowhere.
 */
export function locate(own: CoordinateColumns, place: { country: Country; city: string | null } | null): Located {
  if (own.latitude !== null && own.longitude !== null) {
    const coordinates = { lat: Number(own.latitude), lng: Number(own.longitude) };
    return { coordinates, location: coordinates, coordinatesSource: 'own' };
  }
  const town = place ? municipalityCoordinates(place.country, place.city) : undefined;
  return { coordinates: null, location: town ?? null, coordinatesSource: town ? 'municipality' : null };
}

/** The columns to write for coordinates given in a create or update (nothing when absent). */
export function coordinateColumns(coordinates: Coordinates | null | undefined): Partial<CoordinateColumns> {
  if (coordinates === undefined) return {};
  return { latitude: coordinates?.lat ?? null, longitude: coordinates?.lng ?? null };
}
