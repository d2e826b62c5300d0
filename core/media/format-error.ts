/** Errors of the pure byte-format code: the only types a decoder may throw. */

/** The bytes can never be valid for the named structure. */
export class FormatError extends Error {
  constructor(
    /** Structure being decoded, e.g. `PES header`. */
    readonly structure: string,
    message: string,
    /** Byte offset within the structure's buffer, when known. */
    readonly offset?: number,
  ) {
    super(`${structure}: ${message}${offset === undefined ? '' : ` at offset ${offset}`}`);
    this.name = 'FormatError';
  }
}

/** The structure needs more bytes than were given. */
export class TruncatedError extends FormatError {
  constructor(structure: string, needed: number, available: number, offset?: number) {
    super(structure, `truncated: needs ${needed} bytes, ${available} available`, offset);
    this.name = 'TruncatedError';
  }
}

/** A size limit (a named constant in limits.ts) was exceeded: the message names both numbers. */
export class LimitError extends FormatError {
  constructor(structure: string, readonly limitName: string, readonly size: number, readonly limit: number) {
    super(structure, `size ${size} exceeds ${limitName} ${limit}`);
    this.name = 'LimitError';
  }
}
