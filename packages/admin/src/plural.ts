/**
 * Polish has three plural forms (1 klaster, 2–4 klastry, 5 klastrów; 12–14 take the third), so
 * a Polish message may give `one | few | many`. Messages with fewer forms work as in English.
 */
export function polishPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength < 3) return n === 1 ? 0 : 1;
  if (n === 1) return 0;
  const lastDigit = n % 10;
  const lastTwo = n % 100;
  return lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14) ? 1 : 2;
}
