import { describe, expect, it } from '@jest/globals';
import { GREETING, inLanguage, letter, paragraph, textIn } from './letter.js';

const wording = {
  de: { subject: 'Betreff', text: 'der Text.' },
  pl: { subject: 'Temat', text: 'treść.' },
  en: { subject: 'Subject', text: 'the text.' },
};

describe('letter', () => {
  it('greets by name in the reader’s language and ends with the team’s signature', () => {
    expect(letter('de', 'Anna Nowak', wording)).toEqual({
      subject: 'Betreff',
      body: 'Guten Tag Anna Nowak,\n\nder Text.\n\nMit freundlichen Grüßen\nIhr EuRegioNet-Team\nINTERREG V A Brandenburg–Polska',
    });
    expect(letter('pl', 'Anna', wording).body).toBe(
      'Dzień dobry Anna,\n\ntreść.\n\nZ poważaniem\nZespół EuRegioNet\nINTERREG V A Brandenburgia–Polska',
    );
    expect(letter('en', 'Anna', wording)).toEqual({
      subject: 'Subject',
      body: 'Hello Anna,\n\nthe text.\n\nKind regards\nThe EuRegioNet team\nINTERREG V A Brandenburg–Polska',
    });
  });

  it('puts the staff member who writes right above the signature', () => {
    expect(letter('en', 'Anna', wording, { from: 'Jan Kowalski, ZARR' }).body).toBe(
      'Hello Anna,\n\nthe text.\n\nJan Kowalski, ZARR\nKind regards\nThe EuRegioNet team\nINTERREG V A Brandenburg–Polska',
    );
  });

  it('puts a postscript after the text, before the writer and the signature', () => {
    expect(letter('de', 'Anna', wording, { from: 'Jan Kowalski, ZARR', postscript: 'Der Link: https://x.eu/s' }).body).toBe(
      'Guten Tag Anna,\n\nder Text.\n\nDer Link: https://x.eu/s\n\nJan Kowalski, ZARR\nMit freundlichen Grüßen\nIhr EuRegioNet-Team\nINTERREG V A Brandenburg–Polska',
    );
  });
});

describe('the parts of a letter', () => {
  it('choose the language, greet, and leave out a paragraph without text', () => {
    expect(inLanguage('pl', { de: 1, pl: 2, en: 3 })).toBe(2);
    expect(GREETING.de('Jan')).toBe('Guten Tag Jan,');
    expect(paragraph('Abgesagt wegen Sturm.')).toBe('\n\nAbgesagt wegen Sturm.');
    expect(paragraph('')).toBe('');
    expect(paragraph(null)).toBe('');
    expect(textIn({ pl: 'Klaster', en: 'Cluster' }, 'en')).toBe('Cluster');
    expect(textIn({ pl: 'Klaster' }, 'de')).toBe('Klaster');
    expect(textIn(null, 'de')).toBeUndefined();
  });
});
