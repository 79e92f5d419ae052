// The validation code generated at build time must behave exactly like the run-time
// compiler it replaces (npm test builds first, so dist/generated exists here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/core/document.js';
import { createSchemaValidator } from '../../src/core/schemaValidator.js';
import { loadGeneratedValidator, loadSchemaFiles } from '../../src/store/read/schemas.js';
import { VALID_FILES } from '../fixtures/records.js';

describe('generated validators', () => {
  const runtime = createSchemaValidator(Object.values(loadSchemaFiles()));
  const generated = loadGeneratedValidator();

  it('exist after the build', () => {
    expect(generated, 'run `npm run build` first').toBeDefined();
  });

  it('report the same problems as the run-time compiler for mutated records (property)', () => {
    const files = Object.entries(VALID_FILES);
    const mutation = fc.tuple(
      fc.constantFrom(...files),
      fc.constantFrom('status: final', 'kind: phone', 'date: "2024-03-06"', 'direction: out', 'schema: note/v1', 'case: T0001'),
      fc.constantFrom('status: nope', 'kind: 3', 'date: "2024-02-30"', 'direction: in', 'extra: 1', 'case: lower', '', 'status: void'),
    );
    fc.assert(
      fc.property(mutation, ([[file, text], from, to]) => {
        const bytes = new TextEncoder().encode(text.replace(from, to));
        const a = loadDocument(file, bytes, runtime, file.endsWith('case.yaml') ? ['case'] : undefined);
        const b = loadDocument(file, bytes, generated!, file.endsWith('case.yaml') ? ['case'] : undefined);
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
