import koffi, { type TypeObject } from 'koffi';

/**
 * `koffi.alias` with koffi's process-wide type names in mind: every vendor SDK plugin declares the Windows
 * typedefs (BOOL, DWORD, LONG, ...) and they share one process. An identical existing type is reused; a
 * different one with the same name is an error naming both.
 */
export function typedef(name: string, target: string): TypeObject {
  let existing: TypeObject;
  try {
    existing = koffi.type(name);
  } catch {
    return koffi.alias(name, target) as TypeObject;
  }
  const wanted = koffi.type(target);
  if (existing.size !== wanted.size || existing.primitive !== wanted.primitive)
    throw new Error(`koffi type '${name}' is already declared as ${existing.name}, not ${target}`);
  return existing;
}
