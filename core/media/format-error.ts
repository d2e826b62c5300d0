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
