import { describe, expect, it } from '@jest/globals';
import { locate, municipalityCoordinates } from './locations.js';

// Literal GeoNames values of the shipped table.
describe('municipality fallback', () => {
  it('finds towns however their names are written', () => {
    expect(municipalityCoordinates('PL', 'Gorzów Wielkopolski')).toEqual({ lat: 52.73679, lng: 15.22878 });
    expect(municipalityCoordinates('PL', 'gorzow wielkopolski')).toEqual({ lat: 52.73679, lng: 15.22878 });
    expect(municipalityCoordinates('DE', 'Frankfurt/Oder')).toEqual({ lat: 52.34714, lng: 14.55062 });
    expect(municipalityCoordinates('DE', 'Forst (Lausitz)')).toEqual({ lat: 51.73544, lng: 14.63971 });
    expect(municipalityCoordinates('DE', 'Schwedt/Oder')).toEqual({ lat: 53.05963, lng: 14.28154 });
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
