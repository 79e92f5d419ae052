// The synthetic people of the demo: officers who author the commits, children, parents,
// schools and professionals. Every name is obviously made up ("Test Child Alpha 0007")
// and every e-mail address is under example.invalid, which can never be delivered.

export interface Officer {
  name: string;
  email: string;
  role: string;
}

export const OFFICERS: readonly Officer[] = [
  { name: 'Officer Amber Test', email: 'amber.test@example.invalid', role: 'SEN officer' },
  { name: 'Officer Basil Test', email: 'basil.test@example.invalid', role: 'SEN officer' },
  { name: 'Officer Cedar Test', email: 'cedar.test@example.invalid', role: 'SEN officer' },
  { name: 'Officer Dahlia Test', email: 'dahlia.test@example.invalid', role: 'SEN officer' },
  { name: 'Officer Elm Test', email: 'elm.test@example.invalid', role: 'Tribunal officer' },
];

/** Approves minutes and signs off decisions. */
export const TEAM_LEAD: Officer = { name: 'Lead Officer Fern Test', email: 'fern.test@example.invalid', role: 'SEN team lead' };

/** Who makes the repository (the first commit), like an administrator running `ehcp init`. */
export const ADMINISTRATOR: Officer = { name: 'Administrator Hazel Test', email: 'hazel.test@example.invalid', role: 'Systems administrator' };

const GREEK = [
  'Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Mu',
  'Nu', 'Xi', 'Omicron', 'Pi', 'Rho', 'Sigma', 'Tau', 'Upsilon', 'Phi', 'Chi', 'Psi', 'Omega',
] as const;

export interface Family {
  child: string;
  parent: string;
  school: string;
  schoolPhase: 'primary' | 'secondary' | 'special';
}

/** The people around case number `n` (1-based). */
export function familyFor(n: number, phase: Family['schoolPhase']): Family {
  const word = GREEK[(n - 1) % GREEK.length];
  const number = String(n).padStart(4, '0');
  const school = `Test ${phase === 'primary' ? 'Primary' : phase === 'secondary' ? 'Secondary' : 'Special'} School ${GREEK[(n * 7) % GREEK.length]} (synthetic)`;
  return { child: `Test Child ${word} ${number}`, parent: `Test Parent ${word} ${number}`, school, schoolPhase: phase };
}

export const PROFESSIONALS = {
  psychologist: { name: 'Test Psychologist Juniper', role: 'Educational psychologist', organisation: 'Demo Borough Council (synthetic)', party: 'local-authority' },
  therapist: { name: 'Test Therapist Kestrel', role: 'Speech and language therapist', organisation: 'Demo Health Trust (synthetic)', party: 'health' },
  socialWorker: { name: 'Test Social Worker Linden', role: 'Social worker', organisation: 'Demo Borough Council (synthetic)', party: 'social-care' },
  senco: { name: 'Test SENCO Maple', role: 'SENCO', party: 'school' },
  counsel: { name: 'Test Counsel Nettle', role: 'Counsel for the local authority', organisation: 'Demo Legal Services (synthetic)', party: 'local-authority' },
  judge: { name: 'Test Judge Oak', role: 'Tribunal judge', organisation: 'First-tier Tribunal (SEND) (synthetic)', party: 'tribunal' },
  mediator: { name: 'Test Mediator Poppy', role: 'Mediator', organisation: 'Demo Mediation Service (synthetic)', party: 'other' },
} as const;
