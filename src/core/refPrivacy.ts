// A case reference travels everywhere: folder names, every commit subject and trailer, CI
// logs, tickets. So it must not carry the child's name or date of birth in any form an
// officer might type. Pure: the caller decides what to do with the answer.

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

/** The shortest run of a name's letters that counts as "part of the name". */
const NAME_PART_LETTERS = 3;

/** Upper case, accents dropped, only letters and digits kept (so 2015-06-01 reads 20150601). */
function normalise(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Every run of NAME_PART_LETTERS letters inside a word of the name (so QUUX in QUUXINGTON counts). */
function nameParts(name: string): string[] {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= NAME_PART_LETTERS);
  const parts = new Set<string>();
  for (const w of words) for (let i = 0; i + NAME_PART_LETTERS <= w.length; i++) parts.add(w.slice(i, i + NAME_PART_LETTERS));
  return [...parts];
}

/** The date of birth (YYYY-MM-DD) in the forms people write it, separators removed. */
export function dateOfBirthForms(dob: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob.trim());
  if (!m) return [];
  const [, yyyy, mm, dd] = m;
  const yy = yyyy.slice(2);
  const d = String(Number(dd));
  const mo = String(Number(mm));
  const names = [MONTHS[Number(mm) - 1], MONTHS[Number(mm) - 1]?.slice(0, 3)].filter((x): x is string => Boolean(x));
  const forms = new Set<string>([
    `${yyyy}${mm}${dd}`,
    `${dd}${mm}${yyyy}`,
    `${mm}${dd}${yyyy}`,
    `${yy}${mm}${dd}`,
    `${dd}${mm}${yy}`,
    `${mm}${dd}${yy}`,
    `${d}${mo}${yyyy}`,
    `${mo}${d}${yyyy}`,
  ]);
  for (const name of names) {
    for (const day of [dd, d]) {
      for (const year of [yyyy, yy]) {
        forms.add(`${day}${name}${year}`);
        forms.add(`${name}${day}${year}`);
      }
      forms.add(`${yyyy}${name}${day}`);
    }
  }
  return [...forms];
}

/**
 * What of the child's identity a reference gives away: 'name' (a run of three or more
 * letters of any word of the name), 'dob' (the date of birth in a common form), or
 * undefined. The answer never holds the name itself, so it can go into an error message.
 */
export function referenceDiscloses(ref: string, person: { name?: string; dob?: string }): 'name' | 'dob' | undefined {
  const r = normalise(ref);
  if (person.name && nameParts(person.name).some((part) => r.includes(part))) return 'name';
  if (person.dob && dateOfBirthForms(person.dob).some((form) => r.includes(form))) return 'dob';
  return undefined;
}
