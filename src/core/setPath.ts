// `--set path=value`: dotted paths with list indexes (`attendees[0].name=Test Person`,
// `decisions[1].reasons=...`). Values are strings unless the record's JSON Schema says the
// field is an integer or a boolean, so `--set time=10:00` stays the string "10:00" and
// nothing depends on YAML's guessing. Pure: schemas come in as plain objects.

export type PathSegment = string | number;

export class SetPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetPathError';
  }
}

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that would reach an object's prototype rather than a field of the record. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The deepest field path accepted. Records are a few levels deep (decisions[0].reasons);
 * a path of thousands of parts would only build a structure no schema allows, and deep
 * enough to overflow the stack of everything that walks it afterwards.
 */
export const MAX_PATH_DEPTH = 16;

/** Split `a.b[2].c` into ['a', 'b', 2, 'c']. Throws SetPathError on anything else. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  // Counted before parsing, so a path of a million parts is refused without building it.
  if ((text.match(/[.[]/g)?.length ?? 0) >= MAX_PATH_DEPTH) {
    throw new SetPathError(`the field path is more than ${MAX_PATH_DEPTH} levels deep; records are never that deep (e.g. attendees[0].name).`);
  }
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    consumed = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName || !SEGMENT.test(m[1]) || FORBIDDEN.has(m[1])) throw new SetPathError(`\`${text}\` is not a field path (use names like attendees[0].name).`);
      out.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) throw new SetPathError(`\`${text}\` is not a field path: an index [N] must follow a field name.`);
      const index = Number(m[2]);
      if (index > 10_000) throw new SetPathError(`\`${text}\`: list index ${index} is too large.`);
      out.push(index);
    } else {
      if (expectName) throw new SetPathError(`\`${text}\` is not a field path (two dots, or a leading dot).`);
      expectName = true;
    }
  }
  if (consumed !== text.length || out.length === 0 || expectName) {
    throw new SetPathError(`\`${text}\` is not a field path (use names like attendees[0].name).`);
  }
  if (typeof out[0] !== 'string') throw new SetPathError(`\`${text}\` must start with a field name.`);
  return out;
}

/** `path=value` → its parts. The value is everything after the first `=`, kept verbatim. */
export function parseAssignment(text: string): { path: PathSegment[]; raw: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SetPathError(`--set needs path=value (e.g. --set venue="Room 2"); got no \`=\`.`);
  return { path: parsePath(text.slice(0, eq).trim()), raw: text.slice(eq + 1) };
}

export function formatPath(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Set `value` at `path` inside `target` (mutated and returned), creating mappings and
 * lists on the way. A list index may be at most the list's length (append), so a typo
 * like [5] in a two-item list is an error rather than a hole.
 */
export function setPath(target: Record<string, unknown>, path: PathSegment[], value: unknown): Record<string, unknown> {
  if (path.length > MAX_PATH_DEPTH) throw new SetPathError(`the field path is more than ${MAX_PATH_DEPTH} levels deep.`);
  let node: unknown = target;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    const where = formatPath(path.slice(0, i + 1));
    if (typeof key === 'number') {
      if (!Array.isArray(node)) throw new SetPathError(`\`${formatPath(path.slice(0, i))}\` is not a list, so it has no [${key}].`);
      if (key > node.length) {
        throw new SetPathError(`\`${where}\`: the list has ${node.length} item${node.length === 1 ? '' : 's'}; set [${node.length}] next (items are numbered from 0).`);
      }
    } else if (!node || typeof node !== 'object' || Array.isArray(node)) {
      throw new SetPathError(`\`${formatPath(path.slice(0, i))}\` is not a mapping, so it has no \`${key}\`.`);
    }
    if (typeof key === 'string' && FORBIDDEN.has(key)) throw new SetPathError(`\`${where}\` is not a field.`);
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      break;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    const existing = Object.hasOwn(container, key) ? container[key] : undefined;
    if (existing === undefined || existing === null) container[key] = nextIsIndex ? [] : {};
    node = container[key];
  }
  return target;
}

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema `type` declared for the field at `path` (following $ref across the
 * given schemas by $id), or undefined when the schema does not say (enums, unknown fields).
 */
export function schemaTypeAt(schemas: JsonSchema[], rootId: string, path: PathSegment[]): string | undefined {
  const byId = new Map<string, JsonSchema>();
  for (const s of schemas) if (typeof s.$id === 'string') byId.set(s.$id, s);
  const resolve = (schema: JsonSchema, base: string): { schema: JsonSchema; base: string } | undefined => {
    let current = schema;
    let currentBase = base;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++) {
      const ref = current.$ref as string;
      const [file, pointer = ''] = ref.split('#');
      const id = file ? new URL(file, currentBase).href : currentBase;
      const doc = byId.get(id);
      if (!doc) return undefined;
      let target: unknown = doc;
      for (const part of pointer.split('/').filter(Boolean)) target = (target as Record<string, unknown> | undefined)?.[part];
      if (!target || typeof target !== 'object') return undefined;
      current = target as JsonSchema;
      currentBase = id;
    }
    return { schema: current, base: currentBase };
  };
  const root = byId.get(rootId);
  if (!root) return undefined;
  let at = resolve(root, rootId);
  for (const key of path) {
    if (!at) return undefined;
    const next =
      typeof key === 'number'
        ? (at.schema.items as JsonSchema | undefined)
        : ((at.schema.properties as Record<string, JsonSchema> | undefined)?.[key] as JsonSchema | undefined);
    if (!next) return undefined;
    at = resolve(next, at.base);
  }
  const type = at?.schema.type;
  return typeof type === 'string' ? type : undefined;
}

/** Turn the raw text of `--set` into the value the schema expects (string by default). */
export function coerceValue(raw: string, type: string | undefined, path: PathSegment[]): unknown {
  const where = formatPath(path);
  if (type === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw.trim())) throw new SetPathError(`\`${where}\` must be a whole number.`);
    return Number(raw.trim());
  }
  if (type === 'number') {
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) throw new SetPathError(`\`${where}\` must be a number.`);
    return n;
  }
  if (type === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(v)) return true;
    if (['false', 'no', 'n', '0'].includes(v)) return false;
    throw new SetPathError(`\`${where}\` must be true or false.`);
  }
  if (type === 'array' || type === 'object') {
    throw new SetPathError(`\`${where}\` is a ${type === 'array' ? 'list' : 'mapping'}; set its items instead (e.g. ${where}${type === 'array' ? '[0]' : '.field'}=...).`);
  }
  return raw;
}
