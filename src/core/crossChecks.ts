// Checks that need more than one file: the record sits in its case's folder, the case
// exists, the file name is the id, ids are unique, and references point at records of the
// same case.

import { fieldsOf, type LoadedDocument } from './document.js';
import { problem, type Problem } from './problems.js';
import { caseDirIn, caseFileOf, misplacedMessage, parseCasePath, type Layout } from './layout.js';

export function crossCheck(documents: LoadedDocument[], layout: Layout = 'flat'): Problem[] {
  const problems: Problem[] = [];
  const cases = new Set<string>();
  const byId = new Map<string, LoadedDocument>();
  // A case folder where the repository's layout does not put it: reported once per folder.
  const checked = new Set<string>();
  for (const doc of documents) {
    const folder = doc.file.slice(0, doc.file.lastIndexOf('/'));
    if (checked.has(folder)) continue;
    const c = parseCasePath(doc.file);
    if (!c) continue;
    const why = misplacedMessage(c, layout);
    checked.add(folder);
    if (why) problems.push(problem(doc.file, 'case-layout', why));
  }
  for (const doc of documents) {
    const at = caseFileOf(doc.file);
    if (doc.type === 'case' && doc.value && at) {
      if (fieldsOf(doc)?.ref !== at.ref) {
        problems.push(problem(doc.file, 'case-folder', `\`ref\` must equal the folder name ${at.ref}; rename the folder or correct \`ref\`.`, { line: doc.keyLines.ref }));
      }
      cases.add(at.ref);
    }
  }
  for (const doc of documents) {
    const at = caseFileOf(doc.file);
    const fields = fieldsOf(doc);
    if (!at || !fields || doc.type === 'case' || doc.type === undefined || doc.type === 'config') continue;
    const { ref: folder, id: fileId } = at;
    const { id, case: caseRef } = fields;
    if (typeof caseRef === 'string' && caseRef !== folder) {
      problems.push(problem(doc.file, 'case-folder', `The record says \`case: ${caseRef}\` but sits in ${caseDirIn(folder, layout)}/; move it to ${caseDirIn(caseRef, layout)}/ or correct \`case\`.`, { line: doc.keyLines.case }));
    }
    if (!cases.has(folder)) {
      problems.push(problem(doc.file, 'case-missing', `There is no ${caseDirIn(folder, layout)}/case.yaml; create the case with \`ehcp case new --ref ${folder}\`.`, { line: doc.keyLines.case }));
    }
    if (typeof id === 'string') {
      if (id !== fileId) {
        problems.push(problem(doc.file, 'file-name', `The file name must be the record's id: rename it to ${id}.yaml (or correct \`id\`).`, { line: doc.keyLines.id }));
      }
      const first = byId.get(id);
      if (first) {
        problems.push(problem(doc.file, 'duplicate-id', `The id is already used by ${first.file}; give one of them a new id.`, { line: doc.keyLines.id }));
      } else {
        byId.set(id, doc);
      }
    }
  }
  for (const doc of documents) {
    const fields = fieldsOf(doc);
    if (!fields || !doc.type || doc.type === 'case' || doc.type === 'config') continue;
    for (const field of ['responds_to', 'amends'] as const) {
      const target = fields[field];
      if (typeof target !== 'string') continue;
      const found = byId.get(target);
      if (!found) {
        problems.push(problem(doc.file, 'dangling-reference', `\`${field}\` names ${target}, which is not a record in this repository; correct the id.`, { line: doc.keyLines[field] }));
      } else if (fieldsOf(found)?.case !== fields.case) {
        problems.push(problem(doc.file, 'dangling-reference', `\`${field}\` names ${target}, a record of another case; a record may only refer to records of its own case.`, { line: doc.keyLines[field] }));
      } else if (target === fields.id) {
        problems.push(problem(doc.file, 'dangling-reference', `\`${field}\` names the record itself; name the record it answers or corrects.`, { line: doc.keyLines[field] }));
      }
    }
  }
  return problems;
}
