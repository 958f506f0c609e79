import { z } from 'zod';

/**
 * A point in WGS84 (EPSG:4326, what GPS and web maps use), in degrees. Stored to 5 decimals,
 * about a metre: finer is noise for a building, coarser would put two neighbours on one spot.
 */
export const CoordinatesSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90).meta({ format: 'double' }).describe('Latitude in degrees, north positive'),
    lng: z.number().min(-180).max(180).meta({ format: 'double' }).describe('Longitude in degrees, east positive'),
  })
  .meta({ id: 'Coordinates', description: 'WGS84 degrees, kept to 5 decimals' });
export type Coordinates = z.infer<typeof CoordinatesSchema>;

/** Rounds to the 5 decimals the database keeps, so that what is sent and what is read back agree. */
export const roundCoordinate = (degrees: number) => Math.round(degrees * 1e5) / 1e5;

export const COORDINATES_SOURCES = ['own', 'municipality'] as const;
export const CoordinatesSourceSchema = z.enum(COORDINATES_SOURCES).nullable().meta({
  id: 'CoordinatesSource',
  description:
    "Where `location` comes from: `own` (set by staff or an import), `municipality` (the town's centre, from the shipped GeoNames table), null (unknown: not on the map)",
});
export type CoordinatesSource = z.infer<typeof CoordinatesSourceSchema>;

/** What a record says of its place on a map: its own coordinates (editable) and where the map puts it. */
export const locatedFields = {
  coordinates: CoordinatesSchema.nullable().describe('Set by staff; null: the map uses the municipality'),
  location: CoordinatesSchema.nullable().describe('Where the map shows the record: its own coordinates, else its municipality’s'),
  coordinatesSource: CoordinatesSourceSchema,
};

/** How the admin's map draws its background: a tile server, or none (markers on a plain background). */
export const MapSettingsSchema = z
  .object({
    tileUrl: z
      .string()
      .max(500)
      .nullable()
      .describe('A URL template with {z}, {x} and {y} (MAP_TILE_URL); null: no tile server, markers only'),
    attribution: z.string().max(300).describe('What the tiles’ licence asks to be shown (MAP_TILE_ATTRIBUTION)'),
  })
  .meta({ id: 'MapSettings' });
export type MapSettings = z.infer<typeof MapSettingsSchema>;
