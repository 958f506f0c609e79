import { describe, expect, it } from '@jest/globals';
import { locate, municipalityCoordinates } from './locations.js';
import { MUNICIPALITIES } from './municipalities.data.js';

// Literal GeoNames values of the shipped table.
describe('municipality fallback', () => {
  it('finds towns however their names are written', () => {
    expect(municipalityCoordinates('PL', 'Gorzów Wielkopolski')).toEqual({ lat: 52.73679, lng: 15.22878 });
    expect(municipalityCoordinates('PL', 'gorzow wielkopolski')).toEqual({ lat: 52.73679, lng: 15.22878 });
    expect(municipalityCoordinates('DE', 'Frankfurt/Oder')).toEqual({ lat: 52.34714, lng: 14.55062 });
    expect(municipalityCoordinates('DE', 'Forst (Lausitz)')).toEqual({ lat: 51.73544, lng: 14.63971 });
    expect(municipalityCoordinates('DE', 'Schwedt/Oder')).toEqual({ lat: 53.05963, lng: 14.28154 });
  });

  it('knows the towns the GeoNames extract lacks or files elsewhere', () => {
    // Spremberg and Döbern: their German Wikipedia articles' points; Sulęcin: GeoNames' point,
    // though GeoNames files it under Małopolskie.
    expect(municipalityCoordinates('DE', 'Spremberg')).toEqual({ lat: 51.57167, lng: 14.37944 });
    expect(municipalityCoordinates('DE', 'Döbern')).toEqual({ lat: 51.61667, lng: 14.61444 });
    expect(municipalityCoordinates('PL', 'Sulęcin')).toEqual({ lat: 52.44429, lng: 15.11676 });
    expect(municipalityCoordinates('PL', 'sulecin')).toEqual({ lat: 52.44429, lng: 15.11676 });
  });

  it('holds the 305 towns of the table, each once per country', () => {
    expect(MUNICIPALITIES.length).toBe(305);
    expect(new Set(MUNICIPALITIES.map(([country, name]) => `${country}:${name}`)).size).toBe(305);
  });

  it('places nothing it does not know, and never across the border or by half a name', () => {
    expect(municipalityCoordinates('DE', 'Frankfurt')).toBeUndefined();
    expect(municipalityCoordinates('DE', 'Gorzów Wielkopolski')).toBeUndefined();
    expect(municipalityCoordinates('PL', 'Nowy Kisielin')).toBeUndefined();
    expect(municipalityCoordinates('DE', null)).toBeUndefined();
  });

  it('prefers the record’s own coordinates', () => {
    expect(locate({ latitude: 52.1, longitude: 14.2 }, { country: 'DE', city: 'Cottbus' })).toEqual({
      coordinates: { lat: 52.1, lng: 14.2 },
      location: { lat: 52.1, lng: 14.2 },
      coordinatesSource: 'own',
    });
    expect(locate({ latitude: null, longitude: null }, { country: 'DE', city: 'Cottbus' })).toEqual({
      coordinates: null,
      location: { lat: 51.75769, lng: 14.32888 },
      coordinatesSource: 'municipality',
    });
    expect(locate({ latitude: null, longitude: null }, null)).toEqual({ coordinates: null, location: null, coordinatesSource: null });
  });
});
